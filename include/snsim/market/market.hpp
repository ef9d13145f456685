#pragma once
// Market ("market"): category demand and brand choice, so that brands take purchases from each
// other (docs/model.md section 4 step 8b). Switch it on by naming it in `processes:` after the
// funnel and before accounting, e.g. [strategy, broadcast, ..., word_of_mouth, funnel, market,
// accounting]; the `market:` block and brands[i].price / .appeal set it (scenarios/README.md).
//
// Category demand: person i has a category rate lambda_i ~ Gamma(market.rate_shape K, scale
// market.category_rate / K), drawn once, and purchase occasions at the events of a Poisson
// process of that rate (next occasion times, so a step costs nothing for people without one);
// occasions of a person over T steps are Poisson(lambda_i T), and across people NBD(M T, K).
// Choice: at an occasion the person picks one brand of those they are aware of (funnel stage >=
// aware), or nothing, by multinomial logit over
//   u_ij = a_ij + beta_engaged [stage_ij >= engaged] + beta_trust trust_ij
//          + beta_relationship w_ij + beta_loyalty [j bought last] - beta_price price_j,
//   u_i0 = ln(no_purchase_weight),
// where a_ij = ln G_ij, G_ij ~ Gamma(dirichlet_s x appeal_j / sum appeal, 1) drawn once (so with
// the other terms equal across brands the person's choice probabilities are Dirichlet
// distributed, the NBD-Dirichlet's assumption), trust_ij is the funnel's trust and w_ij the
// strength of the brand's relationship with i (networking). Nobody aware of any brand buys
// nothing.
// Funnel: with the market in the pipeline, the funnel's own purchases (purchase_per_visit and
// repurchase_per_step) are off; a choice of brand j is a purchase of j (ledger.purchases, revenue
// at brands[j].price) and moves a person below customer to customer (a conversion).
// Metrics per brand: `market_share`, `share_of_voice`, `penetration`, `penetration_window`,
// `purchase_frequency`, `switching`, `share_of_requirements`; population-wide
// `category_purchases` and `category_occasions`; it adds its purchases and conversions to the
// funnel's `purchases` and `conversions` (analysis/FORMAT.md).
// Attribution (attribution.enabled): a purchase of j by i is credited as a funnel purchase is
// (economics/attribution_tally.hpp): truly to the touch that triggered i's last funnel move with
// j (none for a person made aware at set-up and never moved since), and per model over i's touch
// history with j, tracked when that touch was; it adds to `purchases_true/<channel>`,
// `conversions_true/<channel>`, `conversions_measured/...` and the ledger behind per-channel ROI.
// Deterministic for any thread count: each person draws from their own stream and the tallies are
// integer sums.
#include <cstdint>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/core/scenario.hpp"
#include "snsim/economics/attribution_tally.hpp"

namespace snsim {

class Market final : public Process {
 public:
  explicit Market(const Scenario& scenario);
  std::string_view name() const override { return "market"; }
  std::vector<std::string_view> reads() const override {
    return {"funnel.stage", "funnel.trust", "funnel.history", "networking.relationships",
            "metric.impressions"};
  }
  std::vector<std::string_view> writes() const override {
    return {"funnel.stage", "ledger.purchases", "ledger.attribution", "market"};
  }
  void define_metrics(Recorder& recorder) override;
  /// Draws each person's category rate, first occasion and brand tastes.
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;
  void state_fields(StateArchive& a) override {
    a(next_, last_brand_, last_step_, category_count_, buyers_, purchases_total_, requirements_,
      window_ring_, window_count_);
  }

  /// Returns, per person, the step of their last purchase of brand b, or -1 if they never bought
  /// it (the record a test reads to find duplication of purchase).
  const std::vector<std::int32_t>& last_purchase_step(BrandId b) const { return last_step_[b]; }
  /// Returns each person's category purchases so far.
  const std::vector<std::uint32_t>& category_purchases() const { return category_count_; }

  /// Returns true if the pipeline runs the market (so the funnel leaves purchases to it).
  static bool runs(const Scenario& scenario);

 private:
  MarketSpec spec_;
  AttributionSpec attribution_;
  AttributionMetrics attribution_metrics_;
  std::vector<double> price_;  ///< brands[j].price, USD

  // Per person (set in prepare; next_ and the purchase record carried between steps).
  std::vector<float> rate_;                   ///< category occasions per step
  std::vector<double> next_;                  ///< time of the next occasion, in steps
  std::vector<std::vector<float>> affinity_;  ///< [brand][person] ln G, the stationary taste
  std::vector<std::uint16_t> last_brand_;     ///< brand bought last, kNone if none yet
  std::vector<std::vector<std::int32_t>> last_step_;  ///< [brand][person] step, -1 = never
  std::vector<std::uint32_t> category_count_;         ///< category purchases so far

  // Per brand, cumulative.
  std::vector<std::int64_t> buyers_;           ///< people who bought the brand at least once
  std::vector<std::int64_t> purchases_total_;  ///< purchases of the brand so far
  std::vector<std::int64_t> requirements_;     ///< category purchases of the brand's buyers
  /// [brand][step % window]: people whose last purchase of the brand was at that step.
  std::vector<std::vector<std::int64_t>> window_ring_;
  std::vector<std::int64_t> window_count_;  ///< people with a purchase in the last window steps

  MetricId share_ = 0, voice_ = 0, penetration_ = 0, penetration_window_ = 0, frequency_ = 0,
           switching_ = 0, requirements_share_ = 0, category_ = 0, occasions_ = 0;
  MetricId purchases_ = 0, conversions_ = 0;
};

}  // namespace snsim
