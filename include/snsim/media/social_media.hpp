#pragma once
// SocialMedia ("social_media"): the social-media channel of MODEL.md section 4, steps 2-4.
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
// Cost per step: O(active agents x (feed capacity + ads read)) for reading, O(pushes) for posting.
#include <array>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "snsim/core/process.hpp"

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
    a(since_compaction_, shared_, largest_, roots_, depth_sum_, size_hist_, depth_hist_);
  }

 private:
  struct Metrics {
    MetricId reach, impressions, ad_impressions, likes, shares, replies, replies_answered,
        followers, follows, unfollows, posts, cascade_largest, cascade_depth_mean, feed_reads,
        people_posts, active, person_follows, person_unfollows;
  } m_{};
  /// Steps since the follow graph's overlay was last folded into its CSR (FollowGraph::compact).
  static constexpr std::uint32_t kCompactEvery = 8;
  std::uint32_t since_compaction_ = 0;
  std::unordered_set<std::uint64_t> shared_;  ///< (root << 32 | agent): who shared which cascade
  std::vector<std::uint32_t> largest_;        ///< per brand: largest cascade so far
  std::vector<std::uint64_t> roots_, depth_sum_;  ///< per brand: root posts, sum of their depths
  /// Cascade distributions of each brand's posts, kept up to date share by share (O(1) each) and
  /// recorded every step as cascade_size_histogram/<2^j>-<2^(j+1)-1> (log2 bins) and
  /// cascade_depth_histogram/<d> (the last bin counts depth kDepthBins - 1 and more).
  static constexpr std::size_t kSizeBins = 20, kDepthBins = 16;
  std::vector<std::array<std::int64_t, kSizeBins>> size_hist_;
  std::vector<std::array<std::int64_t, kDepthBins>> depth_hist_;
  std::array<MetricId, kSizeBins> size_bins_{};
  std::array<MetricId, kDepthBins> depth_bins_{};
};

}  // namespace snsim
