#pragma once
// SalesCycle ("sales_cycle"): a business-to-business sales pipeline (docs/model.md step 7c).
//
// Accounts are people: a share sales.prospects of the population, drawn once at set-up, are the
// decision makers of prospect accounts, the same for every brand. Being people, they have social
// ties, brand relationships and funnel stages, so the networking channel acts on them directly.
// Each step, per brand, in this order:
//   1. open deals move: a deal at stage s advances with advance_chance() (the base chance a_s
//      raised by the staff hours the brand spends on it and by the brand's tie with the account,
//      sales/sales_spec.hpp), is lost with l_s, or stays. An opportunity that advances is won.
//      Hours: hours_per_step x strategy.selling, shared equally over the brand's open deals.
//   2. across brands: an account won by several brands in one step goes to the one whose draw
//      was furthest inside its chance (smallest u / a); an account won by a brand closes every
//      other brand's open deal with it as lost (it bought from a rival), and no brand makes a new
//      lead of it again. A won deal's value is added to the brand's ledger (deal_revenue), which
//      `accounting` counts as revenue.
//   3. new leads: a prospect with no deal with the brand so far becomes a lead when its funnel
//      stage is sales.lead_stage or later (inbound, from any channel), or when it got an
//      introduction touch (social_networking) or a referral touch (word_of_mouth) of the brand
//      this step (a warm lead). Its deal value is lognormal with mean sales.deal_value.mean.
//      A new lead moves from the next step, so a cycle lasts at least one step per stage left.
// One deal per brand and account per run: a lost account does not come back (runs are a year or
// less, about four mean cycles). Runs before `funnel` (which consumes the step's touches) and
// before `accounting`.
// Metrics per brand: leads, qualified, opportunities (open deals per stage), leads_created,
// leads_from_ties, deals_won, deals_lost (cumulative), pipeline_value (open opportunities, USD),
// deal_revenue (cumulative USD), cycle_length_mean (steps from lead to won, won deals so far),
// selling_hours.
// Attribution (attribution.enabled): a won deal's value is credited to the touch that made its
// lead, truly, and per model over the account's touch history with the brand when it is won
// (economics/attribution_tally.hpp), for accounting's per-channel ROI. A warm lead's touch is
// tracked as the funnel tracks it this step (the same draw); an inbound lead's is the cause of
// the account's last funnel move. Metric `deal_revenue_true/<channel>` (cumulative USD).
// Cost per step: O(open deals + prospects x brands); serial, every draw keyed by (step, brand,
// account), so results do not depend on the thread count.
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/core/scenario.hpp"
#include "snsim/economics/attribution.hpp"
#include "snsim/sales/sales_spec.hpp"

namespace snsim {

struct BrandFunnel;

/// One open deal of a brand with an account.
struct Deal {
  AgentId account = 0;
  DealStage stage = DealStage::lead;
  Step created = 0;    ///< step the lead was created
  double value = 0.0;  ///< USD if won
  /// With attribution: the touch that made the lead, as a touch_code() (a warm lead's
  /// introduction or referral; an inbound lead's last funnel move), credited when it is won.
  std::uint8_t cause = kNoCause;
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, Deal& d) {
  a(d.account, d.stage, d.created, d.value, d.cause);
}

/// One brand's pipeline and its cumulative results.
struct BrandPipeline {
  static constexpr std::uint32_t kNever = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kClosed = kNever - 1;
  std::vector<Deal> deals;          ///< open deals, in order of creation
  std::vector<std::uint32_t> slot;  ///< per person: index in deals, kNever or kClosed
  std::int64_t created = 0, from_ties = 0, won = 0, lost = 0;
  double revenue = 0.0;      ///< USD of won deals
  double cycle_steps = 0.0;  ///< summed steps from lead to won over won deals
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, BrandPipeline& p) {
  a(p.deals, p.slot, p.created, p.from_ties, p.won, p.lost, p.revenue, p.cycle_steps);
}

class SalesCycle final : public Process {
 public:
  explicit SalesCycle(const Scenario& scenario);
  std::string_view name() const override { return "sales_cycle"; }
  std::vector<std::string_view> reads() const override {
    return {"funnel.stage",   "funnel.introduction",      "funnel.referral",
            "funnel.history", "networking.relationships", "brands.budget"};
  }
  std::vector<std::string_view> writes() const override {
    return {"ledger.deal_revenue", "ledger.attribution"};
  }
  void define_metrics(Recorder& recorder) override;
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;
  void state_fields(StateArchive& a) override { a(pipelines_, owner_); }

 private:
  /// A deal an opportunity's advance would win, before rivals are settled.
  struct Win {
    AgentId account;
    double key;  ///< u / advance chance: smaller is further inside the chance
    BrandId brand;
    std::uint32_t deal;
  };
  static constexpr std::uint32_t kNoOwner = std::numeric_limits<std::uint32_t>::max();

  void move_deals(World& world, StepContext& ctx, BrandId b);
  void settle_wins(World& world, StepContext& ctx);
  void create_leads(World& world, StepContext& ctx);
  void record(const World& world, StepContext& ctx, BrandId b, double hours);
  /// Returns the cause of a new lead of brand b with account i, as a touch_code(): the
  /// introduction or referral of a warm lead (tracked as the funnel will track it this step), or
  /// the cause of an inbound lead's last funnel move.
  std::uint8_t lead_cause(const StepContext& ctx, const BrandFunnel& f, BrandId b, AgentId i,
                          bool warm, bool introduced) const;

  SalesSpec spec_;
  AttributionSpec attribution_;
  double tie_cap_ = 0.5;
  std::vector<double> selling_share_;  ///< per brand: strategy.selling
  std::vector<AgentId> prospects_;     ///< ascending ids; derived from the seed in prepare()
  std::vector<BrandPipeline> pipelines_;
  std::vector<std::uint32_t> owner_;  ///< per person: the brand that won the account, or kNoOwner
  std::vector<Win> wins_;             ///< scratch
  MetricId leads_ = 0, qualified_ = 0, opportunities_ = 0, created_ = 0, from_ties_ = 0, won_ = 0,
           lost_ = 0, pipeline_value_ = 0, revenue_ = 0, cycle_ = 0, hours_ = 0;
  std::array<MetricId, kChannelCount> revenue_true_{};  ///< deal_revenue_true/<channel>
};

}  // namespace snsim
