#include <algorithm>
#include <cmath>

#include <omp.h>
#include <boost/random/exponential_distribution.hpp>

#include "snsim/media/detail/media_streams.hpp"
#include "snsim/media/detail/read_draws.hpp"
#include "snsim/media/detail/reading.hpp"

namespace snsim::media_detail {
namespace {

constexpr std::uint32_t kVirtual = 0xFFFFFFFFu;  ///< a background item (not materialised)
constexpr std::int64_t kReadChunk = 8192;        ///< readers per chunk (and outbox) of read_feeds

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

/// Returns true if feed item a is ranked before b in time: newer, or as new with a lower post id.
bool newer(const Candidate& a, const Candidate& b) {
  return a.arrival > b.arrival || (a.arrival == b.arrival && a.post < b.post);
}

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
  // Readers are cut into fixed chunks of consecutive ids, each with its own outbox, handed out
  // dynamically: low ids (a Barabasi-Albert graph's oldest, best-followed people) cost more per
  // read, so equal static halves left one thread waiting. Outboxes are merged in chunk order,
  // which is agent order whatever thread read a chunk, so results do not depend on threads.
  const std::int64_t chunks = std::max<std::int64_t>(1, (in + kReadChunk - 1) / kReadChunk);
  std::vector<Outbox> out(static_cast<std::size_t>(chunks));
  for (Outbox& box : out) box.reset(brands);
  const double like_logit = logit(ps.like.base);
  const double log_ad_odds = ps.ad_odds > 0.0 ? std::log(ps.ad_odds) : -1e9;
  const double rate = ps.background_items;
  const bool need_scores = ps.ranking != RankingPolicy::chronological;
  const StepCount step_count(rate, feeds.capacity);
  const TruncatedPoisson truncated_poisson(feeds.capacity);
  const SeenTable seen_table(ps.position_decay,
                             std::min<std::uint32_t>(feeds.capacity, SeenTable::kMaxShown));
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    std::vector<Candidate> cand, real;
    std::vector<std::uint8_t> read_flag, done;
    boost::random::exponential_distribution<double> exponential(1.0);
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t chunk = 0; chunk < chunks; ++chunk) {
      Outbox& box = out[static_cast<std::size_t>(chunk)];
      auto ad_cursor = ads.begin();
      bool ad_cursor_set = false;
      const std::int64_t last = std::min(in, (chunk + 1) * kReadChunk);
      for (std::int64_t ii = chunk * kReadChunk; ii < last; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        const std::uint32_t sess = sessions_of(pop, ps, ctx, i);
        auto row = feeds.of(i);
        if (sess == 0) continue;
        // The agent reads at its own time of the step: items that arrived later wait for its
        // next read, items older than the lifetime are gone. Competition for the feed's slots is
        // among items arrived in the last step before the read.
        // One stream per reader and step: the read time (its first draw, also used for the
        // reader's shares), the background items and which ranks are seen.
        RandomStream rs = ctx.stream(kStream, kReadTime, i);
        const double now = t + rs.uniform01();
        const auto now_f = static_cast<float>(now);
        const auto oldest = static_cast<float>(now - ps.item_lifetime);
        ++box.active;
        // Ads first: sponsored slots at the top, always seen while attention lasts.
        // This chunk's agents come in ascending order: a cursor finds each one's ads.
        if (!ad_cursor_set) {
          ad_cursor =
              std::lower_bound(ads.begin(), ads.end(), std::make_pair(i, 0u),
                               [](const auto& a, const auto& b) { return a.first < b.first; });
          ad_cursor_set = true;
        }
        while (ad_cursor != ads.end() && ad_cursor->first < i) ++ad_cursor;
        const auto lo = ad_cursor;
        // The feed's items in the reader's window, to be ranked newest first (ties: lower post id
        // first). Only the newest matters until the background items are drawn, and they usually
        // fill every slot, so the sort waits until an item is known to compete.
        real.clear();
        std::size_t newest = 0;
        for (std::uint32_t k = 0; k < row.size(); ++k) {
          const FeedEntry e = feeds.entry(row[k]);
          if (e.arrival < oldest || e.arrival > now_f) continue;
          real.push_back({0.0, e.arrival, e.post, k, 0.0f, 0.0f});
          if (newer(real.back(), real[newest])) newest = real.size() - 1;
        }
        auto sort_real = [&] {
          if (real.size() > 1) std::sort(real.begin(), real.end(), newer);
        };
        // Background items (pages, groups, people outside the model) arrive as a Poisson process
        // of rate background_items per step over the step before the read, and compete with the
        // feed's items for its `capacity` slots: only the `capacity` latest arrivals of both
        // survive. Walking back from the read time, the background arrivals between the read and
        // the newest feed item number Poisson(rate x gap), drawn by inversion of one uniform: when
        // they fill every slot (the usual case under hundreds of background items) no feed item
        // survives and only how many background items there are matters (`virtual_only`).
        // Otherwise they are uniform in that gap, and the rest of the walk draws the background
        // arrivals one exponential gap at a time, interleaved with the older feed items.
        cand.clear();
        bool all_virtual = false;
        std::uint32_t virtual_only = 0;
        const std::uint32_t cap = feeds.capacity;
        if (rate > 0.0) {
          const double floor_v = now - 1.0;
          const double lo1 =
              real.empty() ? floor_v : std::max<double>(real[newest].arrival, floor_v);
          const double u = rs.uniform01();
          const std::uint32_t m1 =
              lo1 == floor_v ? step_count.draw(u) : truncated_poisson(u, rate * (now - lo1));
          if (real.empty() || m1 == cap) {
            all_virtual = true;
            virtual_only = m1;
          } else {
            sort_real();
            const double gap = now - lo1;
            for (std::uint32_t q = 0; q < m1; ++q)
              cand.push_back({0.0, static_cast<float>(now - gap * rs.uniform01()), kVirtual,
                              static_cast<std::uint32_t>(cand.size()), 0.2f, 1.5f});
            cand.push_back(real[0]);
            bool exhausted = lo1 == floor_v, pending = false;
            double x = lo1;
            std::size_t j = 1;
            while (cand.size() < cap) {
              if (!pending && !exhausted) {
                x -= exponential(rs) / rate;
                if (x <= floor_v)
                  exhausted = true;
                else
                  pending = true;
              }
              const bool has_real = j < real.size();
              if (!pending && !has_real) break;
              if (pending && (!has_real || x > real[j].arrival)) {
                cand.push_back({0.0, static_cast<float>(x), kVirtual,
                                static_cast<std::uint32_t>(cand.size()), 0.2f, 1.5f});
                pending = false;
              } else {
                cand.push_back(real[j++]);
              }
            }
          }
        } else {
          sort_real();
          for (std::size_t k = 0; k < real.size() && k < cap; ++k) cand.push_back(real[k]);
          all_virtual = cand.empty();
        }
        if (!all_virtual) {
          for (Candidate& c : cand) {
            if (c.post != kVirtual) {
              const std::uint32_t p = c.post;
              const std::uint32_t topic = posts.topic[p];
              c.rel = topic < n ? pop.interest.dot(i, topic)
                                : pop.interest.dot(i, media.brand_topic.row(topic - n));
              c.log_likes =
                  static_cast<float>(std::log1p(double(posts.likes[p]) + posts.fake_likes_of(p)));
            } else if (need_scores) {
              // Relevance and popularity of other content are assumptions (scenarios/README.md):
              // relevance ~ 0.2 + 0.3 z with z the standardised sum of two uniforms (triangular,
              // unit variance), ln(1 + likes) ~ exponential of mean 1.5.
              const std::uint64_t w = rs();
              const float u1 = static_cast<float>(w >> 40) * 0x1.0p-24f;
              const float u2 = static_cast<float>((w >> 16) & 0xFFFFFFu) * 0x1.0p-24f;
              c.rel = std::clamp(0.2f + 0.3f * 2.449489743f * (u1 + u2 - 1.0f), -1.0f, 1.0f);
              c.log_likes = static_cast<float>(1.5 * exponential(rs));
            }
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
        }
        read_flag.assign(row.size(), 0);

        // The reader's share and reply log-odds, computed at its first engagement only.
        double share_logit = 0.0, reply_logit = 0.0;
        bool logits_set = false;
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
          if (!logits_set) {
            share_logit = logit(pop.share[i]);
            reply_logit = logit(pop.reply[i]);
            logits_set = true;
          }
          const double odds = is_ad ? log_ad_odds : 0.0;
          const double q = posts.quality[p];
          // The eight decisions draw 32-bit uniforms, the halves of one block of the stream.
          const std::uint64_t w0 = s(), w1 = s(), w2 = s(), w3 = s();
          auto high = [](std::uint64_t w) { return static_cast<double>(w >> 32) * 0x1.0p-32; };
          auto low = [](std::uint64_t w) {
            return static_cast<double>(w & 0xFFFFFFFFu) * 0x1.0p-32;
          };
          const bool like =
              high(w0) < engage_prob(ps.like, like_logit, rel, q, trust, log_likes, odds);
          const bool share =
              low(w0) < engage_prob(ps.share, share_logit, rel, q, trust, log_likes, odds);
          const bool reply =
              high(w1) < engage_prob(ps.reply, reply_logit, rel, q, trust, log_likes, odds);
          const double u_follow = low(w1), u_unfollow = high(w2);
          // People follow the people whose content they like or share: the creator of the
          // cascade's root (a person's post that reached the reader through shares) and the item's
          // author (the sharer; usually followed already). Followers bored by a person's items
          // (irrelevant, not liked or shared) unfollow the item's author, who pushed it to them.
          const double u_pfollow = low(w2), u_pfollow2 = high(w3), u_punfollow = low(w3);
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
          const bool following = follow.follows_brand[brand].test(i);
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
          const float rel = pop.interest.dot(i, media.brand_topic.row(posts.topic[p] - n));
          ++box.reads;
          handle(p, rel,
                 static_cast<float>(std::log1p(double(posts.likes[p]) + posts.fake_likes_of(p))),
                 s);
        }
        // Each session shows the top `attention` unread items in rank order; the item at rank r
        // of the session is seen with probability position_decay^r; seen items are read.
        if (all_virtual) {
          // Only background items: what matters is how many are read, one uniform per session.
          std::uint32_t unread = virtual_only;
          for (std::uint32_t session = 0; session < sess && unread > 0; ++session) {
            const std::uint32_t m = std::min<std::uint32_t>(pop.attention[i], unread);
            std::uint32_t seen = 0;
            if (m <= seen_table.cdf.size() - 1) {
              seen = seen_table.draw(m, rs.uniform01());
            } else {
              double visible = 1.0;
              for (std::uint32_t r = 0; r < m; ++r, visible *= ps.position_decay)
                seen += rs.uniform01() < visible ? 1 : 0;
            }
            unread -= seen;
            box.reads += seen;
          }
        } else {
          done.assign(cand.size(), 0);
          std::size_t unread = cand.size();
          for (std::uint32_t session = 0; session < sess && unread > 0; ++session) {
            double visible = 1.0;
            std::uint32_t shown = 0;
            for (std::size_t k = 0; k < cand.size() && shown < pop.attention[i]; ++k) {
              if (done[k]) continue;
              ++shown;
              const bool seen = rs.uniform01() < visible;
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
        }
        // Keep the unread, unexpired items.
        std::uint16_t kept = 0;
        for (std::uint32_t k = 0; k < row.size(); ++k)
          if (!read_flag[k] && feeds.arrival[row[k]] >= oldest) row[kept++] = row[k];
        feeds.size[i] = kept;
      }
    }
  }

  return out;
}

}  // namespace snsim::media_detail
