#pragma once
// AttributionTally: how an event (a visit, a purchase, a conversion, a won deal) is credited to
// channels, truly and as a marketer measures it (docs/model.md step 7, "Attribution"), and the
// per-step metrics it feeds. The funnel (visits, and purchases on visits), the market (its
// purchases) and the sales cycle (deals won) all credit their events through it, so an event's
// true cause and measured credit are counted the same way whichever process makes it.
//
// An event carries its true cause (a channel, or none) and whether a marketer tracked it (its
// triggering touch was tracked); its measured credit is attribute() over the person's touch
// history (economics/attribution.hpp). Counts are tallied per thread in whole units (measured
// credit in units of 1/kCreditUnits), so the sum over threads does not depend on their order.
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/recorder.hpp"
#include "snsim/core/scenario.hpp"
#include "snsim/core/step_context.hpp"
#include "snsim/economics/attribution.hpp"

namespace snsim {

/// Returns, per channel, whether a touch of person i by brand b in this step is tracked: one
/// uniform per channel, in channel order, from the attribution stream of (step, brand, person),
/// which no other draw uses (so turning attribution on changes no other draw, and any process
/// asking about the same step, brand and person gets the same answer).
std::array<bool, kChannelCount> tracked_touches(const StepContext& ctx, const AttributionSpec& spec,
                                                BrandId b, AgentId i);

/// One brand's attribution events of one step, counted by one thread.
struct AttributionTally {
  AttributionLedger counts;  ///< measured credit in units of 1 / kCreditUnits until events()

  /// Counts a visit with true cause `cause` (< kChannelCount) over the history (oldest first).
  void visit(std::size_t cause, std::span<const Touch> history, bool tracked,
             const std::vector<AttributionModel>& models);
  /// Counts a purchase (and a conversion if it made a customer) with true cause `cause`
  /// (kChannelCount: none, e.g. a person made aware at set-up: no channel is credited truly).
  void purchase(std::size_t cause, std::span<const Touch> history, bool tracked, bool conversion,
                const std::vector<AttributionModel>& models);
  /// Adds another thread's counts.
  void add(const AttributionTally& other);
  /// Returns the counts with measured credit in events, for the ledger and the metrics.
  AttributionLedger events() const;
};

/// Credits a won deal's value (USD) to its true cause (kChannelCount: none) and, per model, over
/// the account's touch history: the ledger's deal_revenue_true and deal_revenue_measured.
void credit_deal(AttributionLedger& ledger, double value, std::size_t cause,
                 std::span<const Touch> history, bool tracked,
                 const std::vector<AttributionModel>& models);

/// Adds every field of `from` to `to`.
void add_into(AttributionLedger& to, const AttributionLedger& from);

/// The per-step attribution metrics of events: `visits_true/<channel>`,
/// `conversions_true/<channel>`, `purchases_true/<channel>`,
/// `visits_measured/<model>/<channel|direct>` and `conversions_measured/<model>/<channel|direct>`.
/// Every process that credits events defines (or finds) them and adds its step's events, so they
/// sum over the funnel and the market.
class AttributionMetrics {
 public:
  /// Defines the metrics, or finds them when another process defined them first.
  void define(Recorder& recorder, const AttributionSpec& spec);
  /// Adds one step's events of brand b (AttributionTally::events()).
  void add(Recorder& recorder, Step t, BrandId b, const AttributionLedger& events) const;

 private:
  std::vector<AttributionModel> models_;
  std::array<MetricId, kChannelCount> visits_true_{}, conversions_true_{}, purchases_true_{};
  std::array<std::array<MetricId, kChannelCount + 1>, kAttributionModelCount> visits_measured_{},
      conversions_measured_{};
};

}  // namespace snsim
