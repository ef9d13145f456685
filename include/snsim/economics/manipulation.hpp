#pragma once
// Manipulation ("manipulation"): docs/model.md step 8. A brand's manipulate share of money buys
// fake likes at manipulation.fake_like_price, and its ask_votes share of hours asks its circle to
// like for the sake of it (votes_per_hour, at most circle_size + its relationships a step); both
// are inauthentic likes, delivered onto its next posts (so they lift ranking under engagement
// ranking and social proof), and the platform removes fakes online at manipulation.removal_hazard
// per step. Each step the brand is exposed with chance h = 1 - exp(-exposure_hazard * inauthentic
// likes this step / 1000). On exposure: a recorded detection; everyone aware of the brand loses
// trust_shock x their skepticism (so many distrust it and word_of_mouth spreads negative referrals:
// the "PR nightmare"); each customer or advocate leaves with chance `churn`; and for penalty_steps
// steps the platform shows each of the brand's posts only with chance reach_penalty (a suppressed
// post reaches no follower). Runs after `strategy` and before `social_media`.
#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class Manipulation final : public Process {
 public:
  explicit Manipulation(const Scenario& scenario);

  std::string_view name() const override { return "manipulation"; }
  std::vector<std::string_view> reads() const override {
    return {"brand.allocation", "population.skepticism"};
  }
  std::vector<std::string_view> writes() const override {
    return {"brand.standing", "funnel.trust", "funnel.stage", "ledger.money"};
  }
  void define_metrics(Recorder& recorder) override;
  void step(World& world, StepContext& ctx) override;

  /// Returns the chance, in [0, 1], that buying `fakes` this step exposes the brand.
  static double exposure_chance(double exposure_hazard, double fakes);

 private:
  MetricId fake_engagement_ = 0, votes_asked_ = 0, fake_online_ = 0, detections_ = 0, penalty_ = 0;
};

}  // namespace snsim
