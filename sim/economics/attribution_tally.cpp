#include "snsim/economics/attribution_tally.hpp"

#include <cmath>
#include <string>

namespace snsim {
namespace {

constexpr std::uint32_t kTrackStream = stream_id("attribution");  // tracking draws, apart

// Measured credit is tallied in units of 1/12 (a multiple of 1/n for n <= kTouchHistory = 4), so
// that the tallies are whole numbers and their sum over threads does not depend on the order.
constexpr double kCreditUnits = 12.0;
static_assert(kTouchHistory <= 4, "kCreditUnits must be a multiple of 1..kTouchHistory");

template <std::size_t N>
void add_into(std::array<double, N>& to, const std::array<double, N>& from) {
  for (std::size_t k = 0; k < N; ++k) to[k] += from[k];
}

// Credits one event to the measured tallies of every model, in units of 1/kCreditUnits, times
// `weight` (1 for a counted event, the value of a deal).
void credit(std::array<Credit, kAttributionModelCount>& to,
            const std::vector<AttributionModel>& models, std::span<const Touch> history,
            bool tracked, double weight) {
  for (const AttributionModel m : models) {
    const Credit c = attribute(m, history, tracked);
    Credit& t = to[static_cast<std::size_t>(m)];
    for (std::size_t k = 0; k < c.size(); ++k) t[k] += weight * std::round(c[k] * kCreditUnits);
  }
}

}  // namespace

std::array<bool, kChannelCount> tracked_touches(const StepContext& ctx, const AttributionSpec& spec,
                                                BrandId b, AgentId i) {
  RandomStream track = ctx.stream(kTrackStream, b, i);
  std::array<bool, kChannelCount> tracked{};
  for (std::size_t c = 0; c < kChannelCount; ++c)
    tracked[c] = track.uniform01() <
                 (is_broadcast_class(c) ? spec.track_prob_broadcast : spec.track_prob_private);
  return tracked;
}

void AttributionTally::visit(std::size_t cause, std::span<const Touch> history, bool tracked,
                             const std::vector<AttributionModel>& models) {
  counts.visits_true[cause] += 1.0;
  credit(counts.visits_measured, models, history, tracked, 1.0);
}

void AttributionTally::purchase(std::size_t cause, std::span<const Touch> history, bool tracked,
                                bool conversion, const std::vector<AttributionModel>& models) {
  if (cause < kChannelCount) counts.purchases_true[cause] += 1.0;
  credit(counts.purchases_measured, models, history, tracked, 1.0);
  if (!conversion) return;
  if (cause < kChannelCount) counts.conversions_true[cause] += 1.0;
  credit(counts.conversions_measured, models, history, tracked, 1.0);
}

void AttributionTally::add(const AttributionTally& other) { add_into(counts, other.counts); }

AttributionLedger AttributionTally::events() const {
  AttributionLedger e = counts;
  for (auto* arr : {&e.visits_measured, &e.conversions_measured, &e.purchases_measured})
    for (Credit& c : *arr)
      for (double& v : c) v /= kCreditUnits;
  return e;
}

void credit_deal(AttributionLedger& ledger, double value, std::size_t cause,
                 std::span<const Touch> history, bool tracked,
                 const std::vector<AttributionModel>& models) {
  if (cause < kChannelCount) ledger.deal_revenue_true[cause] += value;
  credit(ledger.deal_revenue_measured, models, history, tracked, value / kCreditUnits);
}

void add_into(AttributionLedger& to, const AttributionLedger& from) {
  add_into(to.visits_true, from.visits_true);
  add_into(to.conversions_true, from.conversions_true);
  add_into(to.purchases_true, from.purchases_true);
  add_into(to.deal_revenue_true, from.deal_revenue_true);
  for (std::size_t m = 0; m < kAttributionModelCount; ++m) {
    add_into(to.visits_measured[m], from.visits_measured[m]);
    add_into(to.conversions_measured[m], from.conversions_measured[m]);
    add_into(to.purchases_measured[m], from.purchases_measured[m]);
    add_into(to.deal_revenue_measured[m], from.deal_revenue_measured[m]);
  }
}

void AttributionMetrics::define(Recorder& recorder, const AttributionSpec& spec) {
  models_ = spec.models;
  for (std::size_t c = 0; c < kChannelCount; ++c) {
    const std::string ch(kChannelNames[c]);
    visits_true_[c] =
        recorder.define_or_find("visits_true/" + ch, "visits",
                                "visits this step whose true trigger was a " + ch + " touch");
    conversions_true_[c] = recorder.define_or_find(
        "conversions_true/" + ch, "agents",
        "first purchases this step whose true cause was a " + ch + " touch");
    purchases_true_[c] = recorder.define_or_find(
        "purchases_true/" + ch, "purchases",
        "purchases this step (on a visit, or the market's) whose true cause was a " + ch +
            " touch");
  }
  for (const AttributionModel m : models_) {
    const auto k = static_cast<std::size_t>(m);
    const std::string model(kAttributionModelNames[k]);
    for (std::size_t c = 0; c <= kChannelCount; ++c) {
      const std::string ch = c == kDirect ? std::string("direct") : std::string(kChannelNames[c]);
      visits_measured_[k][c] = recorder.define_or_find(
          "visits_measured/" + model + "/" + ch, "visits",
          "visits this step a marketer credits to " + ch + " under " + model + " attribution");
      conversions_measured_[k][c] =
          recorder.define_or_find("conversions_measured/" + model + "/" + ch, "agents",
                                  "first purchases this step a marketer credits to " + ch +
                                      " under " + model + " attribution");
    }
  }
}

void AttributionMetrics::add(Recorder& r, Step t, BrandId b, const AttributionLedger& e) const {
  for (std::size_t c = 0; c < kChannelCount; ++c) {
    r.add(visits_true_[c], t, b, e.visits_true[c]);
    r.add(conversions_true_[c], t, b, e.conversions_true[c]);
    r.add(purchases_true_[c], t, b, e.purchases_true[c]);
  }
  for (const AttributionModel m : models_) {
    const auto k = static_cast<std::size_t>(m);
    for (std::size_t c = 0; c <= kChannelCount; ++c) {
      r.add(visits_measured_[k][c], t, b, e.visits_measured[k][c]);
      r.add(conversions_measured_[k][c], t, b, e.conversions_measured[k][c]);
    }
  }
}

}  // namespace snsim
