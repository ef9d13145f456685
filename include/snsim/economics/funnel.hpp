#pragma once
// Funnel ("funnel"): touches move people through a brand's stages (docs/model.md section 2, step
// 7): unaware -> aware -> engaged -> visitor -> customer -> advocate.
//
// Each step, for each person touched by the brand (any channel of core/channel.hpp), each touch
// of channel c independently succeeds with that channel's chance for the person's current
// stage (funnel.<c>.aware, .engage, .visit); one success moves the person one stage up (a visit
// for engaged people and beyond, which converts with funnel.purchase_per_visit). So n touches of
// chance a succeed with probability 1 - (1 - a)^n. Awareness by referral adds the word-of-mouth
// trust bonus. Customers and advocates who were so at the start of the step then repurchase,
// become advocates or churn back to aware with their per-step chances.
// With the "market" process in the pipeline (market/market.hpp), visits and repeat purchases buy
// nothing here: purchases come from the market's choices, and the funnel moves awareness,
// engagement, visits, trust, advocacy and churn only.
// Metrics: `aware`, `engaged`, `customers`, `advocates` (agents at or past the stage), `visits`,
// `conversions` (first purchases) and `purchases` (all purchases) this step.
// The pass is parallel over agents; each agent draws from its own stream and counts are integer
// sums, so the results do not depend on the thread count.
// With attribution.enabled, each visit and conversion also carries its true trigger channel
// (economics/attribution.hpp) and a marketer's measured credit per model: metrics
// `visits_true/<channel>`, `conversions_true/<channel>`, `purchases_true/<channel>`,
// `visits_measured/<model>/<channel|direct>` and `conversions_measured/<model>/<channel|direct>`
// per step (economics/attribution_tally.hpp); cumulative sums go to ledger.attribution for
// accounting's per-channel ROI. Each agent's touch history keeps the trigger of their last move,
// the cause the market credits its purchases to.
#include <array>

#include "snsim/core/process.hpp"
#include "snsim/core/scenario.hpp"
#include "snsim/economics/attribution_tally.hpp"

namespace snsim {

struct Scenario;

class Funnel final : public Process {
 public:
  explicit Funnel(const Scenario& scenario);
  std::string_view name() const override { return "funnel"; }
  std::vector<std::string_view> reads() const override { return {"funnel.touches"}; }
  std::vector<std::string_view> writes() const override {
    return {"funnel.stage",   "funnel.trust",     "funnel.touches",
            "funnel.history", "ledger.purchases", "ledger.attribution"};
  }
  void define_metrics(Recorder& recorder) override;
  void step(World& world, StepContext& ctx) override;

 private:
  MetricId aware_ = 0, engaged_ = 0, customers_ = 0, advocates_ = 0;
  MetricId visits_ = 0, conversions_ = 0, purchases_ = 0, trust_mean_ = 0;
  AttributionSpec attribution_;
  bool market_ = false;  ///< the pipeline runs the market, which makes the purchases
  AttributionMetrics attribution_metrics_;
};

}  // namespace snsim
