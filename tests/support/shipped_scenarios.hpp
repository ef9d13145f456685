#pragma once
// Test support shared by the whole-pipeline integration tests (determinism matrix, checkpoint
// and resume): the list of shipped scenarios and a bitwise comparison of two runs' series.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "snsim/core/recorder.hpp"

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
