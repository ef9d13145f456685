#include "snsim/media/feed_push.hpp"

#include <omp.h>

namespace snsim {

void push_to_followers(const FollowGraph& graph, Feeds& feeds, std::span<const FeedPush> pushes,
                       std::uint32_t people, int threads) {
  if (pushes.empty()) return;
  for (const FeedPush& p : pushes) feeds.note_arrival(p.entry.post, p.entry.arrival);
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    // Receiver ranges by id: a feed is written by one thread only, in list order.
    const auto part = static_cast<std::uint64_t>(omp_get_thread_num());
    const auto parts = static_cast<std::uint64_t>(omp_get_num_threads());
    const auto lo = static_cast<std::uint32_t>(people * part / parts);
    const auto hi = static_cast<std::uint32_t>(people * (part + 1) / parts);
    for (const FeedPush& p : pushes) {
      if (p.source < people) {
        graph.for_each_follower_in(p.source, lo, hi,
                                   [&](std::uint32_t f) { feeds.push(f, p.entry.post); });
        continue;
      }
      const std::uint32_t b = p.source - people;
      const auto& flag = graph.follows_brand[b];
      for (std::uint32_t f : graph.brand_followers[b])
        if (f >= lo && f < hi && flag[f]) feeds.push(f, p.entry.post);
    }
  }
}

}  // namespace snsim
