#include <algorithm>
#include <cmath>

#include <omp.h>

#include "snsim/media/detail/media_streams.hpp"
#include "snsim/media/detail/posting.hpp"

namespace snsim::media_detail {

namespace {

/// Appends the people's posts (per-thread lists, concatenated in thread order: agent order) to
/// the store as new roots, with their pushes; returns nothing. The same posts, ids, serials and
/// pushes as adding them one by one, on any number of threads: each post's slot is its place in
/// the concatenation, so the columns are grown once (PostStore::append_roots) and filled in
/// parallel (at 1 M people, 50,000 posts a step whose arrival draws were a serial part of the
/// step).
template <class ArrivalOf>
void append_people_posts(PostStore& posts,
                         const std::vector<std::vector<std::pair<std::uint32_t, float>>>& authored,
                         Step t, const ArrivalOf& arrival_of, NewContent& out, int threads) {
  std::vector<std::size_t> first(authored.size() + 1, 0);
  for (std::size_t k = 0; k < authored.size(); ++k) first[k + 1] = first[k] + authored[k].size();
  const std::size_t count = first.back();
  if (count == 0) return;
  const std::size_t pushed = out.pushes.size();
  const std::size_t base = posts.append_roots(count, t, kNoBrand, PostKind::organic);
  out.pushes.resize(pushed + count);
  out.people_posts += static_cast<std::int64_t>(count);
  const auto lists = static_cast<std::int64_t>(authored.size());
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1)
  for (std::int64_t k = 0; k < lists; ++k) {
    const auto& list = authored[static_cast<std::size_t>(k)];
    for (std::size_t j = 0; j < list.size(); ++j) {
      const std::size_t at = first[static_cast<std::size_t>(k)] + j;
      const auto p = static_cast<std::uint32_t>(base + at);
      const auto [author, q] = list[j];
      posts.author[p] = author;
      posts.topic[p] = author;
      posts.quality[p] = q;
      out.pushes[pushed + at] = FeedPush{author, FeedEntry{p, arrival_of(p)}};
    }
  }
}

}  // namespace

NewContent create_content(World& world, const StepContext& ctx, CascadeTracker& cascades,
                          int threads) {
  const Scenario& sc = world.scenario();
  const PlatformSpec& ps = sc.platform;
  const Population& pop = world.population();
  MediaState& media = world.media();
  PostStore& posts = media.posts;
  const std::uint32_t n = pop.size;
  const std::uint32_t brands = world.brand_count();
  const Step t = ctx.step;
  const auto in = static_cast<std::int64_t>(n);
  NewContent out;
  out.brand_posts.assign(brands, 0);
  // An organic post reaches feeds at a uniform time within the step (keyed by its serial).
  auto arrival_of = [&](std::uint32_t post) {
    RandomStream s = ctx.stream(kStream, kPostTime, posts.serial[post]);
    return static_cast<float>(t + s.uniform01());
  };

  // 1. Brands post by their cadence, and their influencers post for them.
  for (BrandId b = 0; b < brands; ++b) {
    const BrandMediaSpec& bm = sc.brands[b].media;
    RandomStream s = ctx.stream(kStream, kBrandPost, b);
    const double whole = std::floor(bm.posts_per_step);
    const auto count =
        static_cast<std::uint32_t>(whole) + (s.bernoulli(bm.posts_per_step - whole) ? 1 : 0);
    BrandStanding& standing = world.standings()[b];
    // Under a scandal's penalty the platform shows each post with the penalty's chance
    // (docs/model.md step 8); otherwise always, with no draw, so runs without manipulation are
    // unchanged.
    const bool penalised = t < standing.penalty_until && standing.reach_multiplier < 1.0f;
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint32_t p =
          cascades.new_root(posts, n + b, n + b, static_cast<float>(bm.post_quality),
                            static_cast<std::uint16_t>(b), PostKind::organic, t);
      // Bought fakes are delivered onto the brand's next posts (PARAMETERS fake_delivery_steps).
      const double fakes = standing.fake_pending / static_cast<double>(count - k);
      posts.set_fake_likes(p, static_cast<std::uint32_t>(std::llround(fakes)));
      standing.fake_pending -= fakes;
      ++out.brand_posts[b];
      if (penalised &&
          !ctx.stream(kStream, kPenalty, posts.serial[p]).bernoulli(standing.reach_multiplier))
        continue;
      out.pushes.push_back({n + b, FeedEntry{p, arrival_of(p)}});
    }
    const auto& inf = media.influencers[b];
    for (std::size_t k = 0; k < inf.size(); ++k) {
      RandomStream is = ctx.stream(kStream, kInfluencerPost, (std::uint64_t{b} << 32) | k);
      if (!is.bernoulli(bm.influencer_posts)) continue;
      const std::uint32_t p =
          cascades.new_root(posts, inf[k], n + b, static_cast<float>(bm.post_quality),
                            static_cast<std::uint16_t>(b), PostKind::organic, t);
      out.pushes.push_back({inf[k], FeedEntry{p, arrival_of(p)}});
      world.ledgers()[b].money_spent += bm.influencer_fee;
      ++out.brand_posts[b];
    }
  }

  // 2. People post at their activity rate (counts in parallel, posts created in agent order).
  std::vector<std::vector<std::pair<std::uint32_t, float>>> authored(
      static_cast<std::size_t>(threads));
  if (ps.person_posts > 0.0) {
    // Nearly everyone opens one session a step: their rate, and its exp, are the same.
    const PoissonDraw one_session(ps.person_posts);
#pragma omp parallel num_threads(threads) if (threads > 1)
    {
      auto& mine = authored[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
      for (std::int64_t ii = 0; ii < in; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        const std::uint32_t sess = sessions_of(pop, ps, ctx, i);
        if (sess == 0) continue;
        RandomStream s = ctx.stream(kStream, kPersonPost, i);
        const std::uint32_t count =
            sess == 1 ? one_session(s) : draw_poisson(s, sess * ps.person_posts);
        for (std::uint32_t k = 0; k < count; ++k)
          mine.emplace_back(i, static_cast<float>(s.uniform01()));
      }
    }
    append_people_posts(posts, authored, t, arrival_of, out, threads);
  }

  // 3. Paid promotion: ads shown at the top of targeted, active feeds; targets are drawn
  // uniformly and kept with probability max(0, relevance) (interest targeting).
  auto& ads = out.ads;
  for (BrandId b = 0; b < brands; ++b) {
    const BrandMediaSpec& bm = sc.brands[b].media;
    const Allocation& alloc = world.allocations()[b];
    const double want = alloc.money_for(alloc.mix.promote) / sc.economics.cpm * 1000.0;
    if (!(want > 0.0)) continue;
    RandomStream s = ctx.stream(kStream, kAd, b);
    const double whole = std::floor(want);
    const auto count = static_cast<std::uint64_t>(whole) + (s.bernoulli(want - whole) ? 1 : 0);
    if (count == 0) continue;
    const std::uint32_t p =
        cascades.new_root(posts, n + b, n + b, static_cast<float>(bm.post_quality),
                          static_cast<std::uint16_t>(b), PostKind::ad, t);
    std::uint64_t shown = 0;
    for (std::uint64_t tries = 0; shown < count && tries < 50 * count; ++tries) {
      const auto i = static_cast<AgentId>(s.below(n));
      const double rel = pop.interest.dot(i, media.brand_topic.row(b));
      if (!s.bernoulli(rel)) continue;
      if (sessions_of(pop, ps, ctx, i) == 0) continue;
      ads.emplace_back(i, p);
      ++shown;
    }
  }
  std::stable_sort(ads.begin(), ads.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  return out;
}

}  // namespace snsim::media_detail
