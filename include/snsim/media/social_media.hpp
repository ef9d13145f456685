#pragma once
// SocialMedia ("social_media"): the social-media channel of docs/model.md section 4, steps 2-4.
//
// Each step: brands post by their cadence and pay influencers to post; people post at their
// activity rate; brands buy ads at the CPM, targeted by interest; every active agent reads the
// top items of its bounded feed under the platform's ranking and limited attention; reads of a
// brand's content are impressions, touches (channels post, ad, share) and reach; readers like,
// share (pushing to their followers: cascades) and reply; brands answer replies within their
// hours; engaged readers follow the brand and bored ones unfollow it; likers and sharers of a
// person's post (or share) follow that person, and followers bored by a person's irrelevant items
// unfollow them (FollowGraph's overlay, compacted every kCompactEvery steps).
//
// Determinism: every draw is keyed by (step, purpose, agent/post/brand); reading runs in parallel
// over agents with per-thread outboxes merged in agent order, and new post ids are assigned in
// that canonical order, so results do not depend on the thread count.
// Cost per step: O(active agents x (feed capacity + ads read)) for reading, O(pushes) for posting
// (pushes run in parallel, partitioned by receiver: media/feed_push.hpp). Posts nobody can read
// any more are recycled whenever the store has doubled, so memory stays bounded in long runs.
// The parts live in media/detail/: posting.hpp, reading.hpp, cascade_tracker.hpp.
#include <array>
#include <cstdint>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/media/detail/cascade_tracker.hpp"

namespace snsim {

struct Scenario;

class SocialMedia final : public Process {
 public:
  explicit SocialMedia(const Scenario& scenario);
  std::string_view name() const override { return "social_media"; }
  std::vector<std::string_view> reads() const override {
    return {"social_graph", "population", "brands", "funnel.trust"};
  }
  std::vector<std::string_view> writes() const override {
    return {"media", "funnel.touches", "funnel.reached", "funnel.trust", "ledger.money_spent"};
  }
  void define_metrics(Recorder& recorder) override;
  void prepare(World& world, StepContext& ctx) override;
  void step(World& world, StepContext& ctx) override;
  void state_fields(StateArchive& a) override {
    a(since_compaction_, cascades_, live_after_recycling_);
  }
  /// Turns recycling of unreadable posts on (the default) or off. Results are the same either way
  /// (tested); off keeps every post of the run in world.media().posts for analysis in tests.
  void set_post_recycling(bool on) { recycle_posts_ = on; }

 private:
  /// Drops the posts no feed holds (keeping the roots of kept shares) once the store has doubled
  /// since the last time, renumbering feeds and cascades. O(posts + feed slots), amortised O(1)
  /// per post.
  void recycle_posts(MediaState& media);

  struct Metrics {
    MetricId reach, impressions, ad_impressions, likes, shares, replies, replies_answered,
        followers, follows, unfollows, posts, cascade_largest, cascade_depth_mean, feed_reads,
        people_posts, active, person_follows, person_unfollows;
  } m_{};
  /// Steps since the follow graph's overlay was last folded into its CSR (FollowGraph::compact).
  static constexpr std::uint32_t kCompactEvery = 8;
  std::uint32_t since_compaction_ = 0;
  /// Cascades and their distributions, recorded every step as
  /// cascade_size_histogram/<2^j>-<2^(j+1)-1> (log2 bins) and cascade_depth_histogram/<d> (the
  /// last bin counts depth kDepthBins - 1 and more).
  media_detail::CascadeTracker cascades_;
  std::array<MetricId, media_detail::CascadeTracker::kSizeBins> size_bins_{};
  std::array<MetricId, media_detail::CascadeTracker::kDepthBins> depth_bins_{};
  /// Recycling: a store below this many posts is never recycled.
  static constexpr std::size_t kRecycleMinPosts = std::size_t{1} << 16;
  bool recycle_posts_ = true;
  std::size_t live_after_recycling_ = 0;  ///< posts kept by the last recycling
};

}  // namespace snsim
