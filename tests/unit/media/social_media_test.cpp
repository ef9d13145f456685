// Unit tests of the social-media channel: follow graph, feeds, loader errors, determinism.
#include <catch2/catch.hpp>

#include <omp.h>
#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "../../support/temp_dir.hpp"
#include "media_test_support.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/media/follow_graph.hpp"
#include "snsim/media/influence_max.hpp"
#include "snsim/network/edge_list.hpp"

using snsim::test_support::TempDir;

namespace {

std::string error_of(const std::string& yaml) {
  try {
    (void)snsim::load_scenario_text(yaml, "<test>");
  } catch (const snsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

/// Returns every person's live followers (what a push reaches), sorted.
std::vector<std::vector<std::uint32_t>> live_followers(const snsim::FollowGraph& g) {
  std::vector<std::vector<std::uint32_t>> rows(g.offsets.size() - 1);
  for (std::uint32_t v = 0; v < rows.size(); ++v) {
    g.for_each_follower(v, [&](std::uint32_t f) { rows[v].push_back(f); });
    std::sort(rows[v].begin(), rows[v].end());
  }
  return rows;
}

}  // namespace

TEST_CASE("a feed keeps the newest items up to its capacity", "[media]") {
  snsim::Feeds feeds;
  feeds.reset(1, 3);
  for (std::uint32_t p = 0; p < 6; ++p)
    feeds.push(0, {p, static_cast<float>(p % 2 == 0 ? p : 10 - p)});
  // arrivals: 0, 9, 2, 7, 4, 5 -> the newest three are 9 (post 1), 7 (post 3), 5 (post 5)
  std::vector<std::uint32_t> kept;
  for (const std::uint32_t p : feeds.of(0)) kept.push_back(p);
  std::sort(kept.begin(), kept.end());
  CHECK(kept == std::vector<std::uint32_t>{1, 3, 5});
}

TEST_CASE("a directed follow edge list is read, and bad lines name file and line", "[media]") {
  const TempDir dir;
  const auto ok = snsim::read_follow_edge_list(dir.write("ok", "# c\n0 1\n\n2 3\n1 1\n"), 3, 1);
  CHECK(ok.size() == 2);  // the self-follow is dropped; 3 is the brand
  const auto g = snsim::follow_graph_from_arcs(3, 1, ok);
  CHECK(g.follower_count(1) == 1);
  CHECK(g.brand_follower_count[0] == 1);
  CHECK(g.follows_brand[0].test(2));
  const std::string bad = dir.write("bad", "0 1\n0 7\n");
  CHECK_THROWS_WITH(snsim::read_follow_edge_list(bad, 3, 1),
                    Catch::Contains(bad + ":2:") && Catch::Contains("outside the population"));
  CHECK_THROWS_WITH(snsim::read_follow_edge_list(dir.write("brand", "3 0\n"), 3, 1),
                    Catch::Contains(":1:") && Catch::Contains("cannot follow"));
  CHECK_THROWS_WITH(snsim::read_follow_edge_list(dir.write("word", "0 x\n"), 3, 1),
                    Catch::Contains(":1:"));
}

TEST_CASE("bad platform keys are one-line errors naming the key path", "[media]") {
  const TempDir dir;
  const std::string brands = "brands: [{name: b}]\n";
  CHECK_THAT(
      error_of("platform: {ranking: chronologic}\n" + brands),
      Catch::Contains("platform.ranking") && Catch::Contains("did you mean 'chronological'"));
  CHECK_THAT(error_of("platform: {feed_capacity: -1}\n" + brands),
             Catch::Contains("platform.feed_capacity"));
  CHECK_THAT(error_of("platform: {like: {base: 1.5}}\n" + brands),
             Catch::Contains("platform.like.base"));
  CHECK_THAT(error_of("population: {share: 1.5}\n" + brands), Catch::Contains("population.share"));
  CHECK_THAT(error_of("population: {attention: -2}\n" + brands),
             Catch::Contains("population.attention"));
  CHECK_THAT(error_of("brands: [{name: b, strategy: {broadcast: 0.8, promote: 0.5}}]\n"),
             Catch::Contains("brands[0].strategy.promote"));
  CHECK_THAT(error_of("brands: [{name: b, influencers: {selection: pagerank}}]\n"),
             Catch::Contains("brands[0].influencers.selection"));
  const std::string bad = dir.write("outside", "0 1\n5 2\n");
  CHECK_THAT(error_of("population: {size: 4, communities: 1}\nnetwork: {generator: "
                      "complete}\nplatform: {follow_graph: {edge_list: " +
                      bad + "}}\n" + brands),
             Catch::Contains("platform.follow_graph.edge_list") && Catch::Contains(bad + ":2:"));
  CHECK(error_of("platform: {ranking: relevance, feed_capacity: 20}\n" + brands).empty());
}

TEST_CASE("following ties needs a graph with arcs", "[media]") {
  const auto sc = snsim::load_scenario_text(
      "population: {size: 50}\nnetwork: {generator: complete}\nbrands: [{name: b}]\n", "<t>");
  snsim::World world = snsim::build_world(sc, 1);
  CHECK_THROWS_AS(snsim::build_follow_graph(world, 1, 7), std::invalid_argument);
}

TEST_CASE("reach and followers grow and the results do not depend on the thread count", "[media]") {
  // Large enough for the parallel path (kMinParallelAgents), with ads and influencers.
  const auto sc = snsim::load_scenario_text(
      "population: {size: 40000}\ntime: {steps: 4}\n"
      "brands: [{name: b, budget: {money_per_step: 100}, strategy: {broadcast: 0, promote: 1, "
      "posts_per_step: 2}, influencers: {count: 5, selection: followers}}]\n"
      "platform: {follow_person_on_engage: 1, unfollow: {prob: 0.05}}\n"  // exercise the overlay
      "processes: [social_media]\n",
      "<t>");
  auto run = [&](int threads) {
    const int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    snsim::World world = snsim::build_world(sc, sc.seed);
    auto series = snsim::test::run_social_media(world, sc.seed, sc.time.steps);
    omp_set_num_threads(before);
    const auto& g = world.media().follow;
    // Feeds as (post, arrival) pairs in slot order: pushes (parallel, by receiver) landed alike.
    std::vector<std::pair<std::uint32_t, float>> feeds;
    const auto& f = world.media().feeds;
    for (std::uint32_t i = 0; i < f.size.size(); ++i)
      for (std::uint32_t k = 0; k < f.size[i]; ++k) {
        const auto e = f.entry(f.of(i)[k]);
        feeds.emplace_back(e.post, e.arrival);
      }
    // The post store: people's posts are appended in parallel, in agent order.
    const auto& p = world.media().posts;
    auto store = std::make_tuple(p.author, p.topic, p.root, p.created, p.quality, p.brand, p.depth,
                                 p.kind, p.cascade_size, p.serial, p.next_serial);
    return std::make_tuple(std::move(series), world.media().posts.likes, live_followers(g),
                           std::move(feeds), std::move(store));
  };
  const auto [one, likes1, graph1, feeds1, store1] = run(1);
  const auto [two, likes2, graph2, feeds2, store2] = run(2);
  CHECK(graph1 == graph2);  // people followed and unfollowed people identically
  CHECK(feeds1 == feeds2);
  CHECK(store1 == store2);
  CHECK(one.at("people_posts", 0, 0) > 0);
  // (Follows between people need shares of people's posts, rare here; the next-but-one test
  // covers them. Unfollows are frequent at this unfollow.prob.)
  double person_unfollows = 0;
  for (snsim::Step t = 0; t < sc.time.steps; ++t)
    person_unfollows += one.at("person_unfollows", t, 0);
  CHECK(person_unfollows > 0);
  REQUIRE(one.metrics.size() == two.metrics.size());
  for (std::size_t m = 0; m < one.metrics.size(); ++m) {
    INFO(one.metrics[m].name);
    CHECK(one.metrics[m].values == two.metrics[m].values);
  }
  CHECK(likes1 == likes2);
  for (snsim::Step t = 1; t < sc.time.steps; ++t)
    CHECK(one.at("reach", t, 0) >= one.at("reach", t - 1, 0));
  CHECK(one.at("reach", sc.time.steps - 1, 0) > 0);
  CHECK(one.at("ad_impressions", 0, 0) > 0);
}

TEST_CASE("IMM picks the hub of a star whose followers share", "[media]") {
  // Person 0 is followed by 1..9; person 5 by 6 only.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  for (std::uint32_t i = 1; i < 10; ++i) arcs.emplace_back(i, 0);
  arcs.emplace_back(6, 5);
  const auto g = snsim::follow_graph_from_arcs(10, 0, arcs);
  const std::vector<float> share(10, 0.5f);
  const auto seeds = snsim::imm_seeds(g, share, 1, 0.5, 1.0, 100000, 3, 9, 1);
  REQUIRE(seeds.size() == 1);
  CHECK(seeds[0] == 0);
}

TEST_CASE("the follow graph's overlay adds and removes arcs between people and compacts",
          "[media]") {
  // 0 -> 1 means 0 follows 1; people 0..4, one brand (account 5).
  auto g = snsim::follow_graph_from_arcs(5, 1, {{0, 1}, {2, 1}, {3, 4}, {1, 5}});
  CHECK(g.person_arcs() == 3);
  CHECK(g.follows_person(0, 1));
  CHECK_FALSE(g.follows_person(4, 1));
  // Follows (with a duplicate, an existing arc and a self-follow) then unfollows (of a CSR arc,
  // of an arc just added, and of a missing one).
  const auto [added, removed] = g.apply_person_changes(
      {{4, 1}, {4, 1}, {0, 1}, {3, 3}, {1, 0}, {0, 4}}, {{2, 1}, {0, 4}, {2, 3}});
  CHECK(added == 3);    // 4->1, 1->0, 0->4
  CHECK(removed == 2);  // 2->1 (CSR), 0->4 (added)
  CHECK(g.person_arcs() == 3 + 3 - 2);
  CHECK(g.follows_person(4, 1));
  CHECK_FALSE(g.follows_person(2, 1));
  CHECK_FALSE(g.follows_person(0, 4));
  const auto before = live_followers(g);
  CHECK(before[1] == std::vector<std::uint32_t>{0, 4});
  CHECK(before[0] == std::vector<std::uint32_t>{1});
  // Re-following a flagged CSR arc un-flags it.
  CHECK(g.apply_person_changes({{2, 1}}, {}).first == 1);
  CHECK(g.follows_person(2, 1));
  CHECK(g.apply_person_changes({}, {{2, 1}}).second == 1);
  g.compact();
  CHECK(g.pending_changes() == 0);
  CHECK(live_followers(g) == before);
  CHECK(g.followers == std::vector<std::uint32_t>{1, 0, 4, 3});  // rows 0, 1, 4; ascending
  CHECK(g.brand_follower_count[0] == 1);
  // The order of the events does not matter.
  auto h = snsim::follow_graph_from_arcs(5, 1, {{0, 1}, {2, 1}, {3, 4}, {1, 5}});
  h.apply_person_changes({{0, 4}, {1, 0}, {0, 1}, {4, 1}, {3, 3}, {4, 1}},
                         {{2, 3}, {0, 4}, {2, 1}});
  h.compact();
  CHECK(h.offsets == g.offsets);
  CHECK(h.followers == g.followers);
}

TEST_CASE("the follow graph is built and compacted the same on 1, 2 and 3 threads", "[media]") {
  // Large enough for the parallel paths (kMinParallelAgents people): duplicate arcs, arcs to a
  // brand, rows of every length; then follows and unfollows, compacted.
  const std::uint32_t n = 40000;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs, follows, unfollows;
  std::uint64_t x = 12345;
  auto next = [&x](std::uint32_t below) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((x >> 33) % below);
  };
  for (int k = 0; k < 300000; ++k) {
    const std::uint32_t u = next(n), v = next(4) == 0 ? next(64) : next(n + 2);
    if (u != v) arcs.emplace_back(u, v);
  }
  for (int k = 0; k < 20000; ++k) {
    follows.emplace_back(next(n), next(n));
    unfollows.emplace_back(arcs[next(static_cast<std::uint32_t>(arcs.size()))]);
  }
  for (auto& [u, v] : unfollows) v = v >= n ? 0 : v;
  const int saved_threads = omp_get_max_threads();
  auto build = [&](int threads) {
    omp_set_num_threads(threads);
    auto g = snsim::follow_graph_from_arcs(n, 2, arcs);
    const auto built = std::make_tuple(g.offsets, g.followers, g.brand_followers);
    g.apply_person_changes(follows, unfollows);
    g.compact();
    return std::make_tuple(built, g.offsets, g.followers);
  };
  const auto one = build(1);
  CHECK(build(2) == one);
  CHECK(build(3) == one);
  omp_set_num_threads(saved_threads);
  // The rows are the arcs, ascending and without duplicates.
  const auto& [offsets, followers, brands] = std::get<0>(one);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> expected;
  for (const auto& [u, v] : arcs)
    if (v < n) expected.emplace_back(v, u);
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  REQUIRE(followers.size() == expected.size());
  for (std::uint32_t v = 0; v < n; ++v)
    for (std::uint64_t k = offsets[v]; k < offsets[v + 1]; ++k)
      REQUIRE(expected[k] == std::make_pair(v, followers[k]));
  CHECK(!brands[0].empty());
}

TEST_CASE("the follow graph compacted in place matches a set of arcs over random rounds",
          "[media]") {
  // Rounds of follows and unfollows (more follows than unfollows, so the rows grow past the
  // spare room, and some rounds of unfollows only, so they shrink), each compacted; the CSR
  // must then hold exactly the reference set's arcs, rows ascending.
  const std::uint32_t n = 300;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  std::uint64_t x = 99;
  auto next = [&x](std::uint32_t below) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((x >> 33) % below);
  };
  for (int k = 0; k < 900; ++k) {
    const std::uint32_t u = next(n), v = next(n);
    if (u != v) arcs.emplace_back(u, v);
  }
  auto g = snsim::follow_graph_from_arcs(n, 1, arcs);
  std::set<std::pair<std::uint32_t, std::uint32_t>> ref;  // (followee, follower)
  for (const auto& [u, v] : arcs) ref.emplace(v, u);
  for (int round = 0; round < 30; ++round) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> follows, unfollows;
    const int adds = round % 5 == 4 ? 0 : 200;
    for (int k = 0; k < adds; ++k) follows.emplace_back(next(n), next(n));
    for (int k = 0; k < 120; ++k) unfollows.emplace_back(next(n), next(n));
    for (const auto& [u, v] : follows)
      if (u != v) ref.emplace(v, u);
    for (const auto& [u, v] : unfollows) ref.erase({v, u});
    g.apply_person_changes(follows, unfollows);
    g.compact();
    REQUIRE(g.pending_changes() == 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> held;
    for (std::uint32_t v = 0; v < n; ++v)
      for (std::uint64_t k = g.offsets[v]; k < g.offsets[v + 1]; ++k)
        held.emplace_back(v, g.followers[k]);
    REQUIRE(g.followers.size() == ref.size());
    REQUIRE(held == std::vector<std::pair<std::uint32_t, std::uint32_t>>(ref.begin(), ref.end()));
  }
}

TEST_CASE("people follow after engaging and unfollow from fatigue and pushes follow the graph",
          "[media]") {
  // Every read item is liked (base 1), shares carry people's posts beyond their followers, an
  // engaged reader always follows, and a non-engaged one unfollows half the time (everything is
  // "irrelevant" below relevance 1.01): both kinds of change happen every step.
  const auto sc = snsim::load_scenario_text(
      "seed: 3\npopulation: {size: 300, activity: {mean: 1, sigma: 0}, share: 0.3, reply: 0, "
      "attention: 3}\n"
      "time: {steps: 12}\nnetwork: {generator: erdos_renyi, erdos_renyi: {mean_degree: 6}}\n"
      "platform: {ranking: chronological, sessions: bernoulli, person_posts: 1, background_items: "
      "0,"
      " feed_capacity: 4000, item_lifetime: 3, position_decay: 1,"
      " like: {base: 0.5, relevance: 0, quality: 0, trust: 0, social_proof: 0},"
      " share: {relevance: 0, quality: 0, trust: 0, social_proof: 0},"
      " follow_person_on_engage: 1, unfollow: {prob: 0.5, relevance_below: 1},"
      " follow_graph: {tie_follow: 1, popular_follows: 0, brand_follow: 0}}\n"
      "brands: [{name: b, strategy: {broadcast: 0, posts_per_step: 0}}]\n"
      "processes: [social_media]\n",
      "<t>");
  snsim::World world = snsim::build_world(sc, sc.seed);
  snsim::Recorder recorder(sc.time.steps, {"b"});
  snsim::SocialMedia process(sc);
  process.define_metrics(recorder);
  snsim::StepContext ctx;
  ctx.seed = sc.seed;
  ctx.recorder = &recorder;
  process.prepare(world, ctx);
  const snsim::FollowGraph& g = world.media().follow;
  const auto& posts = world.media().posts;
  const auto initial = live_followers(g);
  const std::uint64_t arcs0 = g.person_arcs();
  std::uint64_t new_arcs_checked = 0, gone_arcs_checked = 0;
  for (snsim::Step t = 0; t < sc.time.steps; ++t) {
    const auto graph_before = live_followers(g);
    const std::uint32_t first_post = posts.size();
    ctx.step = t;
    process.step(world, ctx);
    // Shares made this step are pushed after every read, to the sharer's followers as the graph
    // stood before this step's follows and unfollows (applied last): exactly those hold them now.
    auto& feeds = world.media().feeds;
    for (std::uint32_t p = first_post; p < posts.size(); ++p) {
      if (posts.kind[p] != snsim::PostKind::share) continue;
      const std::uint32_t s = posts.author[p];
      for (std::uint32_t f = 0; f < 300; ++f) {
        bool has = false;
        for (const std::uint32_t q : feeds.of(f)) has = has || q == p;
        const bool follower = std::binary_search(graph_before[s].begin(), graph_before[s].end(), f);
        const bool was = std::binary_search(initial[s].begin(), initial[s].end(), f);
        CHECK(has == follower);
        if (follower && !was) ++new_arcs_checked;
        if (!follower && was) ++gone_arcs_checked;
      }
    }
  }
  auto series = recorder.take();
  double follows = 0, unfollows = 0;
  for (snsim::Step t = 0; t < sc.time.steps; ++t) {
    follows += series.at("person_follows", t, 0);
    unfollows += series.at("person_unfollows", t, 0);
  }
  INFO("follows " << follows << ", unfollows " << unfollows << "; arcs " << arcs0 << " -> "
                  << g.person_arcs());
  CHECK(follows > 100);
  CHECK(unfollows > 100);
  CHECK(static_cast<double>(g.person_arcs()) == static_cast<double>(arcs0) + follows - unfollows);
  CHECK(new_arcs_checked > 0);   // pushes reached people who followed during the run
  CHECK(gone_arcs_checked > 0);  // and skipped people who unfollowed
}

TEST_CASE("recycling unreadable posts bounds the post store and changes no result", "[media]") {
  // Many people's posts with a short lifetime: most posts become unreadable within two steps.
  const auto sc = snsim::load_scenario_text(
      "population: {size: 40000, activity: {mean: 1, sigma: 0}, share: 0.05}\ntime: {steps: 12}\n"
      "brands: [{name: b, budget: {money_per_step: 100}, strategy: {broadcast: 0, promote: 1, "
      "posts_per_step: 2}}]\n"
      "platform: {sessions: bernoulli, person_posts: 0.3, follow_person_on_engage: 0.2}\n"
      "processes: [social_media]\n",
      "<t>");
  auto run = [&](bool recycle) {
    snsim::World world = snsim::build_world(sc, sc.seed);
    auto series = snsim::test::run_social_media(world, sc.seed, sc.time.steps, recycle);
    const auto& media = world.media();
    // Feeds by post serial (ids differ once posts are renumbered), arrival and cascade root.
    std::vector<std::tuple<std::uint32_t, float, std::uint32_t, std::uint32_t>> feeds;
    for (std::uint32_t i = 0; i < sc.population.size; ++i)
      for (std::uint32_t k = 0; k < media.feeds.size[i]; ++k) {
        const auto e = media.feeds.entry(media.feeds.of(i)[k]);
        feeds.emplace_back(media.posts.serial[e.post], e.arrival,
                           media.posts.serial[media.posts.root[e.post]], media.posts.likes[e.post]);
      }
    return std::make_tuple(std::move(series), std::move(feeds), media.posts.size(),
                           media.posts.recycled, media.posts.next_serial);
  };
  const auto [kept_series, kept_feeds, kept_size, kept_recycled, kept_serial] = run(false);
  const auto [series, feeds, size, recycled, serial] = run(true);
  INFO("posts held: " << size << " of " << serial << " (recycled " << recycled << ")");
  CHECK(kept_recycled == 0);
  CHECK(recycled > 0);
  CHECK(size + recycled == serial);
  CHECK(serial == kept_serial);
  CHECK(size < kept_size / 2);
  CHECK(feeds == kept_feeds);
  REQUIRE(series.metrics.size() == kept_series.metrics.size());
  for (std::size_t m = 0; m < series.metrics.size(); ++m) {
    INFO(series.metrics[m].name);
    CHECK(series.metrics[m].values == kept_series.metrics[m].values);
  }
}
