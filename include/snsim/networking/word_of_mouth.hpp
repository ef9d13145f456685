#pragma once
// WordOfMouth ("word_of_mouth"): people tell their social ties about a brand (imitation, the q of
// Bass 1969; docs/model.md step 6).
//
// A talker at funnel stage s makes referrals at rate `rate * talk_weight[s]` per step, spread over
// its ties in proportion to tie strength (Granovetter: strong ties carry more). A listener i thus
// hears Poisson(lambda_i) referrals, lambda_i = sum over talking ties j of
// rate * w_j * strength_ij / sum_k strength_jk. On the complete graph (well mixed) this is
// lambda_i = rate * (W - w_i) / (N - 1) with W the population's total talk weight, so with
// per-referral awareness c the hazard of a non-adopter is about rate * c * F: Bass's q = rate * c.
// Each referral is a touch that the funnel turns into awareness (with a trust bonus) or further.
// Ties are those of the social graph plus the person-tie overlay (process "person_ties").
// Negative word of mouth (Arndt 1967; docs/parameters.md negative_wom_mult): an aware person with
// trust t < 0 talks instead at rate * negative_mult * (-t); each negative referral heard lowers the
// listener's trust by negative_trust_penalty (it is not a funnel touch).
// brands[i].initial_aware seeds exactly round(share * N) people as aware before step 0 (prepare).
// Metrics: `referrals` and `negative_referrals` (heard this step).
//
// Cost per step and brand: one pass over the 1-byte stage and 4-byte trust columns to list the
// talkers (skipped when the funnel's stage tallies show no stage that talks and negative talk is
// off), then work per talker and per listener only: the talkers' arcs (serial, in ascending
// talker order, so sums never depend on the thread count; each listener is
// listed once, in the order first heard, beside the rate it hears; a 4-byte position per agent
// finds its entry), one draw per listed listener with a positive rate, in parallel, and the
// positions reset for the listed listeners only.
#include <cstdint>
#include <utility>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/recorder.hpp"

#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;
struct BrandFunnel;
struct WordOfMouthSpec;

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
  /// A person who talks this step and the referrals per step they send.
  struct Talker {
    AgentId agent;
    double rate;
  };
  /// Fills talkers_ and negative_talkers_ for brand funnel f, in ascending agent order.
  void find_talkers(const BrandFunnel& f, const WordOfMouthSpec& wom);
  /// Lists each listener who hears talkers (ascending agents) once in listeners_, in the order
  /// first heard, with the referral rate they hear, summed in talker order, in heard_.
  void spread(const World& world, const std::vector<Talker>& talkers);
  /// Unlists the listeners (entry_ back to kNotListed) and empties listeners_ and heard_.
  void clear_listeners();
  static constexpr std::uint32_t kNotListed = 0xFFFFFFFFu;

  MetricId referrals_ = 0, negative_referrals_ = 0;
  std::vector<Talker> talkers_;           ///< people talking for the brand (scratch)
  std::vector<Talker> negative_talkers_;  ///< people talking against it (scratch)
  /// Per thread of find_talkers: its id range's talkers for and against (scratch, reused).
  std::vector<std::pair<std::vector<Talker>, std::vector<Talker>>> found_;
  /// Per agent: position in listeners_ and heard_, kNotListed unless listed this pass (not on the
  /// complete graph; allocated at the first pass with talkers).
  std::vector<std::uint32_t> entry_;
  std::vector<AgentId> listeners_;  ///< agents who hear a talker this pass, first heard first
  std::vector<double> heard_;       ///< referral rate each of listeners_ hears this pass
};

}  // namespace snsim
