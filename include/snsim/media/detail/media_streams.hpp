#pragma once
// Internal to the social_media process: its random-stream purposes and the draws several of its
// parts share (sessions per step, engagement probabilities).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "snsim/core/poisson.hpp"
#include "snsim/core/process.hpp"
#include "snsim/core/world.hpp"

namespace snsim::media_detail {

inline constexpr std::uint32_t kStream = stream_id("social_media");
enum Purpose : std::uint32_t {
  kSessions = 1,
  kPersonPost,
  kBrandPost,
  kInfluencerPost,
  kPostTime,
  kEngage,
  kBackground,
  kAd,
  kAnswer,
  kSeen,
  kReadTime,
  kSeedPick,
  kPenalty
};

/// Returns the number of feed sessions agent i opens this step (Poisson or Bernoulli activity).
inline std::uint32_t sessions_of(const Population& pop, const PlatformSpec& ps,
                                 const StepContext& ctx, AgentId i) {
  RandomStream s = ctx.stream(kStream, kSessions, i);
  if (ps.sessions == SessionModel::bernoulli)
    return s.bernoulli(std::min(1.0, double(pop.activity[i]))) ? 1 : 0;
  return draw_poisson(s, pop.activity[i]);
}

/// Returns the stream of reader i's engagement draws with a post (keyed by the post's serial,
/// which recycling does not change).
inline RandomStream engage_stream(const StepContext& ctx, AgentId i, std::uint32_t serial) {
  return ctx.stream(kStream, kEngage, (std::uint64_t{i} << 32) | serial);
}

/// Returns log(p / (1 - p)), -inf for p <= 0 and +inf for p >= 1.
inline double logit(double p) {
  if (!(p > 0.0)) return -std::numeric_limits<double>::infinity();
  if (p >= 1.0) return std::numeric_limits<double>::infinity();
  return std::log(p / (1.0 - p));
}

}  // namespace snsim::media_detail
