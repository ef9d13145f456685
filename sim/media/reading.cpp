#include <algorithm>
#include <cmath>

#include <omp.h>

#include "snsim/media/detail/media_streams.hpp"
#include "snsim/media/detail/reading.hpp"

namespace snsim::media_detail {
namespace {

constexpr std::uint32_t kVirtual = 0xFFFFFFFFu;  ///< a background item (not materialised)

/// Returns the engagement chance: logistic of logit(base) plus the linear terms.
double engage_prob(const EngagementSpec& c, double base_logit, double rel, double quality,
                   double trust, double log_likes, double log_odds) {
  if (std::isinf(base_logit)) return base_logit > 0 ? 1.0 : 0.0;
  const double x = base_logit + c.relevance * rel + c.quality * (quality - 0.5) + c.trust * trust +
                   c.social_proof * log_likes + log_odds;
  return 1.0 / (1.0 + std::exp(-x));
}

/// A feed item or background item competing for the reader's attention.
struct Candidate {
  double score = 0.0;
  float arrival = 0.0f;
  std::uint32_t post = kVirtual;
  std::uint32_t slot = 0;  ///< index in the feed row, or virtual index
  float rel = 0.0f;
  float log_likes = 0.0f;
};

}  // namespace

void Outbox::reset(std::uint32_t brands) {
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

std::vector<Outbox> read_feeds(World& world, const StepContext& ctx,
                               const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ads,
                               const CascadeTracker& cascades, int threads) {
  const PlatformSpec& ps = world.scenario().platform;
  const Population& pop = world.population();
  const MediaState& media = world.media();
  const PostStore& posts = media.posts;
  const FollowGraph& follow = media.follow;
  Feeds& feeds = world.media().feeds;
  const std::uint32_t n = pop.size;
  const std::uint32_t brands = world.brand_count();
  const Step t = ctx.step;
  const auto in = static_cast<std::int64_t>(n);
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
        if (share && !cascades.shared(posts.root[p], i)) box.shares.emplace_back(i, p);
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
        RandomStream s = engage_stream(ctx, i, posts.serial[p]);
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
          RandomStream s = engage_stream(ctx, i, posts.serial[c.post]);
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

  return out;
}

}  // namespace snsim::media_detail
