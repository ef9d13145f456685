#pragma once
// WordOfMouth ("word_of_mouth"): people tell their social ties about a brand (imitation, the q of
// Bass 1969; MODEL.md step 6).
//
// A talker at funnel stage s makes referrals at rate `rate * talk_weight[s]` per step, spread over
// its ties in proportion to tie strength (Granovetter: strong ties carry more). A listener i thus
// hears Poisson(lambda_i) referrals, lambda_i = sum over talking ties j of
// rate * w_j * strength_ij / sum_k strength_jk. On the complete graph (well mixed) this is
// lambda_i = rate * (W - w_i) / (N - 1) with W the population's total talk weight, so with
// per-referral awareness c the hazard of a non-adopter is about rate * c * F: Bass's q = rate * c.
// Each referral is a touch that the funnel turns into awareness (with a trust bonus) or further.
// Ties are those of the social graph plus the person-tie overlay (process "person_ties").
// Negative word of mouth (Arndt 1967; PARAMETERS.md negative_wom_mult): an aware person with trust
// t < 0 talks instead at rate * negative_mult * (-t); each negative referral heard lowers the
// listener's trust by negative_trust_penalty (it is not a funnel touch).
// brands[i].initial_aware seeds exactly round(share * N) people as aware before step 0 (prepare).
// Metrics: `referrals` and `negative_referrals` (heard this step).
//
// Cost per step: one pass over the brand's stage column to find talkers, their arcs (serial push
// into a rate column, in agent order, so sums never depend on the thread count), then one draw
// per listener with a positive rate, in parallel.
#include <vector>

#include "snsim/core/recorder.hpp"

#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class WordOfMouth final : public Process {
 public:
  explicit WordOfMouth(const Scenario& scenario);
  std::string_view name() const override { return "word_of_mouth"; }
  std::vector<std::string_view> reads() const override { return {"social_graph", "funnel.stage"}; }
  std::vector<std::string_view> writes() const override {
    return {"funnel.referrals", "funnel.trust", "funnel.stage"};
  }
  void define_metrics(Recorder& recorder) override;
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;

 private:
  /// Adds to heard[i] the referral rate i hears from talkers sending talk[j] per step.
  void spread(const World& world, const std::vector<double>& talk,
              std::vector<double>& heard) const;

  MetricId referrals_ = 0, negative_referrals_ = 0;
  std::vector<double> rate_;           ///< referral rate heard by each agent this step (scratch)
  std::vector<double> talk_;           ///< positive referrals sent by each agent (scratch)
  std::vector<double> negative_talk_;  ///< negative referrals sent by each agent (scratch)
};

}  // namespace snsim
