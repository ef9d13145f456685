#include "snsim/media/feed_push.hpp"

#include <omp.h>

#include <utility>
#include <vector>

namespace snsim {

void push_to_followers(const FollowGraph& graph, Feeds& feeds, std::span<const FeedPush> pushes,
                       std::uint32_t people, int threads) {
  if (pushes.empty()) return;
  for (const FeedPush& p : pushes) feeds.note_arrival(p.entry.post, p.entry.arrival);
  // Receiver ranges by id: a feed is written by one thread only, in list order. Each thread walks
  // the pushes once, counting each feed's arrivals (so that make_room() gives each row the slots
  // it will fill, at most capacity) and noting its deliveries in order; after make_room() it
  // replays its own deliveries.
  const std::uint32_t cap = feeds.capacity;
  std::vector<ArcIndex>& count = feeds.pending();
  const int parts = threads;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> deliveries(
      static_cast<std::size_t>(parts));
#pragma omp parallel num_threads(parts) if (parts > 1)
  {
    const auto part = static_cast<std::uint64_t>(omp_get_thread_num());
    const auto nparts = static_cast<std::uint64_t>(omp_get_num_threads());
    const auto lo = static_cast<std::uint32_t>(people * part / nparts);
    const auto hi = static_cast<std::uint32_t>(people * (part + 1) / nparts);
    auto& mine = deliveries[part];
    auto to = [&](std::uint32_t f, std::uint32_t post) {
      if (count[f] < cap) ++count[f];
      mine.emplace_back(f, post);
    };
    for (const FeedPush& p : pushes) {
      if (p.source < people) {
        graph.for_each_follower_in(p.source, lo, hi, [&](std::uint32_t f) { to(f, p.entry.post); });
        continue;
      }
      const std::uint32_t b = p.source - people;
      const auto& flag = graph.follows_brand[b];
      for (std::uint32_t f : graph.brand_followers[b])
        if (f >= lo && f < hi && flag[f]) to(f, p.entry.post);
    }
  }
  feeds.make_room(threads);
#pragma omp parallel for schedule(static, 1) num_threads(parts) if (parts > 1)
  for (int part = 0; part < parts; ++part)
    for (const auto& [f, post] : deliveries[static_cast<std::size_t>(part)]) feeds.push(f, post);
}

}  // namespace snsim
