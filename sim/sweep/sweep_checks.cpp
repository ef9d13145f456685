#include "snsim/sweep/sweep_checks.hpp"

#include <string>
#include <vector>

namespace snsim {

std::string canonical_sweep_key(const std::string& key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '[')
      out += '.';
    else if (c != ']')
      out += c;
  }
  return out;
}

void check_sweep_block(const ParsedSweep& parsed, const SourcePlace& block_place) {
  const SweepSpec& spec = parsed.spec;
  const std::vector<std::string> keys = spec.keys();
  const auto place = [&](std::size_t i) {
    return i < parsed.key_places.size() ? parsed.key_places[i] : block_place;
  };
  std::vector<std::string> canonical;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    canonical.push_back(canonical_sweep_key(keys[i]));
    const std::string& key = canonical.back();
    // The block is read before any run's overrides apply: a swept `sweep.replicates` would be
    // accepted and do nothing.
    if (key == "sweep" || key.rfind("sweep.", 0) == 0)
      throw ScenarioError(place(i), "sweep",
                          "'" + shown_value(keys[i]) +
                              "' is a key of the sweep block itself and cannot be swept; set "
                              "sweep.replicates to one number");
    for (std::size_t j = 0; j < i; ++j)
      if (canonical[j] == key)
        throw ScenarioError(place(i), "sweep",
                            "key path '" + shown_value(keys[i]) + "' is swept twice (also as '" +
                                shown_value(keys[j]) + "' at line " +
                                std::to_string(place(j).line) + ")");
  }
  if (spec.run_count() > kMaxSweepRuns) {
    std::string product;
    for (const auto& axis : spec.grid)
      product += (product.empty() ? "" : " x ") + std::to_string(axis.values.size());
    if (spec.sampling != SweepSampling::none)
      product += (product.empty() ? "" : " x ") + std::to_string(spec.samples) + " samples";
    product += " x " + std::to_string(spec.replicates) + " replicates";
    throw ScenarioError(block_place, "sweep",
                        "the sweep has " + std::to_string(spec.run_count()) + " runs (" + product +
                            "); a sweep has at most " + std::to_string(kMaxSweepRuns) +
                            ": split the study into several sweeps");
  }
}

}  // namespace snsim
