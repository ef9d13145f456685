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

/// The idle brand the loader once required: it spends nothing.
const std::string kIdleBrand =
    "brands=[{name: idle, budget: {money_per_step: 0, hours_per_step: 0}}]";

/// Returns the series of a scenario's run on its own seed.
snsim::RunSeries run(const snsim::Scenario& s) {
  snsim::RunOptions options;
  options.seed = s.seed;
  return snsim::run_scenario(s, options).series;
}

/// Returns "" when the run without brands recorded bitwise what the scenario with the idle brand
/// records (brand axis aside), else the first part that differs.
std::string difference_from_idle(const snsim::RunSeries& without, const snsim::Scenario& idle) {
  snsim::RunSeries with = run(idle);
  if (with.brands.size() != 1) return "the idle brand";
  with.brands.clear();
  return first_difference(without, with);
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
    const snsim::RunSeries without = run(none);
    CHECK(without.brands.empty());
    REQUIRE(!without.metrics.empty());
    // Every metric population-wide: nothing is recorded per brand.
    for (const auto& m : without.metrics) CHECK_FALSE(m.per_brand);
    CHECK(difference_from_idle(without, load_small(path, {kIdleBrand})) == "");
  }
}

TEST_CASE("person_ties runs without brands, as with an idle brand, bitwise",
          "[integration][brands]") {
  // The third process that acts on people only: ties form by closure and homophily during the
  // run, under a contagion that spreads over the generated graph.
  const std::string text =
      "name: ties\nseed: 5\ntime: {steps: 15}\npopulation: {size: 600, communities: 3}\n"
      "network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 6}}\n"
      "processes: [person_ties, contagion]\n"
      "contagion: {model: sir, beta: 0.2, gamma: 0.3, seeds: {count: 5}}\n";
  const snsim::RunSeries without = run(snsim::load_scenario_text(text, "ties.yaml"));
  REQUIRE(without.find("person_ties") != nullptr);
  CHECK(without.find("person_ties")->values.back() > 0);  // ties formed during the run
  CHECK(difference_from_idle(without, snsim::load_scenario_text(text, "ties.yaml", {kIdleBrand})) ==
        "");
}
