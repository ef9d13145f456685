#pragma once
// Scenario: the typed, validated, immutable description of one simulation (docs/model.md section
// 7).
//
// It is built only by the loader (io/scenario_loader.hpp), which checks every value, so the rest of
// snsim can trust it: sizes are positive, probabilities lie in [0, 1], names are known. yaml-cpp
// never appears past the loader. Field comments give the YAML key path, unit and range;
// scenarios/README.md documents each key with its default and the evidence behind it.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/contagion/contagion_spec.hpp"
#include "snsim/contagion/meme_spec.hpp"
#include "snsim/core/channel.hpp"
#include "snsim/core/ids.hpp"
#include "snsim/core/stage.hpp"
#include "snsim/economics/attribution.hpp"
#include "snsim/economics/brand_mix.hpp"
#include "snsim/market/market_spec.hpp"
#include "snsim/media/platform_spec.hpp"
#include "snsim/network/network_spec.hpp"
#include "snsim/sales/sales_spec.hpp"

namespace snsim {

struct TimeSpec {
  Step steps = 100;          ///< time.steps, >= 1
  std::string unit = "day";  ///< time.unit: hour, day or week (labels the axis only)
};

struct PopulationSpec {
  std::uint32_t size = 10000;      ///< population.size, agents, >= 2
  std::uint32_t communities = 10;  ///< population.communities, >= 1, <= size
  /// population.community_sizes: exact people per community (summing to size; people are dealt
  /// to them in a random order); empty: each person's community is drawn uniformly
  std::vector<std::uint32_t> community_sizes;
  std::uint32_t topics = 8;          ///< population.topics, interest dimensions k, >= 1
  double interest_spread = 0.5;      ///< population.interest_spread, >= 0 (0 = community centroid)
  std::uint32_t interest_bits = 32;  ///< population.interest_bits, 32 (float) or 16 (fixed point)
  double activity_mean = 8.0;        ///< population.activity.mean, sessions per step, > 0
  double activity_sigma = 1.0;       ///< population.activity.sigma, lognormal sigma, >= 0
  std::uint32_t attention = 12;      ///< population.attention, items read per session, >= 1
  double share_prob = 0.002;         ///< population.share, mean propensity, [0, 1]
  double reply_prob = 0.0005;        ///< population.reply, mean propensity, [0, 1]
  double skepticism = 0.5;           ///< population.skepticism, mean, [0, 1]
  /// population.propensity_sigma: lognormal sigma of each person's factor (mean 1) on the share
  /// and reply propensities, [0, 5]; 0 gives everyone exactly `share` and `reply`.
  double propensity_sigma = 0.5;
};

struct FunnelSpec {
  /// funnel.<channel>.{aware,engage,visit}: per-touch chances, one row per channel.
  std::array<ChannelResponse, kChannelCount> response = kDefaultResponses;
  double purchase_per_visit = 0.01;  ///< funnel.purchase_per_visit, [0, 1]
  double advocate_per_step = 0.005;  ///< funnel.advocate_per_step, customer -> advocate, [0, 1]
  double churn_per_step = 0.001;     ///< funnel.churn_per_step, customer/advocate -> aware, [0, 1]
  double repurchase_per_step =
      9e-4;  ///< funnel.repurchase_per_step, repeat-purchase hazard, [0, 1]
};

struct WordOfMouthSpec {
  double rate = 0.0083;  ///< word_of_mouth.rate, referrals per talker per step, >= 0
  /// word_of_mouth.talk_weight.<stage>: multiplier of `rate` for an agent at that stage, >= 0.
  std::array<double, kStageCount> talk_weight{0.0, 0.0, 0.0, 0.0, 0.3, 1.0};
  double trust_bonus = 0.3;  ///< word_of_mouth.trust_bonus, trust gained from a referral, [0, 1]
  /// word_of_mouth.negative_mult: send rate of a talker with negative trust, per unit of -trust,
  /// as a multiple of `rate`, >= 0 (PARAMETERS negative_wom_mult).
  double negative_mult = 2.0;
  double negative_trust_penalty =
      0.3;  ///< word_of_mouth.negative_trust_penalty, trust lost per negative referral, [0, 1]
};

/// The `networking:` block: brand relationships, conversations, introductions, groups and the
/// person-to-person tie dynamics (docs/model.md section 4 step 5; docs/parameters.md sections 3 and
/// 5).
struct NetworkingSpec {
  double tie_gain = 0.05;      ///< networking.tie_gain, w += gain (1 - w) per conversation, [0, 1]
  double tie_decay = 0.005;    ///< networking.tie_decay, w <- w (1 - decay) per idle step, [0, 1)
  double tie_floor = 0.05;     ///< networking.tie_floor, a tie breaks below it, (0, 1)
  double brand_tie_cap = 0.5;  ///< networking.brand_tie_cap, max brand-person w, [tie_floor, 1]
  double minutes_per_conversation = 15.0;  ///< networking.minutes_per_conversation, > 0
  double reply_answer_rate =
      0.12;                 ///< networking.reply_answer_rate, inbound replies answered, [0, 1]
  double trust_gain = 0.1;  ///< networking.trust_gain, trust per good conversation, [0, 1]
  double return_rate =
      0.1;  ///< networking.return_rate, partner comes back per step at w = cap, [0, 1]
  double participation =
      0.01;  ///< networking.participation, group members taking part per step, [0, 1]
  double group_reply_prob =
      0.3;  ///< networking.group_reply_prob, reply to a brand message read in a group, [0, 1]
  double intro_threshold =
      0.3;  ///< networking.introduction.threshold, w that triggers introductions, (0, 1]
  double intro_accept_prob = 0.2;  ///< networking.introduction.accept_prob, [0, 1]
  double intro_strength =
      0.1;  ///< networking.introduction.initial_strength, warm start, [tie_floor, 1]
  double closure_rate =
      0.02;  ///< networking.person_ties.closure_rate, introductions per person per step, [0, 1]
  double homophily_rate = 1e-4;  ///< networking.person_ties.homophily_rate, new in-community ties
                                 ///< per agent per step, [0, 1]
  double person_tie_strength = 0.1;  ///< networking.person_ties.initial_strength, (0, 1]
  std::uint32_t compaction_interval =
      7;  ///< networking.person_ties.compaction_interval, steps, >= 1
  std::vector<std::string>
      community_names;  ///< networking.community_names, one per community (default community_<i>)
};

struct EconomicsSpec {
  double cpm = 10.0;           ///< economics.cpm, USD per 1000 broadcast impressions, > 0
  double hourly_rate = 35.0;   ///< economics.hourly_rate, USD per staff hour, >= 0
  double order_value = 100.0;  ///< economics.order_value, USD per purchase, >= 0
};

/// The `manipulation:` block: bought fake engagement and its risk (docs/model.md step 8;
/// docs/parameters.md section 6). Prices and removal have evidence; the exposure hazard and the
/// backlash sizes are assumptions there, so claims experiments sweep them.
struct ManipulationSpec {
  double fake_like_price =
      10.0;  ///< manipulation.fake_like_price, USD per 1000 fakes, > 0 (E49-E51)
  double removal_hazard =
      0.005;  ///< manipulation.removal_hazard, per step, fakes the platform removes, [0, 1] (E49)
  /// manipulation.exposure_hazard: chance per step of a scandal per 1000 fakes bought that step
  /// (h = 1 - exp(-rate * fakes / 1000)), >= 0 (E55, assumption)
  double exposure_hazard = 5e-4;
  double trust_shock =
      0.5;  ///< manipulation.trust_shock, trust lost per unit of skepticism, [0, 1] (E56)
  double churn = 0.1;  ///< manipulation.churn, customers who leave on a scandal, [0, 1] (E57)
  double reach_penalty =
      0.5;  ///< manipulation.reach_penalty, platform reach multiplier after a scandal, [0, 1]
  Step penalty_steps = 30;  ///< manipulation.penalty_steps, steps the penalty lasts, >= 0
  /// manipulation.votes_per_hour: likes a brand gets per staff hour of asking its circle, >= 0
  /// (assumption: a message a minute, one in three obliges)
  double votes_per_hour = 20.0;
  /// manipulation.circle_size: friends, family and colleagues the staff can ask, besides the
  /// brand's relationships; each likes at most once a step, >= 0 (assumption)
  std::uint32_t circle_size = 50;
};

/// The `attribution:` block: true and measured attribution (docs/model.md step 9;
/// economics/attribution.hpp). Off by default: it keeps a touch history per agent and brand.
struct AttributionSpec {
  bool enabled = false;  ///< attribution.enabled
  double track_prob_broadcast =
      0.9;  ///< attribution.track_prob_broadcast, [0, 1] (PARAMETERS 7, assumption)
  double track_prob_private = 0.1;  ///< attribution.track_prob_private, [0, 1] (PARAMETERS 7, E61)
  /// attribution.models: names of kAttributionModelNames, each at most once.
  std::vector<AttributionModel> models{AttributionModel::last_touch, AttributionModel::first_touch,
                                       AttributionModel::linear};
};

struct BrandSpec {
  std::string name;              ///< brands[i].name, unique, [A-Za-z0-9_-]+
  double money_per_step = 50.0;  ///< brands[i].budget.money_per_step, USD, >= 0
  double hours_per_step = 1.5;   ///< brands[i].budget.hours_per_step, staff hours, >= 0
  double broadcast_share = 1.0;  ///< brands[i].strategy.broadcast, share of money, [0, 1]
  std::uint32_t community = 0;   ///< brands[i].community, topic home, < communities
  double networking_share =
      0.0;  ///< brands[i].strategy.networking, share of hours on conversations, [0, 1]
  std::vector<std::uint32_t>
      groups;  ///< brands[i].strategy.groups, communities joined (index or name)
  std::uint32_t introductions = 3;  ///< brands[i].strategy.introductions, friends each partner is
                                    ///< asked to introduce, [0, 1000]
  bool follow_ups =
      false;  ///< brands[i].strategy.follow_ups, spend spare hours following up partners
  double initial_aware = 0.0;  ///< brands[i].initial_aware, share of people aware at step 0, [0, 1]
  BrandMediaSpec media;        ///< brands[i] social-media keys (media/platform_spec.hpp)
  /// brands[i].strategy.name: a StrategyRegistry name (economics/strategy.hpp)
  std::string strategy = "mix";
  double manipulate_share =
      0.0;                       ///< brands[i].strategy.manipulate, share of money on fakes, [0, 1]
  double ask_votes_share = 0.0;  ///< brands[i].strategy.ask_votes, share of hours, [0, 1]
  /// brands[i].strategy.selling: share of hours spent on open deals (`sales_cycle`), [0, 1]
  double selling_share = 0.0;
  /// brands[i].strategy.phases: mixes over consecutive step ranges covering the run (empty: the
  /// mix of the keys above holds throughout)
  std::vector<StrategyPhase> phases;
  Step flight_on = 7;   ///< brands[i].strategy.flighting.on, steps of spending, >= 1
  Step flight_off = 7;  ///< brands[i].strategy.flighting.off, dark steps, >= 0
  /// brands[i].price: USD per purchase, > 0 (default economics.order_value): the order value of
  /// the brand's purchases, and the price term of the market's choice
  double price = 100.0;
  /// brands[i].appeal: the brand's weight in the market's stationary tastes, > 0: its Dirichlet
  /// alpha is market.dirichlet_s x appeal / (sum of appeals), its long-run share without marketing
  double appeal = 1.0;
};

struct Scenario {
  std::string name = "scenario";  ///< name, [A-Za-z0-9_.-]+
  std::uint64_t seed = 1;         ///< seed, root of every random stream
  TimeSpec time;
  PopulationSpec population;
  NetworkSpec network;
  PlatformSpec platform;  ///< platform: the social-media channel (media/platform_spec.hpp)
  FunnelSpec funnel;
  WordOfMouthSpec word_of_mouth;
  NetworkingSpec networking;
  EconomicsSpec economics;
  AttributionSpec attribution;
  ManipulationSpec manipulation;
  MarketSpec market;  ///< market: category demand and brand choice (read by the "market" process)
  std::vector<BrandSpec> brands;
  ContagionSpec contagion;  ///< contagion: the classic models (read when the pipeline runs it)
  MemeSpec memes;           ///< memes: the meme model (read when the pipeline runs it)
  SalesSpec sales;  ///< sales: the business-to-business cycle (read when the pipeline runs it)
  std::vector<std::string> processes;  ///< processes: the step pipeline, in order, by name

  std::string source_path;    ///< file the scenario came from ("" for a string)
  std::string resolved_yaml;  ///< the scenario with every default filled in, as YAML text
};

}  // namespace snsim
