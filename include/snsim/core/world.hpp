#pragma once
// World: the mutable state of one run, as columns indexed by agent id (docs/model.md sections 2-3).
//
// Invariants: every per-agent column has population.size entries; a brand's stage_count always
// equals the histogram of its stage column; per-step touch columns are zero at the start of each
// step and are cleared by the process that consumes them (the funnel).
#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "snsim/core/channel.hpp"
#include "snsim/core/ids.hpp"
#include "snsim/core/interests.hpp"
#include "snsim/core/random_stream.hpp"
#include "snsim/core/scenario.hpp"
#include "snsim/core/stage.hpp"
#include "snsim/core/state_archive.hpp"
#include "snsim/core/touch_column.hpp"
#include "snsim/economics/attribution.hpp"
#include "snsim/economics/strategy.hpp"
#include "snsim/media/media_state.hpp"
#include "snsim/network/social_graph.hpp"
#include "snsim/networking/networking_state.hpp"

namespace snsim {

/// Person agents as columns (structure of arrays).
struct Population {
  std::uint32_t size = 0;
  /// Topics each agent cares about: size x topics, rows of unit length (core/interests.hpp).
  Interests interest;
  std::vector<std::uint16_t> community;  ///< community index, < population.communities
  std::vector<float> activity;           ///< expected sessions per step (lognormal)
  std::vector<std::uint16_t> attention;  ///< items read per session
  std::vector<float> share;              ///< propensity to share an item read, [0, 1]
  std::vector<float> reply;              ///< propensity to reply to an item read, [0, 1]
  std::vector<float> skepticism;         ///< propensity to punish manipulation, [0, 1]
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, Population& p) {
  a(p.size, p.interest, p.community, p.activity, p.attention, p.share, p.reply, p.skepticism);
}

/// One brand's funnel over the population.
struct BrandFunnel {
  std::vector<Stage> stage;           ///< funnel stage of each agent for this brand
  std::vector<float> trust;           ///< trust in the brand, [-1, 1]
  std::vector<std::uint8_t> reached;  ///< 1 once the agent has seen the brand's content
  /// Touches this step per channel (one byte a person, exact up to 65535: core/touch_column.hpp);
  /// a channel's column is allocated on its first touch, so unused channels cost nothing. The
  /// funnel consumes and zeroes them.
  std::array<TouchColumn, kChannelCount> touches;
  std::array<std::int64_t, kStageCount> stage_count{};  ///< agents per stage
  std::int64_t reach = 0;                               ///< agents with reached == 1
  /// Last touches of each agent (allocated only when attribution.enabled;
  /// economics/attribution.hpp).
  std::vector<TouchRing> history;

  /// Returns the touch column of a channel, allocating it (zeroed) on first use.
  TouchColumn& touch_column(Channel c, std::uint32_t population_size) {
    TouchColumn& col = touches[index(c)];
    col.allocate(population_size);
    return col;
  }
  /// Adds k touches of channel c to agent i (in parallel only for distinct agents).
  void add_touches(Channel c, AgentId i, std::uint32_t k, std::uint32_t population_size) {
    touch_column(c, population_size).add(i, k);
  }
  /// Returns agent i's touches of channel c this step (0 if the channel has no column yet).
  std::uint32_t touches_of(Channel c, AgentId i) const {
    const TouchColumn& col = touches[index(c)];
    return col.empty() ? 0u : col.count(i);
  }
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, BrandFunnel& f) {
  a(f.stage, f.trust, f.reached, f.touches, f.stage_count, f.reach, f.history);
}

/// One brand's money and results, cumulative over the run.
struct BrandLedger {
  double money_spent = 0.0;       ///< USD spent on media so far
  double staff_cost = 0.0;        ///< USD of staff hours so far
  std::int64_t purchases = 0;     ///< first and repeat purchases so far
  double revenue = 0.0;           ///< USD so far
  double deal_revenue = 0.0;      ///< USD of business-to-business deals won so far (sales_cycle)
  AttributionLedger attribution;  ///< per-channel results, true and measured (when enabled)
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, BrandLedger& l) {
  a(l.money_spent, l.staff_cost, l.purchases, l.revenue, l.deal_revenue, l.attribution);
}

/// One brand's standing under manipulation (docs/model.md step 8; economics/manipulation.hpp).
struct BrandStanding {
  double fake_online = 0.0;       ///< bought fakes not yet removed by the platform
  double fake_bought = 0.0;       ///< fakes bought so far (cumulative)
  double fake_pending = 0.0;      ///< fakes bought, waiting for the brand's next post
  double votes_asked = 0.0;       ///< likes asked of the brand's circle so far (cumulative)
  std::int64_t detections = 0;    ///< scandals so far
  Step penalty_until = 0;         ///< the platform penalises reach in steps < penalty_until
  float reach_multiplier = 1.0f;  ///< share of the brand's organic distribution the platform allows
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, BrandStanding& s) {
  a(s.fake_online, s.fake_bought, s.fake_pending, s.votes_asked, s.detections, s.penalty_until,
    s.reach_multiplier);
}

class World {
 public:
  World(const Scenario& scenario, Population population, SocialGraph social);

  const Scenario& scenario() const { return *scenario_; }
  Population& population() { return population_; }
  const Population& population() const { return population_; }
  SocialGraph& social_graph() { return social_; }
  const SocialGraph& social_graph() const { return social_; }
  std::vector<BrandFunnel>& funnels() { return funnels_; }
  const std::vector<BrandFunnel>& funnels() const { return funnels_; }
  std::vector<BrandLedger>& ledgers() { return ledgers_; }
  const std::vector<BrandLedger>& ledgers() const { return ledgers_; }
  /// What each brand spends this step (set by the strategy process; the keys' mix before).
  std::vector<Allocation>& allocations() { return allocations_; }
  const std::vector<Allocation>& allocations() const { return allocations_; }
  std::vector<BrandStanding>& standings() { return standings_; }
  const std::vector<BrandStanding>& standings() const { return standings_; }
  MediaState& media() { return media_; }
  const MediaState& media() const { return media_; }
  NetworkingState& networking() { return networking_; }
  const NetworkingState& networking() const { return networking_; }
  std::uint32_t brand_count() const { return static_cast<std::uint32_t>(funnels_.size()); }

  /// Returns the approximate heap bytes held by the world's columns and graphs.
  std::size_t memory_bytes() const;

  /// Checkpoint fields (core/state_archive.hpp): every part but the scenario, which a resumed
  /// run reloads and checks against the checkpoint's header. A new part of the world is added
  /// here, and its struct gets a state_fields of its own beside its definition.
  void state_fields(StateArchive& a) {
    a(population_, social_, funnels_, ledgers_, allocations_, standings_, media_, networking_);
  }

 private:
  const Scenario* scenario_;
  Population population_;
  SocialGraph social_;
  std::vector<BrandFunnel> funnels_;
  std::vector<BrandLedger> ledgers_;
  std::vector<Allocation> allocations_;
  std::vector<BrandStanding> standings_;
  MediaState media_;
  NetworkingState networking_;
};

/// Returns the population of a scenario, drawn from its seed (communities, interests,
/// propensities).
Population build_population(const Scenario& scenario, std::uint64_t seed);

/// Returns the world of a scenario at step 0: population, social graph, every funnel unaware.
/// Throws EdgeListError or std::invalid_argument when the graph cannot be built.
World build_world(const Scenario& scenario, std::uint64_t seed);

}  // namespace snsim
