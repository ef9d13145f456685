// RunScenarios (sweep_plan.hpp): a run's scenario loaded once per distinct overrides is the one
// load_run_scenario gives, and replicates of one grid point share it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "../../support/temp_dir.hpp"
#include "sweep_block.hpp"

using namespace snsim;

TEST_CASE("a sweep's runs get the scenario load_run_scenario gives, loaded once per grid point",
          "[sweep]") {
  const test_support::TempDir dir;
  const std::string path =
      dir.write("s.yaml", test::kSweepBase +
                              "sweep:\n  grid:\n    population.size: [100, 150, 200]\n"
                              "  replicates: 3\n");
  const SweepPlan plan = make_sweep_plan(path, {});
  REQUIRE(plan.run_count() == 9);
  RunScenarios scenarios(plan);
  const Scenario* first_of_point[3] = {nullptr, nullptr, nullptr};
  for (std::uint64_t k = 0; k < plan.run_count(); ++k) {
    const SweepRun run = plan.run(k);
    const Scenario& cached = scenarios.of(run);
    CHECK(cached.resolved_yaml == load_run_scenario(plan, run).resolved_yaml);
    const auto point = static_cast<std::size_t>(run.grid_point);
    REQUIRE(point < 3);
    if (first_of_point[point] == nullptr) first_of_point[point] = &cached;
    CHECK(&cached == first_of_point[point]);  // replicates share the loaded scenario
  }
  CHECK(first_of_point[0]->population.size == 100);
  CHECK(first_of_point[2]->population.size == 200);
}
