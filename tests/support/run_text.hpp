#pragma once
// Test support shared by run-level tests (market competition, market attribution): run a
// scenario given as YAML text with overrides, and sum a per-brand metric over the steps.
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

/// Returns the sum over steps of a per-brand metric of brand b.
inline double total(const RunSeries& r, const std::string& metric, BrandId b) {
  double x = 0.0;
  for (Step t = 0; t < r.steps; ++t) x += r.at(metric, t, b);
  return x;
}

}  // namespace snsim::test_support
