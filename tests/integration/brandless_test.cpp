// Scenarios without brands (docs/classic-models.md, "Brands"): every classic scenario is shipped
// without one, runs, and records exactly what it recorded with an idle brand. This holds by
// construction: the processes that act on people only (contagion, memes, person_ties) draw from
// streams keyed by their own name and never by brand, the population and the social graph do not
// depend on the brands, and the memes process's follow graph draws a person's brand follows after
// their follows of people. So the test compares every series bitwise.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "../support/shipped_scenarios.hpp"
#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace fs = std::filesystem;

using snsim::test_support::first_difference;

namespace {

/// Returns the scenarios of scenarios/classic/, sorted.
std::vector<fs::path> classic_scenarios() {
  std::vector<fs::path> all;
  for (const auto& e : fs::directory_iterator(SNSIM_SOURCE_DIR "/scenarios/classic"))
    if (e.path().extension() == ".yaml") all.push_back(e.path());
  std::sort(all.begin(), all.end());
  return all;
}

/// Loads a classic scenario made small (15 steps, CELF at 30 simulations), with extra overrides.
snsim::Scenario load_small(const fs::path& path, std::vector<std::string> overrides = {}) {
  overrides.push_back("time.steps=15");
  const snsim::Scenario shipped = snsim::load_scenario_file(path.string());
  if (shipped.contagion.seed_rule == snsim::SeedRule::celf)
    overrides.push_back("contagion.seeds.celf_simulations=30");
  return snsim::load_scenario_file(path.string(), overrides);
}

}  // namespace

TEST_CASE("every classic scenario runs without brands, as with an idle brand, bitwise",
          "[integration][classic][brands]") {
  const auto scenarios = classic_scenarios();
  REQUIRE(scenarios.size() >= 10);
  for (const auto& path : scenarios) {
    INFO("scenario " << path.string());
    const snsim::Scenario none = load_small(path);
    CHECK(none.brands.empty());  // shipped without the idle brand the loader once required
    const snsim::Scenario idle =
        load_small(path, {"brands=[{name: idle, budget: {money_per_step: 0, hours_per_step: 0}}]"});
    REQUIRE(idle.brands.size() == 1);
    snsim::RunOptions options;
    options.seed = none.seed;
    const snsim::RunSeries without = snsim::run_scenario(none, options).series;
    snsim::RunSeries with = snsim::run_scenario(idle, options).series;
    CHECK(without.brands.empty());
    CHECK(!without.metrics.empty());
    // Every metric population-wide: nothing is recorded per brand, with or without the brand.
    for (const auto& m : with.metrics) CHECK_FALSE(m.per_brand);
    with.brands.clear();
    CHECK(first_difference(without, with) == "");
  }
}
