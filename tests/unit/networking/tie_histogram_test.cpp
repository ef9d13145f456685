// The brand network's distributions, recorded every step as series in subgroups.
#include <catch2/catch.hpp>

#include <string>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

TEST_CASE("the tie-strength histogram and the by-community counts each sum to the relationships",
          "[networking]") {
  const snsim::Scenario s = snsim::load_scenario_file(
      SNSIM_SOURCE_DIR "/scenarios/networking_growth.yaml", {"time.steps=30"});
  snsim::RunOptions options;
  options.seed = s.seed;
  const snsim::RunSeries series = snsim::run_scenario(s, options).series;
  int bins = 0, communities = 0;
  for (const auto& m : series.metrics) {
    bins += m.name.rfind("tie_strength_histogram/", 0) == 0;
    communities += m.name.rfind("relationships_by_community/", 0) == 0;
  }
  CHECK(bins == 10);
  CHECK(communities == static_cast<int>(s.population.communities));
  double grew = 0;
  for (snsim::Step t = 0; t < series.steps; ++t) {
    double by_bin = 0, by_community = 0;
    for (const auto& m : series.metrics) {
      if (m.name.rfind("tie_strength_histogram/", 0) == 0) by_bin += m.values[t];
      if (m.name.rfind("relationships_by_community/", 0) == 0) by_community += m.values[t];
    }
    const double total = series.at("relationships", t, 0);
    CHECK(by_bin == total);
    CHECK(by_community == total);
    grew = total;
  }
  CHECK(grew > 0);
}
