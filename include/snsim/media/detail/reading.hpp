#pragma once
// Internal to the social_media process: reading feeds under limited attention (docs/model.md steps
// 3 and 4). Every active agent ranks the unexpired items of its feed together with background
// items, reads the top `attention` items of each session (sponsored ads first), and decides to
// like, share, reply, follow or unfollow; what it decides goes to its thread's outbox. Runs in
// parallel over agents; outboxes are merged in thread order, which is agent order.
#include <cstdint>
#include <utility>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/media/detail/cascade_tracker.hpp"

namespace snsim::media_detail {

/// What one thread's agents read and decided.
struct Outbox {
  std::vector<std::uint32_t> likes;                              ///< post ids liked
  std::vector<std::pair<std::uint32_t, std::uint32_t>> shares;   ///< (sharer, post)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> replies;  ///< (brand, agent)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> follows;  ///< (brand, agent)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unfollows;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> person_follows;    ///< (follower, followee)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> person_unfollows;  ///< (follower, followee)
  std::vector<std::int64_t> reach, impressions, ad_impressions, likes_b, replies_b;
  std::int64_t reads = 0, active = 0;
  /// Empties the outbox and sizes its per-brand counters.
  void reset(std::uint32_t brands);
};

/// Reads every active agent's feed this step on `threads` threads and returns one outbox per
/// chunk of consecutive readers, in agent order (the same for any thread count). ads: (agent, ad
/// post), sorted by agent. Writes the brands' touches, reached flags and the feeds (read and
/// expired items leave); reads everything else.
std::vector<Outbox> read_feeds(World& world, const StepContext& ctx,
                               const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ads,
                               const CascadeTracker& cascades, int threads);

}  // namespace snsim::media_detail
