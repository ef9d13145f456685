// Tests of the classic diffusion models (docs/model.md section 6): independent cascade against
// exact live-arc enumeration on tiny graphs, the threshold model on hand-built graphs with known
// runs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include <omp.h>
#include <catch2/catch.hpp>

#include "snsim/network/diffusion.hpp"
#include "snsim/network/generators.hpp"
#include "snsim/network/social_graph.hpp"

using snsim::AgentId;
using snsim::CascadeScratch;
using snsim::RandomStream;
using snsim::SocialGraph;
using snsim::StreamKey;

namespace {

/// Returns the exact expected number of active agents at the end of an independent cascade from
/// `seeds`: every arc is live with probability p independently, and the active set is what the
/// seeds reach over live arcs (Kempe et al. 2003); enumerates all 2^arcs live sets.
double exact_spread(const SocialGraph& g, const std::vector<AgentId>& seeds, double p) {
  std::vector<std::pair<AgentId, AgentId>> arcs;
  for (AgentId u = 0; u < g.num_agents(); ++u) {
    for (AgentId v : g.neighbours(u)) arcs.emplace_back(u, v);
  }
  const std::size_t m = arcs.size();
  double expected = 0;
  for (std::uint64_t live = 0; live < (1ull << m); ++live) {
    double prob = 1;
    for (std::size_t a = 0; a < m; ++a) prob *= (live >> a & 1) ? p : 1 - p;
    std::vector<char> on(g.num_agents(), 0);
    std::vector<AgentId> stack(seeds.begin(), seeds.end());
    for (AgentId s : seeds) on[s] = 1;
    while (!stack.empty()) {
      const AgentId u = stack.back();
      stack.pop_back();
      for (std::size_t a = 0; a < m; ++a) {
        if ((live >> a & 1) && arcs[a].first == u && !on[arcs[a].second]) {
          on[arcs[a].second] = 1;
          stack.push_back(arcs[a].second);
        }
      }
    }
    double count = 0;
    for (char c : on) count += c;
    expected += prob * count;
  }
  return expected;
}

/// Returns mean and standard error of the cascade size over `reps` cascades from `seeds`.
std::pair<double, double> simulated_spread(const SocialGraph& g, const std::vector<AgentId>& seeds,
                                           double p, int reps) {
  CascadeScratch scratch(g.num_agents());
  double sum = 0, sum2 = 0;
  for (int r = 0; r < reps; ++r) {
    RandomStream rng(StreamKey{11, 0, static_cast<std::uint64_t>(r), 1, 0, 0});
    const double x =
        static_cast<double>(snsim::independent_cascade(g, seeds, p, rng, scratch).activated);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / reps;
  const double var = (sum2 - reps * mean * mean) / (reps - 1);
  return {mean, std::sqrt(var / reps)};
}

}  // namespace

TEST_CASE("independent cascade spread equals exact live-arc enumeration on tiny graphs",
          "[network][diffusion][validation]") {
  // A triangle with a tail and a pendant (6 ties, 12 arcs: 4096 live sets).
  const SocialGraph g =
      SocialGraph::from_edges(5, {{0, 1}, {1, 2}, {0, 2}, {2, 3}, {3, 4}, {1, 4}}, 1.0f);
  for (double p : {0.1, 0.3, 0.7}) {
    for (const std::vector<AgentId>& seeds :
         {std::vector<AgentId>{0}, std::vector<AgentId>{0, 4}, std::vector<AgentId>{3}}) {
      const double exact = exact_spread(g, seeds, p);
      const auto [mean, se] = simulated_spread(g, seeds, p, 20000);
      INFO("p = " << p << ", seeds " << seeds.size() << ": exact " << exact << ", simulated "
                  << mean << " +- " << se);
      CHECK(std::abs(mean - exact) < 4 * se);
    }
  }
}

TEST_CASE("one tie activates its far end with probability p", "[network][diffusion]") {
  const SocialGraph g = SocialGraph::from_edges(2, {{0, 1}}, 1.0f);
  const std::vector<AgentId> seed = {0};
  const auto [mean, se] = simulated_spread(g, seed, 0.013, 200000);
  // Geometric skipping must not bias a rare success: E[size] = 1 + p.
  CHECK(std::abs(mean - 1.013) < 4 * se);
}

TEST_CASE("p of 1 activates the seeds' components and p of 0 only the seeds",
          "[network][diffusion]") {
  // Two components: {0, 1, 2, 3} (a path) and {4, 5}.
  const SocialGraph g = SocialGraph::from_edges(6, {{0, 1}, {1, 2}, {2, 3}, {4, 5}}, 1.0f);
  CascadeScratch scratch(6);
  RandomStream rng(StreamKey{1, 0, 0, 1, 0, 0});
  const std::vector<AgentId> seeds = {1, 1};
  const auto all = snsim::independent_cascade(g, seeds, 1.0, rng, scratch);
  CHECK(all.activated == 4);
  CHECK(all.rounds == 2);
  CHECK(all.arcs == 6);  // the arcs of 0, 1, 2 and 3
  const auto none = snsim::independent_cascade(g, seeds, 0.0, rng, scratch);
  CHECK(none.activated == 1);
  CHECK(none.rounds == 0);
  CHECK(none.arcs == 2);
  CHECK_THROWS_AS(snsim::independent_cascade(g, seeds, 1.5, rng, scratch), std::invalid_argument);
  CHECK_THROWS_AS(snsim::independent_cascade(SocialGraph::complete(6), seeds, 0.5, rng, scratch),
                  std::invalid_argument);
}

TEST_CASE("distinct agents are distinct, in range, and cover everyone when k equals n",
          "[network][diffusion]") {
  CascadeScratch scratch(50);
  RandomStream rng(StreamKey{3, 0, 0, 1, 0, 0});
  for (std::uint32_t k : {0u, 1u, 10u, 30u, 50u}) {
    auto drawn = snsim::draw_distinct_agents(50, k, rng, scratch);
    REQUIRE(drawn.size() == k);
    std::sort(drawn.begin(), drawn.end());
    CHECK(std::adjacent_find(drawn.begin(), drawn.end()) == drawn.end());
    for (AgentId v : drawn) CHECK(v < 50);
  }
  CHECK_THROWS_AS(snsim::draw_distinct_agents(50, 51, rng, scratch), std::invalid_argument);
}

TEST_CASE("Monte-Carlo cascades are identical on 1 and 2 threads", "[network][diffusion]") {
  const SocialGraph g = snsim::generate_barabasi_albert(20000, 3, 1.0f, 5);
  const snsim::MonteCarloSpec spec{300, 20, 0.05, 9};
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = snsim::monte_carlo_cascades(g, spec);
  omp_set_num_threads(2);
  const auto two = snsim::monte_carlo_cascades(g, spec);
  omp_set_num_threads(before);
  CHECK(one.size == two.size);
  CHECK(one.arcs == two.arcs);
  CHECK(one.activated == two.activated);
  CHECK(one.activated > 300u * 20u);  // p * mean degree is 0.3: some cascades grow
  std::uint64_t sum = 0;
  for (auto s : one.size) sum += s;
  CHECK(sum == one.activated);
}

TEST_CASE("threshold model spreads along a path one agent per step", "[network][diffusion]") {
  const SocialGraph path = SocialGraph::from_edges(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}, 1.0f);
  std::vector<std::uint8_t> active = {1, 0, 0, 0, 0};
  const auto out = snsim::threshold_model(path, active, 0.5, 20);
  // Agent t + 1 has half its neighbours active at step t; agent 4 has its only one.
  CHECK(out.newly_active == std::vector<std::uint64_t>{1, 1, 1, 1, 0});
  CHECK(out.steps == 5);
  CHECK(active == std::vector<std::uint8_t>{1, 1, 1, 1, 1});
  // Inactive arcs scanned: 7, 5, 3, 1, then none left.
  CHECK(out.arcs == 7 + 5 + 3 + 1);

  std::vector<std::uint8_t> stuck = {1, 0, 0, 0, 0};
  const auto none = snsim::threshold_model(path, stuck, 0.6, 20);
  CHECK(none.steps == 1);
  CHECK(none.newly_active == std::vector<std::uint64_t>{0});
  CHECK(stuck == std::vector<std::uint8_t>{1, 0, 0, 0, 0});
}

TEST_CASE("threshold model on a star: leaves follow the hub, the hub follows enough leaves",
          "[network][diffusion]") {
  const SocialGraph star = SocialGraph::from_edges(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}}, 1.0f);
  std::vector<std::uint8_t> hub = {1, 0, 0, 0, 0};
  CHECK(snsim::threshold_model(star, hub, 1.0, 5).newly_active == std::vector<std::uint64_t>{4, 0});
  // Two of four leaves: the hub needs theta * 4 <= 2; the other leaves follow a step later.
  std::vector<std::uint8_t> two = {0, 1, 1, 0, 0};
  CHECK(snsim::threshold_model(star, two, 0.5, 5).newly_active ==
        std::vector<std::uint64_t>{1, 2, 0});
  std::vector<std::uint8_t> short_of = {0, 1, 1, 0, 0};
  CHECK(snsim::threshold_model(star, short_of, 0.51, 5).newly_active ==
        std::vector<std::uint64_t>{0});
  std::vector<std::uint8_t> wrong_size(4, 0);
  CHECK_THROWS_AS(snsim::threshold_model(star, wrong_size, 0.5, 5), std::invalid_argument);
}

TEST_CASE("threshold model gives the same final state on 1 and 2 threads", "[network][diffusion]") {
  const SocialGraph g = snsim::generate_barabasi_albert(40000, 5, 1.0f, 2);
  std::vector<std::uint8_t> a(40000, 0);
  for (std::uint32_t v = 0; v < 40000; v += 37) a[v] = 1;
  auto b = a;
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = snsim::threshold_model(g, a, 0.2, 30);
  omp_set_num_threads(2);
  const auto two = snsim::threshold_model(g, b, 0.2, 30);
  omp_set_num_threads(before);
  CHECK(a == b);
  CHECK(one.arcs == two.arcs);
  CHECK(one.newly_active == two.newly_active);
}
