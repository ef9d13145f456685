// Tests of SocialGraph: CSR building against a std::set reference, and the implicit complete graph.
#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "snsim/core/random_stream.hpp"
#include "snsim/network/social_graph.hpp"

using snsim::AgentId;
using snsim::SocialGraph;

namespace {

/// Returns true if every row is strictly ascending, loop-free, and every arc has its reverse.
bool is_symmetric_sorted_simple(const SocialGraph& g) {
  for (AgentId i = 0; i < g.num_agents(); ++i) {
    const auto row = g.neighbours(i);
    if (!std::is_sorted(row.begin(), row.end())) return false;
    if (std::adjacent_find(row.begin(), row.end()) != row.end()) return false;
    for (AgentId j : row) {
      if (j == i) return false;
      const auto back = g.neighbours(j);
      if (!std::binary_search(back.begin(), back.end(), i)) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("duplicate, reversed and self-loop ties collapse into one sorted symmetric tie",
          "[network][csr]") {
  const SocialGraph g = SocialGraph::from_edges(
      5, {{0, 3}, {1, 0}, {0, 1}, {2, 2}, {3, 1}, {1, 3}, {0, 1}, {3, 0}}, 0.25f);
  CHECK(g.num_agents() == 5);
  CHECK(g.num_ties() == 3);
  CHECK(g.num_arcs() == 6);
  CHECK_FALSE(g.is_complete());
  using Row = std::vector<AgentId>;
  auto row = [&](AgentId i) { return Row(g.neighbours(i).begin(), g.neighbours(i).end()); };
  CHECK(row(0) == Row{1, 3});
  CHECK(row(1) == Row{0, 3});
  CHECK(row(2).empty());
  CHECK(row(3) == Row{0, 1});
  CHECK(row(4).empty());
  CHECK(g.degree(2) == 0);
  CHECK(g.degree(3) == 2);
  for (AgentId i = 0; i < 5; ++i) {
    for (float s : g.strengths(i)) CHECK(s == 0.25f);
  }
  const auto offsets = g.offsets();
  CHECK(std::vector<std::uint64_t>(offsets.begin(), offsets.end()) ==
        std::vector<std::uint64_t>{0, 2, 4, 4, 6, 6});
  CHECK(g.memory_bytes() >= 6 * (sizeof(AgentId) + sizeof(float)));
}

TEST_CASE("CSR of random ties with repeats matches a std::set reference", "[network][csr]") {
  const std::uint32_t n = 700;
  snsim::RandomStream rng(snsim::StreamKey{17, 0, 0, snsim::stream_id("test.csr"), 0, 0});
  std::vector<SocialGraph::Tie> edges;
  std::set<std::pair<AgentId, AgentId>> reference;  // both orientations, no loops
  for (int e = 0; e < 20000; ++e) {
    const auto u = static_cast<AgentId>(rng.below(n));
    const auto v = static_cast<AgentId>(rng.below(n));
    edges.emplace_back(u, v);
    if (u != v) {
      reference.emplace(u, v);
      reference.emplace(v, u);
    }
  }
  const SocialGraph g = SocialGraph::from_edges(n, edges, 0.5f);
  REQUIRE(g.num_arcs() == reference.size());
  std::vector<std::pair<AgentId, AgentId>> arcs;
  for (AgentId i = 0; i < n; ++i) {
    for (AgentId j : g.neighbours(i)) arcs.emplace_back(i, j);
  }
  CHECK(std::equal(arcs.begin(), arcs.end(), reference.begin()));
  CHECK(is_symmetric_sorted_simple(g));
}

TEST_CASE("per-tie strengths follow their ties and the first listed duplicate wins",
          "[network][csr]") {
  SocialGraph g = SocialGraph::from_weighted_edges(4, {{2, 0}, {0, 1}, {0, 2}, {3, 3}, {1, 3}},
                                                   {0.9f, 0.1f, 0.5f, 0.7f, 0.3f});
  REQUIRE(g.num_ties() == 3);
  auto strength = [&](AgentId i, AgentId j) {
    const auto row = g.neighbours(i);
    const auto at = std::lower_bound(row.begin(), row.end(), j) - row.begin();
    return std::as_const(g).strengths(i)[static_cast<std::size_t>(at)];
  };
  CHECK(strength(0, 2) == 0.9f);
  CHECK(strength(2, 0) == 0.9f);
  CHECK(strength(0, 1) == 0.1f);
  CHECK(strength(1, 0) == 0.1f);
  CHECK(strength(1, 3) == 0.3f);
  CHECK(strength(3, 1) == 0.3f);
  CHECK_THROWS_AS(SocialGraph::from_weighted_edges(3, {{0, 1}}, {}), std::invalid_argument);
}

TEST_CASE("a graph of one strength stores it once, not per arc", "[network][csr]") {
  // A star on 0 (degree 4) plus the tie 1-2: the longest row has 4 arcs.
  const SocialGraph g = SocialGraph::from_edges(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 2}}, 0.4f);
  for (AgentId i = 0; i < 5; ++i) {
    const auto w = g.strengths(i);
    REQUIRE(w.size() == g.degree(i));
    for (float x : w) CHECK(x == 0.4f);
  }
  CHECK(g.all_strengths() == std::vector<float>(10, 0.4f));
  CHECK(g.memory_bytes() == 6 * sizeof(snsim::ArcIndex) + 10 * sizeof(AgentId) + 4 * sizeof(float));
}

TEST_CASE("row offsets hold the arcs of the build's width and refuse more, naming the option",
          "[network][csr]") {
  CHECK(snsim::arc_index(4294967295ull, "g") == 4294967295ull);
  if (sizeof(snsim::ArcIndex) == 4) {
    CHECK_THROWS_WITH(snsim::arc_index(4294967296ull, "the social graph"),
                      Catch::Contains("the social graph has 4294967296 arcs") &&
                          Catch::Contains("SNSIM_WIDE_ARCS"));
  }
}

TEST_CASE("a tie naming an agent outside the population is rejected", "[network][csr]") {
  CHECK_THROWS_AS(SocialGraph::from_edges(3, {{0, 3}}, 1.0f), std::out_of_range);
}

TEST_CASE("the complete graph is implicit: degrees and tie count without arcs", "[network][csr]") {
  const SocialGraph g = SocialGraph::complete(1000);
  CHECK(g.is_complete());
  CHECK(g.num_agents() == 1000);
  CHECK(g.num_ties() == 499500);
  CHECK(g.num_arcs() == 999000);
  CHECK(g.degree(0) == 999);
  CHECK(g.degree(999) == 999);
  CHECK(g.offsets().empty());
  CHECK(g.memory_bytes() < 1024);
  CHECK_THROWS_AS(g.neighbours(0), std::logic_error);
  CHECK_THROWS_AS(g.strengths(0), std::logic_error);
  CHECK(SocialGraph::complete(0).num_ties() == 0);
}

TEST_CASE("an empty tie list gives isolated agents", "[network][csr]") {
  const SocialGraph g = SocialGraph::from_edges(3, {}, 1.0f);
  CHECK(g.num_ties() == 0);
  CHECK(g.degree(1) == 0);
  CHECK(g.neighbours(2).empty());
}
