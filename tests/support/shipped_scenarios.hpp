#pragma once
// Test support shared by the whole-pipeline integration tests (determinism matrix, checkpoint
// and resume): the list of shipped scenarios, one of them made small, and a bitwise comparison of
// two runs' series.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "snsim/core/parallel.hpp"
#include "snsim/core/recorder.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace snsim::test_support {

/// Returns every shipped scenario (scenarios/, validation/, sweeps/, claims/, classic/, market/),
/// sorted.
inline std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> all;
  for (const char* dir : {"/scenarios", "/scenarios/validation", "/scenarios/sweeps",
                          "/scenarios/claims", "/scenarios/classic", "/scenarios/market"})
    for (const auto& e : std::filesystem::directory_iterator(std::string(SNSIM_SOURCE_DIR) + dir))
      if (e.path().extension() == ".yaml") all.push_back(e.path());
  std::sort(all.begin(), all.end());
  return all;
}

/// Returns the shipped scenario at path made small: at most max_steps steps, then the overrides
/// `extra` gives for the scenario as shipped, and kMinParallelAgents + 1000 agents (so that the
/// parallel loops really run in parallel), except for tiny hand-made scenarios (under 1,000
/// agents), which keep their size.
inline Scenario load_small_scenario(
    const std::filesystem::path& path, std::int64_t max_steps,
    const std::function<std::vector<std::string>(const Scenario&)>& extra = {}) {
  const Scenario as_shipped = load_scenario_file(path.string());
  std::vector<std::string> overrides;
  const auto steps =
      std::min<std::int64_t>(static_cast<std::int64_t>(as_shipped.time.steps), max_steps);
  overrides.push_back("time.steps=" + std::to_string(steps));
  if (extra)
    for (const std::string& o : extra(as_shipped)) overrides.push_back(o);
  if (as_shipped.population.size < 1000) return load_scenario_file(path.string(), overrides);
  try {
    auto more = overrides;
    more.push_back("population.size=" + std::to_string(kMinParallelAgents + 1000));
    return load_scenario_file(path.string(), more);
  } catch (const std::exception&) {
    // The size is fixed by the scenario (an edge list, for instance): keep it.
    return load_scenario_file(path.string(), overrides);
  }
}

/// Returns "" if a and b are bitwise equal, else the first part or metric that differs.
inline std::string first_difference(const RunSeries& a, const RunSeries& b) {
  if (a.steps != b.steps) return "steps";
  if (a.brands != b.brands) return "brands";
  if (a.metrics.size() != b.metrics.size()) return "the number of metrics";
  for (std::size_t l = 0; l < std::max(a.id_lists.size(), b.id_lists.size()); ++l)
    if (l >= a.id_lists.size() || l >= b.id_lists.size() ||
        a.id_lists[l].name != b.id_lists[l].name || a.id_lists[l].ids != b.id_lists[l].ids)
      return "ids:" + (l < a.id_lists.size() ? a.id_lists[l].name : b.id_lists[l].name);
  for (std::size_t m = 0; m < a.metrics.size(); ++m) {
    const auto& x = a.metrics[m].values;
    const auto& y = b.metrics[m].values;
    if (a.metrics[m].name != b.metrics[m].name) return "metric names";
    if (x.size() != y.size() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) != 0)
      return a.metrics[m].name;
  }
  return "";
}

}  // namespace snsim::test_support
