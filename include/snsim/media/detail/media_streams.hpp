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
  kBackground,  ///< unused since background items draw from the reader's kReadTime stream
  kAd,
  kAnswer,
  kSeen,  ///< unused since seen ranks draw from the reader's kReadTime stream
  kReadTime,
  kSeedPick,
  kPenalty
};

/// Returns the number of feed sessions agent i opens this step (Poisson or Bernoulli activity).
inline std::uint32_t sessions_of(const Population& pop, const PlatformSpec& ps,
                                 const StepContext& ctx, AgentId i) {
  if (ps.sessions == SessionModel::bernoulli) {
    const double p = pop.activity[i];
    if (p >= 1.0) return 1;  // certain: no draw (the stream serves this decision only)
    return ctx.stream(kStream, kSessions, i).bernoulli(p) ? 1 : 0;
  }
  RandomStream s = ctx.stream(kStream, kSessions, i);
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
