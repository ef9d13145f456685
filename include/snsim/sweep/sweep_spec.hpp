#pragma once
// SweepSpec: the `sweep:` block of a scenario (docs/model.md section 7) and its expansion into
// runs.
//
//   sweep:
//     grid:                          # every combination, the last key varying fastest
//       brands[0].budget.money_per_step: [10, 50, 100]
//     latin_hypercube:               # or `random:`; combined with the grid as a product
//       samples: 8                   # >= 1 (latin_hypercube: at most 10,000,000)
//       ranges:
//         word_of_mouth.rate: {min: 0.002, max: 0.02, log: true}
//         population.attention: {min: 4, max: 20, integer: true}
//     replicates: 3                  # seeds per point, >= 1
//
// Runs are numbered point-major: index = point * replicates + replicate, where points enumerate
// grid combinations (outer) times samples (inner). Each run's seed is derive_run_seed(seed, index).
// Samples come from splitmix64 streams of the scenario seed, never from std:: distributions, so
// the expansion is the same on every platform.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "snsim/io/scenario_error.hpp"

namespace snsim {

/// A sampled dimension: a key path and a closed range.
struct SweepRange {
  std::string key;
  double min = 0.0;
  double max = 0.0;
  bool log = false;      ///< sample uniformly in log(value); needs min > 0
  bool integer = false;  ///< whole numbers in [ceil(min), floor(max)], each equally likely
};

/// A grid dimension: a key path and its values as YAML scalar text.
struct SweepGridAxis {
  std::string key;
  std::vector<std::string> values;
};

enum class SweepSampling { none, random, latin_hypercube };

struct SweepSpec {
  std::vector<SweepGridAxis> grid;
  SweepSampling sampling = SweepSampling::none;
  std::uint64_t samples = 0;  ///< points drawn when sampling != none
  std::vector<SweepRange> ranges;
  std::uint64_t replicates = 1;
  std::string canonical_text;  ///< the block re-emitted as YAML (part of the sweep's hash)

  /// Returns the number of parameter points (grid combinations times samples).
  std::uint64_t point_count() const;
  /// Returns point_count() * replicates.
  std::uint64_t run_count() const { return point_count() * replicates; }
  /// Returns the key paths the sweep sets, grid keys first, in file order.
  std::vector<std::string> keys() const;
};

/// One run of a sweep: where it sits and what it overrides.
struct SweepRun {
  std::uint64_t index = 0;
  std::uint64_t point = 0;
  std::uint64_t replicate = 0;
  std::uint64_t seed = 0;  ///< derive_run_seed(scenario seed, index)
  std::vector<std::pair<std::string, std::string>> parameters;  ///< key path -> value text

  /// Returns the parameters as "key=value" overrides for the scenario loader.
  std::vector<std::string> overrides() const;
};

/// Returns the seed of run `index`: the (index+1)-th output of splitmix64 started at `seed`,
/// i.e. mix(seed + (index+1) * 0x9E3779B97F4A7C15) with splitmix64's finaliser `mix`.
std::uint64_t derive_run_seed(std::uint64_t scenario_seed, std::uint64_t index);

/// Returns the sweep block of a scenario text (after overrides), or has_sweep=false if none.
/// Throws ScenarioError (file:line:col, key path) for a malformed block: empty grid, min > max,
/// samples 0, unknown keys inside the block. Key paths are checked by validate_sweep_keys.
struct ParsedSweep {
  bool has_sweep = false;
  SweepSpec spec;
  /// Place of each swept key (same order as spec.keys()), for errors about the key itself.
  std::vector<SourcePlace> key_places;
};
ParsedSweep parse_sweep(const std::string& scenario_text, const std::string& origin,
                        const std::vector<std::string>& overrides);

/// The runs of a sweep, computed on demand: run(index) is cheap (Latin-hypercube permutations
/// are drawn once, here). Depends only on the spec and the scenario seed.
class SweepExpansion {
 public:
  SweepExpansion(SweepSpec spec, std::uint64_t scenario_seed);
  /// Returns run `index` (< size()): parameters, point, replicate and seed.
  SweepRun run(std::uint64_t index) const;
  std::uint64_t size() const { return spec_.run_count(); }
  const SweepSpec& spec() const { return spec_; }

 private:
  SweepSpec spec_;
  std::uint64_t seed_;
  std::vector<std::vector<std::uint32_t>> strata_;  ///< per range: sample -> LHS stratum
};

/// Formats a sampled value as the text of an override (integers without a decimal point).
std::string format_sweep_value(double v, bool integer);

}  // namespace snsim
