#pragma once
// PlatformSpec: the validated `platform:` block of a scenario (docs/model.md section 4, steps 2-4),
// and BrandMediaSpec, a brand's social-media keys. Defaults come from docs/parameters.md sections
// 1, 2 and 5 (E-numbers there); scenarios/README.md documents every key.
#include <cstdint>
#include <string>

namespace snsim {

/// How a feed orders its items before the reader's attention runs out (docs/model.md step 3).
enum class RankingPolicy {
  chronological,  ///< newest first
  engagement,     ///< most liked first (fake likes included), newest breaks ties
  relevance,      ///< interest . topic, highest first
  mix,            ///< weighted sum of recency, log(1 + likes) and relevance
};

/// How an agent's activity (expected sessions per step) turns into sessions this step.
enum class SessionModel {
  poisson,    ///< Poisson(activity) sessions
  bernoulli,  ///< one session with probability min(1, activity)
};

/// Where the follow graph comes from.
enum class FollowSource {
  generated,  ///< a share of social ties followed plus preferential follows of popular accounts
  edge_list,  ///< a directed file: `follower followee` per line (brands are ids n .. n+brands-1)
};

/// Who a brand pays to post for it (influencer seeding, item 7 of the media issue).
enum class SeedSelection {
  random,     ///< uniformly random people
  degree,     ///< most social ties
  followers,  ///< most followers
  imm,        ///< influence maximisation by reverse-reachable sets (Tang, Shi, Xiao 2015)
};

/// A logistic engagement response: logit p = logit(base) + relevance * r + quality * (q - 0.5)
/// + trust * tau + social_proof * ln(1 + likes). All coefficients zero gives p = base exactly.
struct EngagementSpec {
  double base = 0.02;         ///< like.base only: per-impression chance at r = 0, q = 0.5, [0, 1]
  double relevance = 1.0;     ///< per unit of interest . topic (in [-1, 1]), any sign
  double quality = 1.0;       ///< per unit of quality above 0.5, any sign
  double trust = 1.0;         ///< per unit of trust in the brand (brand items only), any sign
  double social_proof = 0.1;  ///< per unit of ln(1 + likes), any sign
};

struct FollowGraphSpec {
  FollowSource source = FollowSource::generated;  ///< platform.follow_graph.source
  double tie_follow = 0.5;       ///< .tie_follow: chance a person follows a social tie, [0, 1]
  double popular_follows = 2.0;  ///< .popular_follows: mean extra follows of popular people, >= 0
  double brand_follow = 0.02;  ///< .brand_follow: chance a person follows a brand at start, [0, 1]
  std::string edge_list_path;  ///< .edge_list: directed file, resolved against the scenario folder
};

struct PlatformSpec {
  RankingPolicy ranking = RankingPolicy::mix;  ///< platform.ranking
  double mix_recency = 1.0;  ///< platform.mix.recency: weight of (arrival - now) / lifetime, >= 0
  double mix_engagement = 1.0;  ///< platform.mix.engagement: weight of ln(1 + likes), >= 0
  double mix_relevance = 1.0;   ///< platform.mix.relevance: weight of interest . topic, >= 0
  std::uint32_t feed_capacity =
      15;                      ///< platform.feed_capacity, items held per agent, 1..65535 (E15)
  double item_lifetime = 1.0;  ///< platform.item_lifetime, steps an item stays readable, > 0 (E16)
  double position_decay =
      0.85;  ///< platform.position_decay, chance of seeing rank r is d^r, (0, 1] (E17)
  SessionModel sessions = SessionModel::poisson;  ///< platform.sessions
  double person_posts = 0.05;  ///< platform.person_posts: posts per session by a person, >= 0
  double background_items =
      250;                ///< platform.background_items: other items per feed per step, >= 0
  EngagementSpec like{};  ///< platform.like (base 0.02, E5-E7)
  EngagementSpec share{0.0, 1.0, 1.0, 0.5, 0.1};  ///< platform.share (base: population.share)
  EngagementSpec reply{0.0, 1.0, 0.5, 0.5, 0.0};  ///< platform.reply (base: population.reply)
  double ad_odds = 0.5;  ///< platform.ad_odds: odds multiplier of engagement with ads, >= 0
  double follow_on_engage =
      0.05;  ///< platform.follow_on_engage: engaged reader follows brand, [0, 1]
  /// platform.follow_person_on_engage: a reader who likes or shares an item follows, each with
  /// this chance, the person who created the cascade's root post and the person who shared the
  /// item, if not following yet, [0, 1] (assumption, scenarios/README.md)
  double follow_person_on_engage = 0.02;
  /// platform.unfollow.prob: a follower unfollows the brand or person after reading an irrelevant
  /// item of it (person: one it did not like or share), per item, [0, 1] (E18)
  double unfollow_prob = 0.001;
  double unfollow_relevance =
      0.2;  ///< platform.unfollow.relevance_below: "irrelevant" below, [-1, 1]
  double answer_trust_gain =
      0.1;  ///< platform.answer_trust_gain: trust from an answered reply, [0, 1] (E46)
  double imm_epsilon = 0.5;              ///< platform.imm.epsilon: IMM approximation slack, (0, 1)
  double imm_ell = 1.0;                  ///< platform.imm.ell: IMM failure probability n^-ell, > 0
  std::uint64_t imm_max_sets = 2000000;  ///< platform.imm.max_sets: cap on RR sets, >= 1
  FollowGraphSpec follow_graph{};
};

/// A brand's social-media keys (read under brands[i]).
struct BrandMediaSpec {
  double posts_per_step = 1.0;  ///< brands[i].strategy.posts_per_step, organic posts, >= 0
  double promote_share = 0.0;   ///< brands[i].strategy.promote, share of money on ads, [0, 1]
  double answer_share =
      0.5;  ///< brands[i].strategy.answer, share of hours answering replies, [0, 1]
  double post_quality = 0.5;       ///< brands[i].post_quality, [0, 1]
  double minutes_per_reply = 5.0;  ///< brands[i].minutes_per_reply, > 0 (E44)
  std::uint32_t influencers = 0;   ///< brands[i].influencers.count, people paid to post, >= 0
  SeedSelection selection = SeedSelection::random;  ///< brands[i].influencers.selection
  double influencer_fee = 20.0;   ///< brands[i].influencers.fee, USD per sponsored post, >= 0
  double influencer_posts = 0.2;  ///< brands[i].influencers.posts_per_step, per influencer, >= 0
};

}  // namespace snsim
