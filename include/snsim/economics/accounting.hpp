#pragma once
// Accounting ("accounting"): costs, revenue and return on investment, cumulative (docs/model.md
// step 9). cost = media money spent + staff hours x hourly rate; revenue = purchases x
// brands[b].price (economics.order_value unless set) + the value of business-to-business deals
// won (sales_cycle); roi = (revenue - cost) / cost, NaN while nothing has been spent. Metrics:
// `cost` (USD), `revenue` (USD), `roi` (ratio), all cumulative to the step.
//
// With attribution.enabled, also per channel `roi_true/<channel>` and, per model,
// `roi_measured/<model>/<channel>`: (purchases credited to the channel x the brand's price + the
// value of the deals credited to it - the channel's cost) / its cost, cumulative, NaN for channels
// with no cost (share, referral: organic);
// and `attribution_error/<model>` (economics/attribution.hpp). The cost split is channel_costs().
#include <array>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/core/scenario.hpp"
#include "snsim/economics/attribution.hpp"

namespace snsim {

class Accounting final : public Process {
 public:
  explicit Accounting(const Scenario& scenario);
  std::string_view name() const override { return "accounting"; }
  std::vector<std::string_view> reads() const override {
    return {"ledger.money_spent", "ledger.purchases", "ledger.attribution", "brands.budget"};
  }
  std::vector<std::string_view> writes() const override {
    return {"ledger.staff_cost", "ledger.revenue", "ledger.attribution"};
  }
  void define_metrics(Recorder& recorder) override;
  void step(World& world, StepContext& ctx) override;
  void state_fields(StateArchive& a) override { a(last_money_); }

  /// Returns (revenue - cost) / cost, or NaN when cost is 0.
  static double roi(double revenue, double cost);

  /// Splits one step's cost of a brand over channels, given the step's mix: media money between
  /// broadcast, ad and post in proportion to broadcast : promote : manipulate (fake likes lift
  /// posts; all to post when the three are 0, e.g. influencer fees); staff cost x networking
  /// equally over conversation, introduction (if strategy.introductions > 0) and group (if
  /// strategy.groups is not empty); the rest of the staff cost to post. share and referral cost
  /// nothing. Sums to money + staff.
  static std::array<double, kChannelCount> channel_costs(const BrandSpec& brand,
                                                         const BrandMix& mix, double money,
                                                         double staff);

 private:
  MetricId cost_ = 0, revenue_ = 0, roi_ = 0;
  AttributionSpec attribution_;
  std::vector<double> last_money_;
  std::array<MetricId, kChannelCount> roi_true_{};
  std::array<std::array<MetricId, kChannelCount>, kAttributionModelCount> roi_measured_{};
  std::array<MetricId, kAttributionModelCount> error_{};
};

}  // namespace snsim
