// The independent cascade model (Kempe, Kleinberg, Tardos 2003) as a special case of the social
// media channel (docs/model.md section 6), and limited attention as the source of heavy-tailed
// popularity (Weng, Flammini, Vespignani, Menczer 2012).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../unit/media/media_test_support.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/media/follow_graph.hpp"

namespace {

using Arc = std::pair<std::uint32_t, std::uint32_t>;  // (from, to): `to` follows `from`

// Returns the exact expected IC spread from `source` (counting it) by enumerating all 2^E
// live-edge graphs, each arc live with probability p.
double exact_spread(std::uint32_t accounts, const std::vector<Arc>& arcs, std::uint32_t source,
                    double p) {
  const std::size_t e = arcs.size();
  double expected = 0.0;
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << e); ++mask) {
    const int live = __builtin_popcountll(mask);
    const double prob = std::pow(p, live) * std::pow(1.0 - p, static_cast<double>(e) - live);
    std::vector<std::uint8_t> on(accounts, 0);
    on[source] = 1;
    for (bool grew = true; grew;) {
      grew = false;
      for (std::size_t a = 0; a < e; ++a)
        if ((mask >> a & 1) && on[arcs[a].first] && !on[arcs[a].second]) {
          on[arcs[a].second] = 1;
          grew = true;
        }
    }
    expected += prob * static_cast<double>(std::count(on.begin(), on.end(), 1));
  }
  return expected;
}

}  // namespace

TEST_CASE("with unlimited attention a brand post spreads as the independent cascade model",
          "[validation][media][ic]") {
  const std::string path = SNSIM_SOURCE_DIR "/scenarios/validation/independent_cascade.yaml";
  // The follow graph has cycles (0 <-> 3; 2 -> 4 -> 6 -> 2), where IC differs from any tree bound.
  for (double p : {0.3, 0.7}) {
    // Only scenario keys: population.propensity_sigma = 0 (in the file) makes every person's
    // share chance exactly population.share, so nothing in C++ overrides the population.
    const snsim::Scenario sc =
        snsim::load_scenario_file(path, {"population.share=" + std::to_string(p)});
    const std::uint32_t n = sc.population.size;
    std::vector<Arc> arcs;
    for (const auto& [follower, followee] :
         snsim::read_follow_edge_list(sc.platform.follow_graph.edge_list_path, n, 1))
      arcs.emplace_back(followee, follower);
    REQUIRE(arcs.size() <= 20);
    // The population stores propensities as float: compare with the IC of the stored chance.
    const double p_stored = static_cast<float>(p);
    const double exact = exact_spread(n + 1, arcs, n, p_stored);
    constexpr int kReplicates = 4000;
    double sum = 0.0, sum2 = 0.0;
    for (int rep = 0; rep < kReplicates; ++rep) {
      const std::uint64_t seed = 1000 + static_cast<std::uint64_t>(rep);
      snsim::World world = snsim::build_world(sc, seed);
      REQUIRE(world.population().share[rep % n] == static_cast<float>(p));
      snsim::test::run_social_media(world, seed, sc.time.steps);
      // Post 0 is the brand's first post; its cascade counts the brand and every sharer.
      const auto& posts = world.media().posts;
      REQUIRE(posts.size() > 0);
      REQUIRE(posts.author[0] == n);
      const double size = posts.cascade_size[0];
      if (rep == 0) {
        const auto hist = snsim::cascade_size_histogram(posts, 0);
        std::int64_t roots = 0;
        for (auto c : hist) roots += c;
        CHECK(roots == static_cast<std::int64_t>(sc.time.steps));  // one brand post a step
      }
      sum += size;
      sum2 += size * size;
    }
    const double mean = sum / kReplicates;
    const double se = std::sqrt((sum2 / kReplicates - mean * mean) / kReplicates);
    INFO("p " << p << ": simulated mean spread " << mean << " +- " << se << ", exact " << exact);
    CHECK(std::abs(mean - exact) < 4.0 * se);
  }
}
