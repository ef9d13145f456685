#pragma once
// Internal to the social_media process: cascades of posts (docs/model.md step 4). Creates root
// posts, turns shares into new posts of the same cascade (once per person and cascade), and keeps
// each brand's cascade statistics up to date share by share: largest cascade, mean depth, and the
// size (log2 bins) and depth distributions recorded every step.
#include <array>
#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

#include "snsim/media/feed_push.hpp"
#include "snsim/media/media_state.hpp"

namespace snsim::media_detail {

class CascadeTracker {
 public:
  static constexpr std::size_t kSizeBins = 20, kDepthBins = 16;

  /// Forgets everything and sizes the per-brand statistics.
  void reset(std::uint32_t brands);
  /// Adds a root post (own post or ad) created at step t and returns its id.
  std::uint32_t new_root(PostStore& posts, std::uint32_t author, std::uint32_t topic, float q,
                         std::uint16_t brand, PostKind kind, std::uint32_t t);
  /// Returns true if person i has already shared the cascade rooted at `root`.
  bool shared(std::uint32_t root, std::uint32_t i) const {
    return shared_.count((std::uint64_t{root} << 32) | i) != 0;
  }
  /// Turns (sharer, post) shares, in order, into share posts created at step t (a person shares
  /// a cascade at most once), updates the statistics, adds the shares of brand content to
  /// shares_per_brand and appends each new post's push (at the sharer's time `when(sharer)`).
  template <class When>
  void add_shares(PostStore& posts, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& s,
                  std::uint32_t t, When&& when, std::vector<std::int64_t>& shares_per_brand,
                  std::vector<FeedPush>& pushes) {
    for (const auto& [i, p] : s) {
      const std::uint32_t id = add_share(posts, i, p, t, shares_per_brand);
      if (id != PostStore::kDropped) pushes.push_back({i, FeedEntry{id, when(i)}});
    }
  }
  /// Renumbers the cascades after PostStore::compact (old id -> new id) and forgets who shared
  /// dropped cascades (nobody can read them any more).
  void remap(const std::vector<std::uint32_t>& to);

  std::uint32_t largest(std::uint32_t b) const { return largest_[b]; }
  std::uint64_t roots(std::uint32_t b) const { return roots_[b]; }
  /// Returns the mean depth of brand b's cascades (0 before its first post), in hops.
  double depth_mean(std::uint32_t b) const {
    return roots_[b] > 0 ? static_cast<double>(depth_sum_[b]) / static_cast<double>(roots_[b])
                         : 0.0;
  }
  const std::array<std::int64_t, kSizeBins>& size_histogram(std::uint32_t b) const {
    return size_hist_[b];
  }
  const std::array<std::int64_t, kDepthBins>& depth_histogram(std::uint32_t b) const {
    return depth_hist_[b];
  }
  /// Returns the heap bytes held (the who-shared-what set dominates).
  std::size_t memory_bytes() const;
  /// Checkpoint fields (core/state_archive.hpp): every member.
  void state_fields(StateArchive& a) {
    a(shared_, largest_, roots_, depth_sum_, size_hist_, depth_hist_);
  }

 private:
  /// Adds one share post; returns its id, or kDropped if i had shared this cascade already.
  std::uint32_t add_share(PostStore& posts, std::uint32_t i, std::uint32_t p, std::uint32_t t,
                          std::vector<std::int64_t>& shares_per_brand);

  std::unordered_set<std::uint64_t> shared_;  ///< (root << 32 | agent): who shared which cascade
  std::vector<std::uint32_t> largest_;        ///< per brand: largest cascade so far
  std::vector<std::uint64_t> roots_, depth_sum_;  ///< per brand: root posts, sum of their depths
  std::vector<std::array<std::int64_t, kSizeBins>> size_hist_;
  std::vector<std::array<std::int64_t, kDepthBins>> depth_hist_;
};

}  // namespace snsim::media_detail
