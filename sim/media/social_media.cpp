#include "snsim/media/social_media.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

#include <omp.h>

#include "snsim/core/parallel.hpp"
#include "snsim/core/world.hpp"
#include "snsim/media/detail/media_streams.hpp"
#include "snsim/media/detail/posting.hpp"
#include "snsim/media/detail/reading.hpp"
#include "snsim/media/feed_push.hpp"
#include "snsim/media/follow_graph.hpp"
#include "snsim/media/influence_max.hpp"

namespace snsim {

using media_detail::CascadeTracker;
using media_detail::create_content;
using media_detail::kAnswer;
using media_detail::kReadTime;
using media_detail::kSeedPick;
using media_detail::kStream;
using media_detail::NewContent;
using media_detail::Outbox;
using media_detail::read_feeds;

SocialMedia::SocialMedia(const Scenario&) {}

void SocialMedia::define_metrics(Recorder& r) {
  m_.reach = r.define_or_find("reach", "agents",
                              "distinct people who have seen the brand's content (cumulative)");
  m_.impressions =
      r.define_or_find("impressions", "impressions",
                       "impressions of the brand's content this step (broadcast and feeds)");
  m_.ad_impressions =
      r.define("ad_impressions", "impressions", "promoted posts (ads) read in feeds this step");
  m_.likes = r.define("likes", "likes", "likes of the brand's content this step");
  m_.shares = r.define("shares", "shares", "shares of the brand's content this step");
  m_.replies = r.define("replies", "replies", "replies to the brand's content this step");
  m_.replies_answered =
      r.define("replies_answered", "replies", "replies the brand answered this step (two-way)");
  m_.followers = r.define("followers", "agents", "people following the brand");
  m_.follows = r.define("follows", "agents", "new followers of the brand this step");
  m_.unfollows = r.define("unfollows", "agents", "people who unfollowed the brand this step");
  m_.posts =
      r.define("posts", "posts", "posts of the brand's content this step (own and influencers')");
  m_.cascade_largest = r.define("cascade_largest", "agents",
                                "largest cascade of a brand post so far (1 + distinct sharers)");
  m_.cascade_depth_mean =
      r.define("cascade_depth_mean", "hops", "mean depth of the brand's post cascades so far");
  for (std::size_t j = 0; j < CascadeTracker::kSizeBins; ++j) {
    const std::string bin = std::to_string(1ull << j) + "-" + std::to_string((2ull << j) - 1);
    size_bins_[j] = r.define("cascade_size_histogram/" + bin, "posts",
                             "the brand's posts whose cascade has " + bin + " people so far");
  }
  for (std::size_t d = 0; d < CascadeTracker::kDepthBins; ++d)
    depth_bins_[d] =
        r.define("cascade_depth_histogram/" + std::to_string(d), "posts",
                 "the brand's posts whose cascade is " + std::to_string(d) +
                     (d + 1 == CascadeTracker::kDepthBins ? " or more" : "") + " hops deep so far");
  m_.feed_reads = r.define("feed_reads", "items", "feed items read this step (all content)", false);
  m_.people_posts = r.define("people_posts", "posts", "posts by people this step", false);
  m_.active = r.define("active_agents", "agents", "people who opened their feed this step", false);
  m_.person_follows =
      r.define("person_follows", "arcs",
               "new follows of a person by a person this step (after engagement)", false);
  m_.person_unfollows = r.define("person_unfollows", "arcs",
                                 "people who unfollowed a person this step (fatigue)", false);
}

void SocialMedia::prepare(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const Population& pop = world.population();
  MediaState& media = world.media();
  const std::uint32_t n = pop.size;
  const std::uint32_t brands = world.brand_count();
  media.follow = build_follow_graph(world, ctx.seed, kStream);
  media.feeds.reset(n, sc.platform.feed_capacity);
  // Brand topic: the normalised mean interest of the brand's home community.
  // One pass over the people for all brands (each brand's sum still in agent order).
  media.brand_topic.setZero(brands, pop.interest.topics());
  for (AgentId i = 0; i < n; ++i)
    for (BrandId b = 0; b < brands; ++b)
      if (pop.community[i] == sc.brands[b].community)
        pop.interest.add_to(i, media.brand_topic.row(b));
  for (BrandId b = 0; b < brands; ++b) {
    const float norm = media.brand_topic.row(b).norm();
    if (norm > 0) media.brand_topic.row(b) /= norm;
  }
  media.influencers.assign(brands, {});
  for (BrandId b = 0; b < brands; ++b) {
    const BrandMediaSpec& bm = sc.brands[b].media;
    if (bm.influencers == 0) continue;
    if (bm.selection == SeedSelection::imm)
      media.influencers[b] = imm_seeds(
          media.follow, pop.share, bm.influencers, sc.platform.imm_epsilon, sc.platform.imm_ell,
          sc.platform.imm_max_sets, ctx.seed, kStream, kSeedPick + 100 * b);
    else
      media.influencers[b] = select_influencers(world, media.follow, bm.selection, bm.influencers,
                                                ctx.seed, kStream, kSeedPick + 100 * b);
    // The chosen people go to the results (ids:influencers:<brand>), to compare selections.
    if (ctx.recorder != nullptr)
      ctx.recorder->set_ids("influencers:" + sc.brands[b].name,
                            {media.influencers[b].begin(), media.influencers[b].end()});
  }
  cascades_.reset(brands);
  since_compaction_ = 0;
  live_after_recycling_ = 0;
  media.ready = true;
}

void SocialMedia::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const PlatformSpec& ps = sc.platform;
  const Population& pop = world.population();
  MediaState& media = world.media();
  PostStore& posts = media.posts;
  FollowGraph& follow = media.follow;
  const std::uint32_t n = pop.size;
  const std::uint32_t brands = world.brand_count();
  const Step t = ctx.step;
  const int threads =
      static_cast<std::int64_t>(n) >= kMinParallelAgents ? omp_get_max_threads() : 1;

  // 1-3. New posts (brands, influencers, people) reach their authors' followers; ads are placed.
  NewContent content = create_content(world, ctx, cascades_, threads);
  push_to_followers(follow, media.feeds, content.pushes, n, threads);
  // 4. Reading under limited attention, in parallel over agents.
  const std::vector<Outbox> out = read_feeds(world, ctx, content.ads, cascades_, threads);

  // 5. Merge the outboxes in agent order.
  std::vector<std::int64_t> reach(brands, 0), impressions(brands, 0), ad_impr(brands, 0),
      likes(brands, 0), shares(brands, 0), replies(brands, 0), answered(brands, 0),
      follows(brands, 0), unfollows(brands, 0);
  std::int64_t reads = 0, active = 0;
  std::vector<std::vector<std::uint32_t>> repliers(brands);
  for (const Outbox& box : out) {
    for (BrandId b = 0; b < brands; ++b) {
      reach[b] += box.reach[b];
      impressions[b] += box.impressions[b];
      ad_impr[b] += box.ad_impressions[b];
      likes[b] += box.likes_b[b];
      replies[b] += box.replies_b[b];
    }
    reads += box.reads;
    active += box.active;
    for (std::uint32_t p : box.likes) ++posts.likes[p];
    for (const auto& [b, i] : box.replies) repliers[b].push_back(i);
  }
  // Shares become posts of their cascades, pushed to the sharers' followers at the sharer's read
  // time: they see them at their next read (this step's reads are done), if still alive.
  std::vector<FeedPush> share_pushes;
  auto read_time = [&](std::uint32_t i) {
    RandomStream s = ctx.stream(kStream, kReadTime, i);
    return static_cast<float>(t + s.uniform01());
  };
  for (const Outbox& box : out)
    cascades_.add_shares(posts, box.shares, t, read_time, shares, share_pushes);
  push_to_followers(follow, media.feeds, share_pushes, n, threads);
  // Replies: the brand answers as many as its hours allow, picked at random (two-way); the rest
  // stay one-way. An answer raises trust (E46).
  for (BrandId b = 0; b < brands; ++b) {
    const BrandMediaSpec& bm = sc.brands[b].media;
    auto& list = repliers[b];
    const auto capacity = static_cast<std::uint64_t>(
        std::floor(world.allocations()[b].hours_for(world.allocations()[b].mix.answer) * 60.0 /
                   bm.minutes_per_reply));
    RandomStream s = ctx.stream(kStream, kAnswer, b);
    const std::uint64_t k = std::min<std::uint64_t>(capacity, list.size());
    for (std::uint64_t j = 0; j < k; ++j) std::swap(list[j], list[j + s.below(list.size() - j)]);
    auto& trust = world.funnels()[b].trust;
    for (std::uint64_t j = 0; j < k; ++j)
      trust[list[j]] = static_cast<float>(std::min(1.0, trust[list[j]] + ps.answer_trust_gain));
    answered[b] = static_cast<std::int64_t>(k);
  }
  for (const Outbox& box : out) {
    for (const auto& [b, i] : box.follows)
      if (!follow.follows_brand[b].test(i)) {
        follow.follows_brand[b].set(i);
        follow.brand_followers[b].push_back(i);
        ++follow.brand_follower_count[b];
        ++follows[b];
      }
    for (const auto& [b, i] : box.unfollows)
      if (follow.follows_brand[b].test(i)) {
        follow.follows_brand[b].reset(i);
        --follow.brand_follower_count[b];
        ++unfollows[b];
      }
  }
  // People following people: the outboxes' events, in agent order, applied as sets (the result
  // does not depend on their order); the overlay is folded into the CSR every few steps, or
  // sooner when it grows past an eighth of the arcs, so pushes stay O(row + log |overlay|).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pf, pu;
  for (const Outbox& box : out) {
    pf.insert(pf.end(), box.person_follows.begin(), box.person_follows.end());
    pu.insert(pu.end(), box.person_unfollows.begin(), box.person_unfollows.end());
  }
  const auto [person_follows, person_unfollows] =
      follow.apply_person_changes(std::move(pf), std::move(pu));
  ++since_compaction_;
  if (follow.pending_changes() > 0 &&
      (since_compaction_ >= kCompactEvery ||
       follow.pending_changes() > follow.followers.size() / 8 + 1024)) {
    follow.compact();
    since_compaction_ = 0;
  }
  for (BrandId b = 0; b < brands; ++b) {
    auto& list = follow.brand_followers[b];
    if (list.size() > 2 * static_cast<std::size_t>(follow.brand_follower_count[b]) + 64) {
      // Drop stale entries (people who unfollowed); a re-follow appended a fresh entry.
      FlagBits seen;
      seen.assign(n);
      std::size_t kept = 0;
      for (std::uint32_t i : list)
        if (follow.follows_brand[b].test(i) && !seen.test(i)) {
          seen.set(i);
          list[kept++] = i;
        }
      list.resize(kept);
    }
  }

  if (recycle_posts_) recycle_posts(media);

  // 6. Money for ads actually shown, and the metrics.
  for (BrandId b = 0; b < brands; ++b) {
    BrandFunnel& f = world.funnels()[b];
    f.reach += reach[b];
    world.ledgers()[b].money_spent += static_cast<double>(ad_impr[b]) * sc.economics.cpm / 1000.0;
    Recorder& r = *ctx.recorder;
    r.set(m_.reach, t, b, static_cast<double>(f.reach));
    r.add(m_.impressions, t, b, static_cast<double>(impressions[b]));
    r.set(m_.ad_impressions, t, b, static_cast<double>(ad_impr[b]));
    r.set(m_.likes, t, b, static_cast<double>(likes[b]));
    r.set(m_.shares, t, b, static_cast<double>(shares[b]));
    r.set(m_.replies, t, b, static_cast<double>(replies[b]));
    r.set(m_.replies_answered, t, b, static_cast<double>(answered[b]));
    r.set(m_.followers, t, b, static_cast<double>(follow.brand_follower_count[b]));
    r.set(m_.follows, t, b, static_cast<double>(follows[b]));
    r.set(m_.unfollows, t, b, static_cast<double>(unfollows[b]));
    r.set(m_.posts, t, b, static_cast<double>(content.brand_posts[b]));
    r.set(m_.cascade_largest, t, b,
          cascades_.roots(b) > 0 ? static_cast<double>(cascades_.largest(b)) : 0.0);
    for (std::size_t j = 0; j < CascadeTracker::kSizeBins; ++j)
      r.set(size_bins_[j], t, b, static_cast<double>(cascades_.size_histogram(b)[j]));
    for (std::size_t k = 0; k < CascadeTracker::kDepthBins; ++k)
      r.set(depth_bins_[k], t, b, static_cast<double>(cascades_.depth_histogram(b)[k]));
    r.set(m_.cascade_depth_mean, t, b, cascades_.depth_mean(b));
  }
  ctx.recorder->set(m_.feed_reads, t, static_cast<double>(reads));
  ctx.recorder->set(m_.people_posts, t, static_cast<double>(content.people_posts));
  ctx.recorder->set(m_.active, t, static_cast<double>(active));
  ctx.recorder->set(m_.person_follows, t, static_cast<double>(person_follows));
  ctx.recorder->set(m_.person_unfollows, t, static_cast<double>(person_unfollows));
}

void SocialMedia::recycle_posts(MediaState& media) {
  PostStore& posts = media.posts;
  // Amortised: only when the store has doubled since the last recycling, so each post is
  // scanned O(1) times; small stores are left alone.
  if (posts.size() < std::max<std::size_t>(kRecycleMinPosts, 2 * live_after_recycling_)) return;
  // A post can still matter only while it sits in some feed (it may be read and shared); a
  // kept share keeps its cascade's root (share counts, depth). Everything else is unreadable.
  // The two passes over every feed slot run in parallel: marks are the same byte 1 from any
  // thread (relaxed atomic stores, so no data race), and each feed is remapped by one thread.
  std::vector<std::uint8_t> keep(posts.size(), 0);
  Feeds& feeds = media.feeds;
  const auto people = static_cast<std::int64_t>(feeds.size.size());
#pragma omp parallel for schedule(static) if (people >= kMinParallelAgents)
  for (std::int64_t i = 0; i < people; ++i)
    for (const std::uint32_t p : feeds.of(static_cast<std::uint32_t>(i))) {
      std::atomic_ref<std::uint8_t>(keep[p]).store(1, std::memory_order_relaxed);
      std::atomic_ref<std::uint8_t>(keep[posts.root[p]]).store(1, std::memory_order_relaxed);
    }
  const std::vector<std::uint32_t> to = posts.compact(keep);
  feeds.remap_posts(to, posts.size());
  cascades_.remap(to);
  live_after_recycling_ = posts.size();
}

}  // namespace snsim
