// Tests of graph statistics (against brute-force references and closed forms) and of the writers
// (edge-list round trip, well-formed GraphML).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../../support/temp_dir.hpp"
#include "snsim/core/random_stream.hpp"
#include "snsim/network/edge_list.hpp"
#include "snsim/network/generators.hpp"
#include "snsim/network/graph_stats.hpp"
#include "snsim/network/graph_writer.hpp"

using namespace snsim;

namespace {

/// Returns each agent's local clustering by checking every pair of neighbours (reference path).
std::vector<double> brute_force_clustering(const SocialGraph& g) {
  std::vector<double> clustering(g.num_agents(), 0.0);
  for (AgentId u = 0; u < g.num_agents(); ++u) {
    const auto row = g.neighbours(u);
    if (row.size() < 2) continue;
    double closed = 0;
    for (std::size_t a = 0; a < row.size(); ++a) {
      for (std::size_t b = a + 1; b < row.size(); ++b) {
        const auto back = g.neighbours(row[a]);
        if (std::binary_search(back.begin(), back.end(), row[b])) closed += 1;
      }
    }
    clustering[u] = 2 * closed / static_cast<double>(row.size() * (row.size() - 1));
  }
  return clustering;
}

/// Returns the number of times `needle` occurs in `text`.
std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("local clustering equals a brute-force count of closed neighbour pairs",
          "[network][stats]") {
  const SocialGraph g = generate_holme_kim(2000, 4, 0.7, 0.3f, 3);
  const std::vector<double> fast = local_clustering(g);
  const std::vector<double> reference = brute_force_clustering(g);
  CHECK(fast == reference);
}

TEST_CASE("statistics of a triangle with a pendant agent are known by hand", "[network][stats]") {
  // 0-1-2 triangle, 3 hangs on 2, 4 isolated.
  const SocialGraph g = SocialGraph::from_edges(5, {{0, 1}, {1, 2}, {2, 0}, {2, 3}}, 0.3f);
  const GraphStats s = compute_graph_stats(g);
  CHECK(s.ties == 4);
  CHECK(s.triangles == 1);
  CHECK(s.max_degree == 3);
  CHECK(s.mean_degree == Approx(8.0 / 5));
  CHECK(s.mean_clustering == Approx((1 + 1 + 1.0 / 3) / 5));
  CHECK(s.transitivity == Approx(3.0 / 5));  // 3 triangles-at-corners over 1+1+3 triples
  CHECK(s.components == 2);
  CHECK(s.largest_component == 4);
  CHECK(degree_histogram(g) == std::vector<std::uint64_t>{1, 1, 2, 1});
}

TEST_CASE("complete graph statistics come from closed forms equal to the explicit graph's",
          "[network][stats]") {
  const std::uint32_t n = 60;
  std::vector<SocialGraph::Tie> pairs;
  for (AgentId u = 0; u < n; ++u) {
    for (AgentId v = u + 1; v < n; ++v) pairs.emplace_back(u, v);
  }
  const GraphStats implicit = compute_graph_stats(SocialGraph::complete(n));
  const GraphStats explicit_ = compute_graph_stats(SocialGraph::from_edges(n, pairs, 1.0f));
  CHECK(implicit.ties == explicit_.ties);
  CHECK(implicit.triangles == explicit_.triangles);
  CHECK(implicit.mean_degree == explicit_.mean_degree);
  CHECK(implicit.max_degree == explicit_.max_degree);
  CHECK(implicit.mean_clustering == explicit_.mean_clustering);
  CHECK(implicit.transitivity == explicit_.transitivity);
  CHECK(implicit.components == 1);
  CHECK(implicit.largest_component == n);
  CHECK(degree_histogram(SocialGraph::complete(n)) ==
        degree_histogram(SocialGraph::from_edges(n, pairs, 1.0f)));
  CHECK(compute_graph_stats(SocialGraph::complete(2000000)).triangles ==
        std::uint64_t{2000000} * 1999999 / 2 * 1999998 / 3);
}

TEST_CASE("the statistics table has one aligned line per statistic", "[network][stats]") {
  const std::string table = format_graph_stats(compute_graph_stats(SocialGraph::complete(10)));
  std::istringstream lines(table);
  std::string line;
  std::size_t count = 0;
  while (std::getline(lines, line)) {
    ++count;
    CHECK(line.size() == 33);
  }
  CHECK(count == 9);
  CHECK(table.find("mean clustering") != std::string::npos);
}

TEST_CASE("an edge list written then read back gives the same graph and strengths",
          "[network][writer]") {
  const std::uint32_t n = 800;
  const SocialGraph base = generate_barabasi_albert(n, 3, 0.3f, 5);
  std::vector<SocialGraph::Tie> ties;
  std::vector<float> strengths;
  RandomStream rng(StreamKey{5, 0, 0, stream_id("test.writer"), 0, 0});
  for (AgentId u = 0; u < n; ++u) {
    for (AgentId v : base.neighbours(u)) {
      if (u < v) {
        ties.emplace_back(u, v);
        strengths.push_back(static_cast<float>(0.01 + 0.99 * rng.uniform01()));
      }
    }
  }
  const SocialGraph g = SocialGraph::from_weighted_edges(n + 2, ties, strengths);  // 2 isolated
  const test_support::TempDir dir;
  const auto path = dir.file("roundtrip.txt");
  {
    std::ofstream out(path);
    write_edge_list(g, out);
  }
  const SocialGraph back = read_edge_list(path, n + 2, 0.3f);
  auto eq = [](auto x, auto y) { return std::equal(x.begin(), x.end(), y.begin(), y.end()); };
  CHECK(eq(g.offsets(), back.offsets()));
  CHECK(eq(g.all_neighbours(), back.all_neighbours()));
  CHECK(eq(g.all_strengths(), back.all_strengths()));  // shortest round-trip float text
}

TEST_CASE("GraphML has one node per agent, one edge per tie and closes its elements",
          "[network][writer]") {
  const std::uint32_t n = 300;
  std::vector<std::uint16_t> community(n);
  for (AgentId i = 0; i < n; ++i) community[i] = static_cast<std::uint16_t>(i % 3);
  const SocialGraph g = generate_watts_strogatz(n, 6, 0.2, 0.5f, 1);
  std::ostringstream out;
  write_graphml(g, community, out);
  const std::string xml = out.str();
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml ", 0) == 0);
  CHECK(count_of(xml, "<node ") == n);
  CHECK(count_of(xml, "</node>") == n);
  CHECK(count_of(xml, "<edge ") == g.num_ties());
  CHECK(count_of(xml, "</edge>") == g.num_ties());
  CHECK(count_of(xml, "edgedefault=\"undirected\"") == 1);
  CHECK(count_of(xml, "attr.name=\"community\" attr.type=\"int\"") == 1);
  CHECK(count_of(xml, "attr.name=\"weight\" attr.type=\"double\"") == 1);
  CHECK(xml.size() >= 20);
  CHECK(xml.substr(xml.size() - 20) == "</graph>\n</graphml>\n");
  std::ostringstream complete;
  write_graphml(SocialGraph::complete(5), {}, complete);
  CHECK(count_of(complete.str(), "<edge ") == 10);
  CHECK_THROWS_AS(write_graphml(g, std::vector<std::uint16_t>(3), out), std::invalid_argument);
}
