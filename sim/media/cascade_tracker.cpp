#include "snsim/media/detail/cascade_tracker.hpp"

#include <algorithm>
#include <bit>

namespace snsim::media_detail {

void CascadeTracker::reset(std::uint32_t brands) {
  shared_.clear();
  largest_.assign(brands, 1);
  roots_.assign(brands, 0);
  depth_sum_.assign(brands, 0);
  size_hist_.assign(brands, {});
  depth_hist_.assign(brands, {});
}

std::uint32_t CascadeTracker::new_root(PostStore& posts, std::uint32_t author, std::uint32_t topic,
                                       float q, std::uint16_t brand, PostKind kind,
                                       std::uint32_t t) {
  const std::uint32_t id = posts.add(author, topic, posts.size(), t, q, brand, 0, kind);
  if (brand != kNoBrand) {
    ++roots_[brand];
    ++size_hist_[brand][0];   // size 1
    ++depth_hist_[brand][0];  // depth 0
  }
  return id;
}

std::uint32_t CascadeTracker::add_share(PostStore& posts, std::uint32_t i, std::uint32_t p,
                                        std::uint32_t t,
                                        std::vector<std::int64_t>& shares_per_brand) {
  const std::uint32_t root = posts.root[p];
  if (!shared_.insert((std::uint64_t{root} << 32) | i).second) return PostStore::kDropped;
  const auto d = static_cast<std::uint16_t>(posts.depth[p] + 1);
  const std::uint32_t id =
      posts.add(i, posts.topic[p], root, t, posts.quality[p], posts.brand[p], d, PostKind::share);
  const std::uint32_t old_size = posts.cascade_size[root]++;
  const std::uint16_t brand = posts.brand[root];
  if (brand != kNoBrand) {
    const auto from = std::min<std::size_t>(kSizeBins - 1, std::bit_width(old_size) - 1);
    const auto to = std::min<std::size_t>(kSizeBins - 1, std::bit_width(old_size + 1) - 1);
    --size_hist_[brand][from];
    ++size_hist_[brand][to];
    const std::uint16_t old_depth = posts.cascade_depth[root];
    if (d > old_depth) {
      --depth_hist_[brand][std::min<std::size_t>(kDepthBins - 1, old_depth)];
      ++depth_hist_[brand][std::min<std::size_t>(kDepthBins - 1, d)];
      depth_sum_[brand] += d - old_depth;
    }
    ++shares_per_brand[brand];
    largest_[brand] = std::max(largest_[brand], posts.cascade_size[root]);
  }
  if (d > posts.cascade_depth[root]) posts.cascade_depth[root] = d;
  return id;
}

void CascadeTracker::remap(const std::vector<std::uint32_t>& to) {
  std::unordered_set<std::uint64_t> kept;
  kept.reserve(shared_.size());
  for (std::uint64_t key : shared_) {
    const std::uint32_t root = to[key >> 32];
    if (root != PostStore::kDropped) kept.insert((std::uint64_t{root} << 32) | (key & 0xFFFFFFFFu));
  }
  shared_.swap(kept);
}

std::size_t CascadeTracker::memory_bytes() const {
  // A node per element (key + next pointer + hash cached: about 24 bytes) plus the bucket array.
  return shared_.size() * 24 + shared_.bucket_count() * sizeof(void*) +
         (largest_.capacity() + 2 * roots_.capacity()) * sizeof(std::uint64_t) +
         size_hist_.capacity() * sizeof(size_hist_[0]) +
         depth_hist_.capacity() * sizeof(depth_hist_[0]);
}

}  // namespace snsim::media_detail
