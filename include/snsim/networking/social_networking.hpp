#pragma once
// SocialNetworking ("social_networking"): brands build relationships by two-way conversations
// (docs/model.md section 4, step 5; docs/claims.md, claim 1: "an act of engagement").
//
// Each step a brand has hours_per_step * strategy.networking * 60 minutes (plus the unspent
// remainder of the last step, less than one conversation) and each conversation costs
// networking.minutes_per_conversation. It talks, in this order, while minutes last:
//   1. people introduced to it (warm leads, queued across steps);
//   2. partners who come back: each tie, with chance return_rate * (w / brand_tie_cap) * rho+;
//   3. replies to its group messages (all: it started those threads);
//   4. inbound replies queued by other processes (NetworkingState::push_reply), each answered
//      with chance networking.reply_answer_rate; unanswered ones stay one-way. No built-in
//      process queues any (social_media answers replies to posts itself), so this is a hook for
//      processes added from outside (docs/model.md section 10);
//   5. if strategy.follow_ups: its partners who have not introduced it yet, strongest tie first
//      (the brand then spends all its hours as soon as it has a few ties, and its network grows
//      about linearly, at the pace its hours allow).
// Its groups (communities it joined): each member takes part with chance `participation`, reads
// the brand's message (a touch of Channel::group) and replies with chance group_reply_prob * rho+.
// A conversation with person i (relevance rho = interest_i . brand topic, tie strength w) has
// 1 + Binomial(2, pi) two-way exchanges, pi = w + (1 - w) rho+ (15 minutes is about three 5-minute
// replies, docs/parameters.md E44); each exchange raises w by tie_gain (1 - w), up to brand_tie_cap
// (PARAMETERS: tie_gain per two-way exchange). It touches Channel::conversation; two or more
// exchanges raise trust by trust_gain, a single one with an irrelevant person (rho < 0) lowers it
// by trust_gain * (-rho). When w first reaches introduction.threshold, the partner asks up
// to strategy.introductions of its friends (social graph and person-tie overlay; everyone on the
// complete graph) to meet the brand; each accepts with introduction.accept_prob, starts a tie at
// introduction.initial_strength (a touch of Channel::introduction) and joins queue 1. Ties not
// talked to decay, w <- w (1 - tie_decay), and break below tie_floor.
// Because every partner past the threshold brings new partners, the network grows by a branching
// process, faster than linearly until the brand's hours bind; nothing in the rule assumes it.
// Metrics (per brand): relationships, relationships_strong, relationships_home, tie_strength_mean,
// conversations, conversation_depth_mean, introductions, groups_joined, group_touches,
// networking_hours.
// Cost per step: O(brand ties + candidates + group participants); serial, so the result does not
// depend on the thread count; every draw is keyed by (step, brand, decision, person).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/networking/person_index.hpp"

namespace snsim {

struct Scenario;

class SocialNetworking final : public Process {
 public:
  explicit SocialNetworking(const Scenario& scenario);
  std::string_view name() const override { return "social_networking"; }
  std::vector<std::string_view> reads() const override {
    return {"population.interest", "social_graph", "networking.person_ties", "networking.replies"};
  }
  std::vector<std::string_view> writes() const override {
    return {"networking.relationships", "funnel.trust", "funnel.conversation",
            "funnel.introduction", "funnel.group"};
  }
  void define_metrics(Recorder& recorder) override;
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;

 private:
  MetricId relationships_ = 0, strong_ = 0, home_ = 0, strength_mean_ = 0, conversations_ = 0,
           depth_mean_ = 0, introductions_ = 0, groups_ = 0, group_touches_ = 0, hours_ = 0;
  /// Distributions, recorded every step as series in subgroups (a snapshot at every step):
  /// tie_strength_histogram/<bin> (10 bins of width 0.1) and relationships_by_community/<name>.
  static constexpr std::size_t kStrengthBins = 10;
  static constexpr std::uint32_t kMaxCommunitySeries = 256;  ///< more would be too many datasets
  std::array<MetricId, kStrengthBins> strength_bins_{};
  std::vector<MetricId> by_community_;
  std::vector<std::string> community_names_;
  std::vector<std::int64_t> community_count_;  ///< scratch
  /// People talked to (or introduced) in the current brand's pass of this step: emptied at the
  /// start of each pass, so it is not checkpointed; sized to a pass's conversations, not to the
  /// population.
  PersonIndex talked_;
  std::vector<AgentId> candidates_;      ///< scratch: who the brand talks to this step
  std::vector<AgentId> group_repliers_;  ///< scratch: replies to the brand's group messages
};

}  // namespace snsim
