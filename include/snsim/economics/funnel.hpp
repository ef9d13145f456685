#pragma once
// Funnel ("funnel"): touches move people through a brand's stages (MODEL.md section 2, step 7):
// unaware -> aware -> engaged -> visitor -> customer -> advocate.
//
// Each step, for each person touched by the brand (any channel of core/channel.hpp), each touch
// of channel c independently succeeds with that channel's chance for the person's current
// stage (funnel.<c>.aware, .engage, .visit); one success moves the person one stage up (a visit
// for engaged people and beyond, which converts with funnel.purchase_per_visit). So n touches of
// chance a succeed with probability 1 - (1 - a)^n. Awareness by referral adds the word-of-mouth
// trust bonus. Customers and advocates who were so at the start of the step then repurchase,
// become advocates or churn back to aware with their per-step chances.
// Metrics: `aware`, `engaged`, `customers`, `advocates` (agents at or past the stage), `visits`,
// `conversions` (first purchases) and `purchases` (all purchases) this step.
// The pass is parallel over agents; each agent draws from its own stream and counts are integer
// sums, so the results do not depend on the thread count.
#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class Funnel final : public Process {
 public:
  explicit Funnel(const Scenario& scenario);
  std::string_view name() const override { return "funnel"; }
  std::vector<std::string_view> reads() const override {
    return {"funnel.touches"};
  }
  std::vector<std::string_view> writes() const override {
    return {"funnel.stage", "funnel.trust", "funnel.touches", "ledger.purchases"};
  }
  void define_metrics(Recorder& recorder) override;
  void step(World& world, StepContext& ctx) override;

 private:
  MetricId aware_ = 0, engaged_ = 0, customers_ = 0, advocates_ = 0;
  MetricId visits_ = 0, conversions_ = 0, purchases_ = 0;
};

}  // namespace snsim
