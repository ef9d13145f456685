#pragma once
// Test support shared by run-level tests (market competition, market attribution, determinism):
// run a scenario given as YAML text with overrides, or a loaded one with a given number of
// threads, and sum a per-brand metric over the steps.
#include <omp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace snsim::test_support {

/// Returns the series of the scenario `text` with the overrides, run on its own seed.
inline RunSeries run_text(const std::string& text, const std::vector<std::string>& overrides) {
  const Scenario s = load_scenario_text(text, "<test>", overrides);
  RunOptions o;
  o.seed = s.seed;
  return run_scenario(s, o).series;
}

/// Returns the series of scenario s run on `seed` with `threads` OpenMP threads (the thread
/// count is restored afterwards).
inline RunSeries run_with_threads(const Scenario& s, int threads, std::uint64_t seed) {
  const int before = omp_get_max_threads();
  omp_set_num_threads(threads);
  RunOptions options;
  options.seed = seed;
  RunSeries out = run_scenario(s, options).series;
  omp_set_num_threads(before);
  return out;
}

/// Returns the sum over steps of a per-brand metric of brand b.
inline double total(const RunSeries& r, const std::string& metric, BrandId b) {
  double x = 0.0;
  for (Step t = 0; t < r.steps; ++t) x += r.at(metric, t, b);
  return x;
}

}  // namespace snsim::test_support
