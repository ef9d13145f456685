#pragma once
// Sample results and a scratch folder shared by the results writer and reader tests.
#include <string>

#include "../../support/temp_dir.hpp"
#include "snsim/io/results_file.hpp"

namespace snsim::test {

/// A fresh empty folder under the system temp folder, removed with everything in it at the end.
using ScratchFolder = test_support::TempDir;

inline ResultsAttributes sample_attributes() {
  ResultsAttributes a;
  a.snsim_version = "0.1.0-test";
  a.scenario_yaml = "# tiny scenario\ntime:\n  steps: 5\nbrands:\n  - name: Acme\n";
  a.command_line = "snsim run tiny.yaml --seed 7";
  a.created = "2024-05-01T12:00:00Z";
  return a;
}

/// Returns a run with per-brand metrics, a population-wide one and nested ones ("a/b").
inline RunRecord sample_run(std::uint64_t index, Step steps, std::vector<std::string> brands) {
  RunRecord run;
  run.index = index;
  run.seed = 0xDEADBEEFCAFEF00DULL + index;  // needs all 64 bits
  run.replicate = index % 3;
  run.wall_time_s = 1.25 + static_cast<double>(index);
  run.parameters = {{"population.size", std::to_string(1000 * (index + 1))},
                    {"brands.0.budget", "2.5e3"},
                    {"agents.attention", "0.3"}};  // not in name order, on purpose
  run.series.steps = steps;
  run.series.brands = std::move(brands);
  const std::size_t b = run.series.brands.size();
  auto add = [&](std::string name, std::string unit, bool per_brand, double scale) {
    MetricSeries m{
        std::move(name), std::move(unit), "what " + std::to_string(scale), per_brand, {}};
    const std::size_t n = static_cast<std::size_t>(steps) * (per_brand ? b : 1);
    for (std::size_t i = 0; i < n; ++i)
      m.values.push_back(scale * static_cast<double>(i) / 3.0 - 1e-300 * static_cast<double>(i));
    run.series.metrics.push_back(std::move(m));
  };
  add("reach", "agents", true, 1.0 + static_cast<double>(index));
  add("revenue", "USD", true, 0.1);
  add("visits_true/search", "visits", true, 2.0);
  add("visits_true/post", "visits", true, 3.0);
  add("visits_measured/last_touch/post", "visits", true, 4.0);
  add("posts", "posts", false, 7.0);
  add("active_agents", "agents", false, 0.5);
  return run;
}

}  // namespace snsim::test
