#include "snsim/media/social_media.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include <omp.h>

#include "snsim/core/parallel.hpp"
#include "snsim/core/poisson.hpp"
#include "snsim/core/world.hpp"
#include "snsim/media/follow_graph.hpp"
#include "snsim/media/influence_max.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("social_media");
enum Purpose : std::uint32_t {
  kSessions = 1,
  kPersonPost,
  kBrandPost,
  kInfluencerPost,
  kPostTime,
  kEngage,
  kBackground,
  kAd,
  kAnswer,
  kSeen,
  kReadTime,
  kSeedPick,
  kPenalty
};
constexpr std::uint32_t kVirtual = 0xFFFFFFFFu;  ///< a background item (not materialised)

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// Returns log(p / (1 - p)), -inf for p <= 0 and +inf for p >= 1.
double logit(double p) {
  if (!(p > 0.0)) return -std::numeric_limits<double>::infinity();
  if (p >= 1.0) return std::numeric_limits<double>::infinity();
  return std::log(p / (1.0 - p));
}

/// Returns the engagement chance: logistic of logit(base) plus the linear terms.
double engage_prob(const EngagementSpec& c, double base_logit, double rel, double quality,
                   double trust, double log_likes, double log_odds) {
  if (std::isinf(base_logit)) return base_logit > 0 ? 1.0 : 0.0;
  const double x = base_logit + c.relevance * rel + c.quality * (quality - 0.5) + c.trust * trust +
                   c.social_proof * log_likes + log_odds;
  return logistic(x);
}

/// What one thread saw and decided while reading (merged in thread order = agent order).
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
  void reset(std::uint32_t brands) {
    likes.clear();
    shares.clear();
    replies.clear();
    follows.clear();
    unfollows.clear();
    person_follows.clear();
    person_unfollows.clear();
    for (auto* v : {&reach, &impressions, &ad_impressions, &likes_b, &replies_b})
      v->assign(brands, 0);
    reads = active = 0;
  }
};

struct Candidate {
  double score = 0.0;
  float arrival = 0.0f;
  std::uint32_t post = kVirtual;
  std::uint32_t slot = 0;  ///< index in the feed row, or virtual index
  float rel = 0.0f;
  float log_likes = 0.0f;
};

std::uint32_t sessions_of(const Population& pop, const PlatformSpec& ps, const StepContext& ctx,
                          AgentId i) {
  RandomStream s = ctx.stream(kStream, kSessions, i);
  if (ps.sessions == SessionModel::bernoulli)
    return s.bernoulli(std::min(1.0, double(pop.activity[i]))) ? 1 : 0;
  return draw_poisson(s, pop.activity[i]);
}

}  // namespace

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
  for (std::size_t j = 0; j < kSizeBins; ++j) {
    const std::string bin = std::to_string(1ull << j) + "-" + std::to_string((2ull << j) - 1);
    size_bins_[j] = r.define("cascade_size_histogram/" + bin, "posts",
                             "the brand's posts whose cascade has " + bin + " people so far");
  }
  for (std::size_t d = 0; d < kDepthBins; ++d)
    depth_bins_[d] = r.define("cascade_depth_histogram/" + std::to_string(d), "posts",
                              "the brand's posts whose cascade is " + std::to_string(d) +
                                  (d + 1 == kDepthBins ? " or more" : "") + " hops deep so far");
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
  media.feeds.capacity = sc.platform.feed_capacity;
  media.feeds.slots.assign(static_cast<std::size_t>(n) * media.feeds.capacity, FeedEntry{});
  media.feeds.size.assign(n, 0);
  // Brand topic: the normalised mean interest of the brand's home community.
  media.brand_topic.setZero(brands, pop.interest.cols());
  for (BrandId b = 0; b < brands; ++b) {
    for (AgentId i = 0; i < n; ++i)
      if (pop.community[i] == sc.brands[b].community)
        media.brand_topic.row(b) += pop.interest.row(i);
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
  }
  largest_.assign(brands, 1);
  roots_.assign(brands, 0);
  depth_sum_.assign(brands, 0);
  size_hist_.assign(brands, {});
  depth_hist_.assign(brands, {});
  shared_.clear();
  since_compaction_ = 0;
  media.ready = true;
}

void SocialMedia::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const PlatformSpec& ps = sc.platform;
  const Population& pop = world.population();
  MediaState& media = world.media();
  PostStore& posts = media.posts;
  FollowGraph& follow = media.follow;
  Feeds& feeds = media.feeds;
  const std::uint32_t n = pop.size;
  const std::uint32_t brands = world.brand_count();
  const Step t = ctx.step;

  std::vector<std::int64_t> brand_posts(brands, 0);
  auto arrival_of = [&](std::uint32_t post) {
    RandomStream s = ctx.stream(kStream, kPostTime, post);
    return static_cast<float>(t + s.uniform01());
  };
  auto push_person_followers = [&](std::uint32_t person, FeedEntry e) {
    follow.for_each_follower(person, [&](std::uint32_t f) { feeds.push(f, e); });
  };
  auto new_root = [&](std::uint32_t author, std::uint32_t topic, float q, std::uint16_t brand,
                      PostKind k) {
    const std::uint32_t id = posts.add(author, topic, posts.size(), t, q, brand, 0, k);
    if (brand != kNoBrand) {
      ++roots_[brand];
      ++size_hist_[brand][0];   // size 1
      ++depth_hist_[brand][0];  // depth 0
    }
    return id;
  };

  // 1. Brands post by their cadence, and their influencers post for them.
  for (BrandId b = 0; b < brands; ++b) {
    const BrandMediaSpec& bm = sc.brands[b].media;
    RandomStream s = ctx.stream(kStream, kBrandPost, b);
    const double whole = std::floor(bm.posts_per_step);
    const auto count =
        static_cast<std::uint32_t>(whole) + (s.bernoulli(bm.posts_per_step - whole) ? 1 : 0);
    auto& list = follow.brand_followers[b];
    const auto& flag = follow.follows_brand[b];
    BrandStanding& standing = world.standings()[b];
    // Under a scandal's penalty the platform shows a post to each follower with the penalty's
    // chance (MODEL.md step 8); otherwise to all, with no draw, so runs without manipulation
    // are unchanged.
    const bool penalised = t < standing.penalty_until && standing.reach_multiplier < 1.0f;
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint32_t p = new_root(n + b, n + b, static_cast<float>(bm.post_quality),
                                       static_cast<std::uint16_t>(b), PostKind::organic);
      // Bought fakes are delivered onto the brand's next posts (PARAMETERS fake_delivery_steps).
      const double fakes = standing.fake_pending / static_cast<double>(count - k);
      posts.fake_likes[p] = static_cast<std::uint32_t>(std::llround(fakes));
      standing.fake_pending -= fakes;
      const FeedEntry e{p, arrival_of(p)};
      if (penalised) {
        RandomStream pen = ctx.stream(kStream, kPenalty, p);
        for (std::uint32_t f : list)
          if (flag[f] && pen.uniform01() < standing.reach_multiplier) feeds.push(f, e);
      } else {
        for (std::uint32_t f : list)
          if (flag[f]) feeds.push(f, e);
      }
      ++brand_posts[b];
    }
    const auto& inf = media.influencers[b];
    for (std::size_t k = 0; k < inf.size(); ++k) {
      RandomStream is = ctx.stream(kStream, kInfluencerPost, (std::uint64_t{b} << 32) | k);
      if (!is.bernoulli(bm.influencer_posts)) continue;
      const std::uint32_t p = new_root(inf[k], n + b, static_cast<float>(bm.post_quality),
                                       static_cast<std::uint16_t>(b), PostKind::organic);
      push_person_followers(inf[k], FeedEntry{p, arrival_of(p)});
      world.ledgers()[b].money_spent += bm.influencer_fee;
      ++brand_posts[b];
    }
  }

  // 2. People post at their activity rate (counts in parallel, posts created in agent order).
  const auto in = static_cast<std::int64_t>(n);
  const int threads = in >= kMinParallelAgents ? omp_get_max_threads() : 1;
  std::vector<std::vector<std::pair<std::uint32_t, float>>> authored(
      static_cast<std::size_t>(threads));
  std::int64_t people_posts = 0;
  if (ps.person_posts > 0.0) {
#pragma omp parallel num_threads(threads) if (threads > 1)
    {
      auto& mine = authored[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
      for (std::int64_t ii = 0; ii < in; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        const std::uint32_t sess = sessions_of(pop, ps, ctx, i);
        if (sess == 0) continue;
        RandomStream s = ctx.stream(kStream, kPersonPost, i);
        const std::uint32_t c = draw_poisson(s, sess * ps.person_posts);
        for (std::uint32_t k = 0; k < c; ++k)
          mine.emplace_back(i, static_cast<float>(s.uniform01()));
      }
    }
    for (const auto& list : authored)
      for (const auto& [author, q] : list) {
        const std::uint32_t p = new_root(author, author, q, kNoBrand, PostKind::organic);
        push_person_followers(author, FeedEntry{p, arrival_of(p)});
        ++people_posts;
      }
  }

  // 3. Paid promotion: ads shown at the top of targeted, active feeds; targets are drawn
  // uniformly and kept with probability max(0, relevance) (interest targeting).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ads;  // (agent, post)
  for (BrandId b = 0; b < brands; ++b) {
    const BrandMediaSpec& bm = sc.brands[b].media;
    const Allocation& alloc = world.allocations()[b];
    const double want = alloc.money_for(alloc.mix.promote) / sc.economics.cpm * 1000.0;
    if (!(want > 0.0)) continue;
    RandomStream s = ctx.stream(kStream, kAd, b);
    const double whole = std::floor(want);
    const auto count = static_cast<std::uint64_t>(whole) + (s.bernoulli(want - whole) ? 1 : 0);
    if (count == 0) continue;
    const std::uint32_t p = new_root(n + b, n + b, static_cast<float>(bm.post_quality),
                                     static_cast<std::uint16_t>(b), PostKind::ad);
    std::uint64_t shown = 0;
    for (std::uint64_t tries = 0; shown < count && tries < 50 * count; ++tries) {
      const auto i = static_cast<AgentId>(s.below(n));
      const double rel = pop.interest.row(i).dot(media.brand_topic.row(b));
      if (!s.bernoulli(rel)) continue;
      if (sessions_of(pop, ps, ctx, i) == 0) continue;
      ads.emplace_back(i, p);
      ++shown;
    }
  }
  std::stable_sort(ads.begin(), ads.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  // 4. Reading under limited attention, in parallel over agents.
  for (BrandId b = 0; b < brands; ++b)
    for (Channel c : {Channel::post, Channel::ad, Channel::share})
      world.funnels()[b].touch_column(c, n);
  std::vector<Outbox> out(static_cast<std::size_t>(threads));
  for (Outbox& box : out) box.reset(brands);  // also those of threads the runtime did not start
  const double like_logit = logit(ps.like.base);
  const double log_ad_odds = ps.ad_odds > 0.0 ? std::log(ps.ad_odds) : -1e9;
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    Outbox& box = out[static_cast<std::size_t>(omp_get_thread_num())];
    std::vector<Candidate> cand;
    std::vector<std::uint8_t> read_flag, done;
#pragma omp for schedule(static)
    for (std::int64_t ii = 0; ii < in; ++ii) {
      const auto i = static_cast<AgentId>(ii);
      const std::uint32_t sess = sessions_of(pop, ps, ctx, i);
      auto row = feeds.of(i);
      if (sess == 0) continue;
      // The agent reads at its own time of the step: items that arrived later wait for its
      // next read, items older than the lifetime are gone. Competition for the feed's slots is
      // among items arrived in the last step before the read.
      RandomStream ts = ctx.stream(kStream, kReadTime, i);
      const double now = t + ts.uniform01();
      const auto now_f = static_cast<float>(now);
      const auto oldest = static_cast<float>(now - ps.item_lifetime);
      ++box.active;
      // Ads first: sponsored slots at the top, always seen while attention lasts.
      auto lo = std::lower_bound(ads.begin(), ads.end(), std::make_pair(i, 0u),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
      cand.clear();
      for (std::uint32_t k = 0; k < row.size(); ++k) {
        const FeedEntry& e = row[k];
        if (e.arrival < oldest || e.arrival > now_f) continue;
        const std::uint32_t p = e.post;
        const std::uint32_t topic = posts.topic[p];
        const float rel = topic < n ? pop.interest.row(i).dot(pop.interest.row(topic))
                                    : pop.interest.row(i).dot(media.brand_topic.row(topic - n));
        cand.push_back(
            {0.0, e.arrival, p, k, rel,
             static_cast<float>(std::log1p(double(posts.likes[p]) + posts.fake_likes[p]))});
      }
      // Background items (pages, groups, people outside the model) compete for the same feed
      // slots; only the `capacity` latest can survive, so draw the latest arrivals of
      // Poisson(background_items) uniforms directly, newest first (order statistics).
      if (ps.background_items > 0.0) {
        RandomStream bs = ctx.stream(kStream, kBackground, i);
        const std::uint32_t total = draw_poisson(bs, ps.background_items);
        double top = 1.0;
        const bool need_scores = ps.ranking != RankingPolicy::chronological;
        for (std::uint32_t k = 0; k < std::min<std::uint32_t>(total, feeds.capacity); ++k) {
          // One 64-bit word for the arrival; one more, split into 32-bit halves, for the scores.
          top *= std::exp(std::log(static_cast<float>(bs.uniform01()) + 0x1.0p-30f) /
                          static_cast<float>(total - k));
          float rel = 0.2f, ll = 1.5f;
          if (need_scores) {
            // Relevance and popularity of other content are assumptions (scenarios/README.md):
            // relevance ~ 0.2 + 0.3 z with z the standardised sum of two uniforms (triangular,
            // unit variance), ln(1 + likes) ~ exponential of mean 1.5.
            const std::uint64_t w = bs();
            const float u1 = static_cast<float>(w >> 40) * 0x1.0p-24f;
            const float u2 = static_cast<float>((w >> 16) & 0xFFFFFFu) * 0x1.0p-24f;
            const float u3 = static_cast<float>((bs() >> 40) + 1) * 0x1.0p-24f;
            rel = std::clamp(0.2f + 0.3f * 2.449489743f * (u1 + u2 - 1.0f), -1.0f, 1.0f);
            ll = -1.5f * std::log(u3);
          }
          cand.push_back({0.0, static_cast<float>(now - 1.0 + top), kVirtual, k, rel, ll});
        }
      }
      if (cand.size() > feeds.capacity) {
        std::nth_element(cand.begin(), cand.begin() + feeds.capacity, cand.end(),
                         [](const Candidate& a, const Candidate& b) {
                           return a.arrival > b.arrival ||
                                  (a.arrival == b.arrival && a.post < b.post);
                         });
        cand.resize(feeds.capacity);
      }
      for (Candidate& c : cand) {
        switch (ps.ranking) {
          case RankingPolicy::chronological:
            c.score = c.arrival;
            break;
          case RankingPolicy::engagement:
            c.score = c.log_likes + 1e-6 * (c.arrival - oldest);
            break;
          case RankingPolicy::relevance:
            c.score = c.rel;
            break;
          case RankingPolicy::mix:
            c.score = ps.mix_recency * (c.arrival - now_f) / ps.item_lifetime +
                      ps.mix_engagement * c.log_likes + ps.mix_relevance * c.rel;
            break;
        }
      }
      std::sort(cand.begin(), cand.end(), [](const Candidate& a, const Candidate& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.post != b.post) return a.post < b.post;
        return a.slot < b.slot;
      });
      read_flag.assign(row.size(), 0);

      const double share_logit = logit(pop.share[i]), reply_logit = logit(pop.reply[i]);
      auto handle = [&](std::uint32_t p, float rel, float log_likes, RandomStream& s) {
        const std::uint16_t brand = posts.brand[p];
        const bool is_ad = posts.kind[p] == PostKind::ad;
        double trust = 0.0;
        if (brand != kNoBrand) {
          BrandFunnel& f = world.funnels()[brand];
          const Channel ch = is_ad                              ? Channel::ad
                             : posts.kind[p] == PostKind::share ? Channel::share
                                                                : Channel::post;
          f.add_touches(ch, i, 1, n);
          if (f.reached[i] == 0) {
            f.reached[i] = 1;
            ++box.reach[brand];
          }
          ++box.impressions[brand];
          if (is_ad) ++box.ad_impressions[brand];
          trust = f.trust[i];
        }
        const double odds = is_ad ? log_ad_odds : 0.0;
        const double q = posts.quality[p];
        const bool like =
            s.bernoulli(engage_prob(ps.like, like_logit, rel, q, trust, log_likes, odds));
        const bool share =
            s.bernoulli(engage_prob(ps.share, share_logit, rel, q, trust, log_likes, odds));
        const bool reply =
            s.bernoulli(engage_prob(ps.reply, reply_logit, rel, q, trust, log_likes, odds));
        const double u_follow = s.uniform01(), u_unfollow = s.uniform01();
        // People follow the people whose content they like or share: the creator of the
        // cascade's root (a person's post that reached the reader through shares) and the item's
        // author (the sharer; usually followed already). Followers bored by a person's items
        // (irrelevant, not liked or shared) unfollow the item's author, who pushed it to them.
        // Drawn after the brand draws, so these do not shift any other draw.
        const double u_pfollow = s.uniform01(), u_pfollow2 = s.uniform01(),
                     u_punfollow = s.uniform01();
        const std::uint32_t author = posts.author[p], creator = posts.author[posts.root[p]];
        if (like || share) {
          if (creator < n && creator != i && u_pfollow < ps.follow_person_on_engage &&
              !follow.follows_person(i, creator))
            box.person_follows.emplace_back(i, creator);
          if (author < n && author != i && author != creator &&
              u_pfollow2 < ps.follow_person_on_engage && !follow.follows_person(i, author))
            box.person_follows.emplace_back(i, author);
        } else if (author < n && author != i && rel < ps.unfollow_relevance &&
                   u_punfollow < ps.unfollow_prob && follow.follows_person(i, author)) {
          box.person_unfollows.emplace_back(i, author);
        }
        if (like) {
          box.likes.push_back(p);
          if (brand != kNoBrand) ++box.likes_b[brand];
        }
        if (share && shared_.count((std::uint64_t{posts.root[p]} << 32) | i) == 0)
          box.shares.emplace_back(i, p);
        if (brand == kNoBrand) return;
        if (reply) {
          box.replies.emplace_back(brand, i);
          ++box.replies_b[brand];
        }
        const bool following = follow.follows_brand[brand][i] != 0;
        if ((like || share || reply) && !following && u_follow < ps.follow_on_engage)
          box.follows.emplace_back(brand, i);
        if (following && posts.kind[p] != PostKind::share && rel < ps.unfollow_relevance &&
            u_unfollow < ps.unfollow_prob)
          box.unfollows.emplace_back(brand, i);
      };

      // Ads: sponsored slots at the top of the first session, always seen.
      for (auto a = lo; a != ads.end() && a->first == i; ++a) {
        const std::uint32_t p = a->second;
        RandomStream s = ctx.stream(kStream, kEngage, (std::uint64_t{i} << 32) | p);
        const float rel = pop.interest.row(i).dot(media.brand_topic.row(posts.topic[p] - n));
        ++box.reads;
        handle(p, rel, static_cast<float>(std::log1p(double(posts.likes[p]) + posts.fake_likes[p])),
               s);
      }
      // Each session shows the top `attention` unread items in rank order; the item at rank r
      // of the session is seen with probability position_decay^r; seen items are read.
      RandomStream vs = ctx.stream(kStream, kSeen, i);
      done.assign(cand.size(), 0);
      std::size_t unread = cand.size();
      for (std::uint32_t session = 0; session < sess && unread > 0; ++session) {
        double visible = 1.0;
        std::uint32_t shown = 0;
        for (std::size_t k = 0; k < cand.size() && shown < pop.attention[i]; ++k) {
          if (done[k]) continue;
          ++shown;
          const bool seen = vs.uniform01() < visible;
          visible *= ps.position_decay;
          if (!seen) continue;
          done[k] = 1;
          --unread;
          ++box.reads;
          const Candidate& c = cand[k];
          if (c.post == kVirtual) continue;
          read_flag[c.slot] = 1;
          RandomStream s = ctx.stream(kStream, kEngage, (std::uint64_t{i} << 32) | c.post);
          handle(c.post, c.rel, c.log_likes, s);
        }
      }
      // Keep the unread, unexpired items.
      std::uint16_t kept = 0;
      for (std::uint32_t k = 0; k < row.size(); ++k)
        if (!read_flag[k] && row[k].arrival >= oldest) row[kept++] = row[k];
      feeds.size[i] = kept;
    }
  }

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
  for (const Outbox& box : out)
    for (const auto& [i, p] : box.shares) {
      const std::uint32_t root = posts.root[p];
      if (!shared_.insert((std::uint64_t{root} << 32) | i).second) continue;
      const auto d = static_cast<std::uint16_t>(posts.depth[p] + 1);
      const std::uint32_t id = posts.add(i, posts.topic[p], root, t, posts.quality[p],
                                         posts.brand[p], d, PostKind::share);
      // The share is made at the sharer's read time; followers see it at their next read
      // (this step's reads are done), if it is still alive.
      RandomStream s = ctx.stream(kStream, kReadTime, i);
      push_person_followers(i, FeedEntry{id, static_cast<float>(t + s.uniform01())});
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
        }
        ++shares[brand];
        largest_[brand] = std::max(largest_[brand], posts.cascade_size[root]);
        if (d > posts.cascade_depth[root]) {
          depth_sum_[brand] += d - posts.cascade_depth[root];
          posts.cascade_depth[root] = d;
        }
      } else if (d > posts.cascade_depth[root]) {
        posts.cascade_depth[root] = d;
      }
    }
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
      if (follow.follows_brand[b][i] == 0) {
        follow.follows_brand[b][i] = 1;
        follow.brand_followers[b].push_back(i);
        ++follow.brand_follower_count[b];
        ++follows[b];
      }
    for (const auto& [b, i] : box.unfollows)
      if (follow.follows_brand[b][i] != 0) {
        follow.follows_brand[b][i] = 0;
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
      std::vector<std::uint8_t> seen(n, 0);
      std::size_t kept = 0;
      for (std::uint32_t i : list)
        if (follow.follows_brand[b][i] && !seen[i]) {
          seen[i] = 1;
          list[kept++] = i;
        }
      list.resize(kept);
    }
  }

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
    r.set(m_.posts, t, b, static_cast<double>(brand_posts[b]));
    r.set(m_.cascade_largest, t, b, roots_[b] > 0 ? static_cast<double>(largest_[b]) : 0.0);
    for (std::size_t j = 0; j < kSizeBins; ++j)
      r.set(size_bins_[j], t, b, static_cast<double>(size_hist_[b][j]));
    for (std::size_t k = 0; k < kDepthBins; ++k)
      r.set(depth_bins_[k], t, b, static_cast<double>(depth_hist_[b][k]));
    r.set(
        m_.cascade_depth_mean, t, b,
        roots_[b] > 0 ? static_cast<double>(depth_sum_[b]) / static_cast<double>(roots_[b]) : 0.0);
  }
  ctx.recorder->set(m_.feed_reads, t, static_cast<double>(reads));
  ctx.recorder->set(m_.people_posts, t, static_cast<double>(people_posts));
  ctx.recorder->set(m_.active, t, static_cast<double>(active));
  ctx.recorder->set(m_.person_follows, t, static_cast<double>(person_follows));
  ctx.recorder->set(m_.person_unfollows, t, static_cast<double>(person_unfollows));
}

}  // namespace snsim
