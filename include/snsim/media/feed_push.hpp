#pragma once
// Feed pushes: a new post or share lands in the feed of every live follower of its author
// (docs/model.md step 2). Run in parallel, partitioned by receiver: each thread walks the whole
// list of pushes in its canonical order and delivers only to receivers in its own id range, so
// every feed sees exactly the serial sequence of pushes and the result does not depend on the
// thread count. Cost: O(pushes x threads x log row + arcs delivered).
#include <cstdint>
#include <span>

#include "snsim/media/media_state.hpp"

namespace snsim {

/// One push: the author account (person id, or people + brand for a brand) and the feed entry.
struct FeedPush {
  std::uint32_t source = 0;
  FeedEntry entry;
};

/// Delivers the pushes, in list order, to the followers of each source (people: live follower
/// arcs; brands: flagged followers in list order), on `threads` threads.
void push_to_followers(const FollowGraph& graph, Feeds& feeds, std::span<const FeedPush> pushes,
                       std::uint32_t people, int threads);

}  // namespace snsim
