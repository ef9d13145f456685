#include "snsim/media/feed_push.hpp"

#include <omp.h>

namespace snsim {

void push_to_followers(const FollowGraph& graph, Feeds& feeds, std::span<const FeedPush> pushes,
                       std::uint32_t people, int threads) {
  if (pushes.empty()) return;
  for (const FeedPush& p : pushes) feeds.note_arrival(p.entry.post, p.entry.arrival);
  // Receiver ranges by id: a feed is written by one thread only, in list order. The pushes are
  // walked twice: first to count each feed's arrivals, so that make_room() gives each row the
  // slots it will fill (at most capacity), then to deliver them.
  auto deliver = [&](auto&& to) {
#pragma omp parallel num_threads(threads) if (threads > 1)
    {
      const auto part = static_cast<std::uint64_t>(omp_get_thread_num());
      const auto parts = static_cast<std::uint64_t>(omp_get_num_threads());
      const auto lo = static_cast<std::uint32_t>(people * part / parts);
      const auto hi = static_cast<std::uint32_t>(people * (part + 1) / parts);
      for (const FeedPush& p : pushes) {
        if (p.source < people) {
          graph.for_each_follower_in(p.source, lo, hi,
                                     [&](std::uint32_t f) { to(f, p.entry.post); });
          continue;
        }
        const std::uint32_t b = p.source - people;
        const auto& flag = graph.follows_brand[b];
        for (std::uint32_t f : graph.brand_followers[b])
          if (f >= lo && f < hi && flag.test(f)) to(f, p.entry.post);
      }
    }
  };
  const std::uint32_t cap = feeds.capacity;
  std::vector<std::uint16_t>& count = feeds.pending();
  deliver([&](std::uint32_t f, std::uint32_t) {
    if (count[f] < cap) ++count[f];
  });
  feeds.make_room(threads);
  deliver([&](std::uint32_t f, std::uint32_t post) { feeds.push(f, post); });
}

}  // namespace snsim
