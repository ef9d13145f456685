// Tests that generators are reproducible (same seed, any thread count) and reject impossible
// parameters with a clear std::invalid_argument.
#include <algorithm>
#include <stdexcept>
#include <vector>

#include <omp.h>

#include <catch2/catch.hpp>

#include "snsim/core/random_stream.hpp"
#include "snsim/network/generators.hpp"
#include "snsim/network/graph_stats.hpp"

using namespace snsim;

namespace {

/// Returns true if the two graphs have identical CSR arrays.
bool same_graph(const SocialGraph& a, const SocialGraph& b) {
  auto eq = [](auto x, auto y) { return std::equal(x.begin(), x.end(), y.begin(), y.end()); };
  return a.num_agents() == b.num_agents() && eq(a.offsets(), b.offsets()) &&
         eq(a.all_neighbours(), b.all_neighbours()) && eq(a.all_strengths(), b.all_strengths());
}

std::vector<std::uint16_t> four_communities(std::uint32_t n) {
  std::vector<std::uint16_t> community(n);
  for (std::uint32_t i = 0; i < n; ++i) community[i] = static_cast<std::uint16_t>(i % 4);
  return community;
}

NetworkSpec spec_of(GraphGenerator generator) {
  NetworkSpec spec;
  spec.generator = generator;
  spec.initial_strength = 0.4f;
  return spec;
}

}  // namespace

TEST_CASE("every generator gives the same graph for the same seed and another for another seed",
          "[network][generators][determinism]") {
  const std::uint32_t n = 3000;
  const auto community = four_communities(n);
  for (GraphGenerator generator : {GraphGenerator::erdos_renyi, GraphGenerator::barabasi_albert,
                                   GraphGenerator::watts_strogatz, GraphGenerator::stochastic_block,
                                   GraphGenerator::holme_kim}) {
    const NetworkSpec spec = spec_of(generator);
    CAPTURE(static_cast<int>(generator));
    const SocialGraph a = generate_social_graph(spec, n, community, 123);
    const SocialGraph b = generate_social_graph(spec, n, community, 123);
    const SocialGraph c = generate_social_graph(spec, n, community, 124);
    CHECK(a.num_ties() > 0);
    CHECK(same_graph(a, b));
    CHECK_FALSE(same_graph(a, c));
    for (float s : a.all_strengths()) REQUIRE(s == 0.4f);
  }
  const SocialGraph complete = generate_social_graph(spec_of(GraphGenerator::complete), n, {}, 1);
  CHECK(complete.is_complete());
  CHECK(complete.num_ties() == std::uint64_t{n} * (n - 1) / 2);
}

TEST_CASE("Erdos-Renyi graph and clustering do not depend on the number of threads",
          "[network][generators][determinism]") {
  const int threads_before = omp_get_max_threads();
  omp_set_num_threads(1);
  const SocialGraph one = generate_erdos_renyi(50000, 12.0, 0.3f, 77);
  const GraphStats stats_one = compute_graph_stats(one);
  omp_set_num_threads(2);
  const SocialGraph two = generate_erdos_renyi(50000, 12.0, 0.3f, 77);
  const GraphStats stats_two = compute_graph_stats(two);
  omp_set_num_threads(threads_before);
  CHECK(same_graph(one, two));
  CHECK(stats_one.mean_clustering == stats_two.mean_clustering);  // bitwise, not approximately
  CHECK(stats_one.triangles == stats_two.triangles);
}

TEST_CASE("impossible generator parameters are rejected with std::invalid_argument",
          "[network][generators]") {
  CHECK_THROWS_AS(generate_barabasi_albert(10, 10, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_barabasi_albert(10, 0, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_holme_kim(5, 7, 0.5, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_holme_kim(100, 3, 1.5, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_watts_strogatz(100, 5, 0.1, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_watts_strogatz(10, 10, 0.1, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_watts_strogatz(100, 4, -0.1, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_erdos_renyi(10, 12.0, 0.3f, 1), std::invalid_argument);
  CHECK_THROWS_AS(generate_erdos_renyi(10, -1.0, 0.3f, 1), std::invalid_argument);
  const std::vector<std::uint16_t> small_block = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
  CHECK_THROWS_WITH(generate_stochastic_block(small_block, 4.0, 1.0, 0.3f, 1),
                    Catch::Contains("community 0 has 3 members"));
  NetworkSpec spec = spec_of(GraphGenerator::barabasi_albert);
  spec.initial_strength = 0.0f;
  CHECK_THROWS_AS(generate_social_graph(spec, 100, {}, 1), std::invalid_argument);
  spec = spec_of(GraphGenerator::stochastic_block);
  CHECK_THROWS_AS(generate_social_graph(spec, 100, small_block, 1), std::invalid_argument);
  CHECK_THROWS_WITH(generate_barabasi_albert(10, 10, 0.3f, 1),
                    "barabasi_albert: m = 10 must be below the population size n = 10");
}

TEST_CASE("tiny populations give empty or saturated graphs, not errors", "[network][generators]") {
  CHECK(generate_erdos_renyi(1, 3.0, 0.3f, 1).num_ties() == 0);
  CHECK(generate_erdos_renyi(4, 3.0, 0.3f, 1).num_ties() == 6);  // p = 1
  CHECK(generate_barabasi_albert(2, 1, 0.3f, 1).num_ties() == 1);
  CHECK(generate_watts_strogatz(3, 2, 1.0, 0.3f, 1).num_ties() == 3);
  CHECK(generate_stochastic_block(std::vector<std::uint16_t>{0, 0}, 1.0, 0.0, 0.3f, 1).num_ties() ==
        1);
}

TEST_CASE(
    "Barabasi-Albert equals the construction with an explicit degree list, on 1 and 2 threads",
    "[network][generators][determinism]") {
  // networkx.barabasi_albert_graph with the generator's streams, the list of tie ends held in
  // full: the generator resolves the same positions without storing the list.
  const std::uint32_t n = 40000, m = 3;
  const std::uint64_t seed = 9;
  std::vector<SocialGraph::Tie> ties;
  std::vector<AgentId> repeated;
  for (AgentId leaf = 1; leaf <= m; ++leaf) ties.emplace_back(0, leaf), repeated.push_back(0);
  for (AgentId leaf = 1; leaf <= m; ++leaf) repeated.push_back(leaf);
  for (AgentId source = m + 1; source < n; ++source) {
    RandomStream rng(
        StreamKey{seed, 0, kSetupStep, stream_id("network.barabasi_albert"), 0, source});
    std::vector<AgentId> targets;
    while (targets.size() < m) {
      const AgentId x = repeated[rng.below(repeated.size())];
      if (std::find(targets.begin(), targets.end(), x) == targets.end()) targets.push_back(x);
    }
    for (AgentId t : targets) ties.emplace_back(source, t);
    repeated.insert(repeated.end(), targets.begin(), targets.end());
    repeated.insert(repeated.end(), m, source);
  }
  const SocialGraph reference = SocialGraph::from_edges(n, ties, 0.3f);
  const int threads_before = omp_get_max_threads();
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    CAPTURE(threads);
    CHECK(same_graph(generate_barabasi_albert(n, m, 0.3f, seed), reference));
  }
  omp_set_num_threads(threads_before);
}
