// Unit tests of the social-media channel: follow graph, feeds, loader errors, determinism.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <omp.h>

#include "media_test_support.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/media/follow_graph.hpp"
#include "snsim/media/influence_max.hpp"
#include "snsim/network/edge_list.hpp"

namespace {

std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = "/tmp/snsim_media_test_" + name;
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& yaml) {
  try {
    (void)snsim::load_scenario_text(yaml, "<test>");
  } catch (const snsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a feed keeps the newest items up to its capacity", "[media]") {
  snsim::Feeds feeds;
  feeds.capacity = 3;
  feeds.slots.resize(3);
  feeds.size.assign(1, 0);
  for (std::uint32_t p = 0; p < 6; ++p) feeds.push(0, {p, static_cast<float>(p % 2 == 0 ? p : 10 - p)});
  // arrivals: 0, 9, 2, 7, 4, 5 -> the newest three are 9 (post 1), 7 (post 3), 5 (post 5)
  std::vector<std::uint32_t> kept;
  for (const auto& e : feeds.of(0)) kept.push_back(e.post);
  std::sort(kept.begin(), kept.end());
  CHECK(kept == std::vector<std::uint32_t>{1, 3, 5});
}

TEST_CASE("a directed follow edge list is read, and bad lines name file and line", "[media]") {
  const auto ok = snsim::read_follow_edge_list(temp_file("ok", "# c\n0 1\n\n2 3\n1 1\n"), 3, 1);
  CHECK(ok.size() == 2);  // the self-follow is dropped; 3 is the brand
  const auto g = snsim::follow_graph_from_arcs(3, 1, ok);
  CHECK(g.follower_count(1) == 1);
  CHECK(g.brand_follower_count[0] == 1);
  CHECK(g.follows_brand[0][2] == 1);
  const std::string bad = temp_file("bad", "0 1\n0 7\n");
  CHECK_THROWS_WITH(snsim::read_follow_edge_list(bad, 3, 1),
                    Catch::Contains(bad + ":2:") && Catch::Contains("outside the population"));
  CHECK_THROWS_WITH(snsim::read_follow_edge_list(temp_file("brand", "3 0\n"), 3, 1),
                    Catch::Contains(":1:") && Catch::Contains("cannot follow"));
  CHECK_THROWS_WITH(snsim::read_follow_edge_list(temp_file("word", "0 x\n"), 3, 1),
                    Catch::Contains(":1:"));
}

TEST_CASE("bad platform keys are one-line errors naming the key path", "[media]") {
  const std::string brands = "brands: [{name: b}]\n";
  CHECK_THAT(error_of("platform: {ranking: chronologic}\n" + brands),
             Catch::Contains("platform.ranking") && Catch::Contains("did you mean 'chronological'"));
  CHECK_THAT(error_of("platform: {feed_capacity: -1}\n" + brands), Catch::Contains("platform.feed_capacity"));
  CHECK_THAT(error_of("platform: {like: {base: 1.5}}\n" + brands), Catch::Contains("platform.like.base"));
  CHECK_THAT(error_of("population: {share: 1.5}\n" + brands), Catch::Contains("population.share"));
  CHECK_THAT(error_of("population: {attention: -2}\n" + brands), Catch::Contains("population.attention"));
  CHECK_THAT(error_of("brands: [{name: b, strategy: {broadcast: 0.8, promote: 0.5}}]\n"),
             Catch::Contains("brands[0].strategy.promote"));
  CHECK_THAT(error_of("brands: [{name: b, influencers: {selection: pagerank}}]\n"),
             Catch::Contains("brands[0].influencers.selection"));
  const std::string bad = temp_file("outside", "0 1\n5 2\n");
  CHECK_THAT(error_of("population: {size: 4, communities: 1}\nnetwork: {generator: complete}\nplatform: {follow_graph: {edge_list: " + bad + "}}\n" + brands),
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
      "processes: [social_media]\n",
      "<t>");
  auto run = [&](int threads) {
    const int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    snsim::World world = snsim::build_world(sc, sc.seed);
    auto series = snsim::test::run_social_media(world, sc.seed, sc.time.steps);
    omp_set_num_threads(before);
    return std::make_pair(std::move(series), world.media().posts.likes);
  };
  const auto [one, likes1] = run(1);
  const auto [two, likes2] = run(2);
  REQUIRE(one.metrics.size() == two.metrics.size());
  for (std::size_t m = 0; m < one.metrics.size(); ++m) {
    INFO(one.metrics[m].name);
    CHECK(one.metrics[m].values == two.metrics[m].values);
  }
  CHECK(likes1 == likes2);
  for (snsim::Step t = 1; t < sc.time.steps; ++t) CHECK(one.at("reach", t, 0) >= one.at("reach", t - 1, 0));
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
