#pragma once
// SweepSpec: the `sweep:` block of a scenario (docs/model.md section 7) and its expansion into
// runs.
//
//   sweep:
//     grid:                          # every combination, the last key varying fastest
//       brands[0].budget.money_per_step: [10, 50, 100]
//     latin_hypercube:               # one sampler at most: random, latin_hypercube, sobol, morris;
//       samples: 8                   # crossed with the grid as a product
//       ranges:
//         word_of_mouth.rate: {min: 0.002, max: 0.02, log: true}
//         population.attention: {min: 4, max: 20, integer: true}
//         funnel.x: {distribution: truncated_normal, mean: 0.01, sd: 0.005, min: 0, max: 0.05}
//         platform.y: {distribution: choice, values: [chronological, engagement]}
//     sobol: {base_samples: 64, second_order: false, ranges: {...}}   # Saltelli (2010)
//     morris: {trajectories: 10, levels: 4, ranges: {...}}            # elementary effects
//     replicates: 3                  # seeds per point, >= 1
//
// Runs are numbered point-major: index = point * replicates + replicate, where points enumerate
// grid combinations (outer) times design points (inner). Each run's seed is
// derive_run_seed(seed, index), and its random streams are keyed by its index; with
// `common_seeds: true`, by its replicate instead (common random numbers across points). Every
// sampler draws a unit-cube point u in [0, 1]^k and maps each coordinate through its range's
// inverse distribution function. Draws come from splitmix64 streams of the scenario seed (and a
// Sobol' sequence scrambled by it), never from std:: distributions, so the expansion is the same on
// every platform.
//
// Sobol' design (Saltelli 2002, 2010): Sobol' point j (0 <= j < N) of 2k dimensions gives two
// points A_j (the first k coordinates) and B_j (the last k). Its design points, in this order, are
// block 0 = A_j, block 1 = B_j, block 2+i = AB_j^(i) (A_j with coordinate i from B_j), and with
// second_order block 2+k+i = BA_j^(i) (B_j with coordinate i from A_j): N (k+2) or N (2k+2) points.
// Morris design (Morris 1991): trajectory t (0 <= t < r) is k+1 points on the grid
// {0, 1/(p-1), ..., 1}: a random start, then each coordinate in a random order moved once by
// +-Delta, Delta = floor(p/2) / (p-1) (Morris' p / (2 (p-1)) for even p): r (k+1) points.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "snsim/io/scenario_error.hpp"
#include "snsim/sweep/sobol_sequence.hpp"

namespace snsim {
namespace detail {
struct YamlNode;
}

/// How a sampled dimension spreads its values.
enum class SweepDistribution { uniform, log_uniform, truncated_normal, choice };

/// A sampled dimension: a key path and a distribution over its values.
struct SweepRange {
  std::string key;
  SweepDistribution distribution = SweepDistribution::uniform;
  double min = 0.0;      ///< lower bound (uniform, log_uniform, truncated_normal)
  double max = 0.0;      ///< upper bound
  bool log = false;      ///< log_uniform: sample uniformly in log(value); needs min > 0
  bool integer = false;  ///< whole numbers in [ceil(min), floor(max)], each equally likely
  double mean = 0.0;     ///< truncated_normal: the untruncated normal's mean
  double sd = 0.0;       ///< truncated_normal: the untruncated normal's standard deviation, > 0
  std::vector<std::string> values;  ///< choice: the values as override text, equally likely

  /// Returns the override text of the value at unit coordinate u in [0, 1] (inverse CDF).
  std::string value_at(double u) const;
  /// Returns the values a sweep check loads the scenario with: the bounds, or every choice.
  std::vector<std::string> check_values() const;
};

/// A grid dimension: a key path and its values as YAML scalar text.
struct SweepGridAxis {
  std::string key;
  std::vector<std::string> values;
};

enum class SweepSampling { none, random, latin_hypercube, sobol, morris };

/// Returns the sampler's name as written in a sweep block ("grid" or "replicates" for none,
/// depending on whether the spec has a grid).
std::string sampling_name(SweepSampling sampling);

struct SweepSpec {
  std::vector<SweepGridAxis> grid;
  SweepSampling sampling = SweepSampling::none;
  std::uint64_t samples = 0;       ///< random / latin_hypercube: points drawn
  std::uint64_t base_samples = 0;  ///< sobol: N, a power of two
  bool second_order = false;       ///< sobol: also the BA blocks, for second-order indices
  std::uint64_t trajectories = 0;  ///< morris: r, at least 2
  std::uint64_t levels = 0;        ///< morris: p, at least 2
  std::vector<SweepRange> ranges;
  std::uint64_t replicates = 1;
  /// Common random numbers: replicate r of every point uses the same seed and random streams
  /// (those of run r), so that differences between points are the parameters' effect alone.
  bool common_seeds = false;
  std::string canonical_text;  ///< the block re-emitted as YAML (part of the sweep's hash)

  /// Returns the number of design points per grid combination (1 without a sampler).
  std::uint64_t design_points() const;
  /// Returns the number of parameter points (grid combinations times design points).
  std::uint64_t point_count() const;
  /// Returns the number of design blocks per Sobol' row (k + 2 or 2k + 2) or per Morris
  /// trajectory (k + 1); 1 for the other samplers.
  std::uint64_t blocks_per_sample() const;
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
  std::uint64_t seed = 0;  ///< derive_run_seed(scenario seed, index), or of replicate if common
  std::uint64_t stream_run = 0;  ///< the run number its random streams are keyed by (index, or
                                 ///< the replicate under common_seeds)
  std::vector<std::pair<std::string, std::string>> parameters;  ///< key path -> value text
  /// Where the run sits in a sampled design (see the top of this file); zero without a sampler.
  std::uint64_t grid_point = 0;     ///< grid combination
  std::uint64_t design_sample = 0;  ///< Sobol' row j, Morris trajectory t, or sample index
  std::int64_t design_block = 0;    ///< Sobol' block (0 A, 1 B, 2+i AB_i, 2+k+i BA_i); Morris step
  std::int64_t design_moved = -1;   ///< Morris: the coordinate moved to reach this step, else -1
  double design_delta = 0.0;        ///< Morris: that coordinate's signed change in u, else 0
  std::vector<double> unit;         ///< the unit-cube coordinate of each range

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

/// Returns the range `{min, max, ...}` or `{distribution: ...}` at node for key path `key`
/// (path: where it sits, for errors). Throws ScenarioError (file:line:col, path) if malformed.
SweepRange read_sweep_range(const detail::YamlNode& node, const std::string& key,
                            const std::string& path);

/// The runs of a sweep, computed on demand: run(index) is cheap (Latin-hypercube permutations
/// and the Sobol' scramble are drawn once, here). Depends only on the spec and the scenario seed.
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
  std::shared_ptr<const SobolSequence> sobol_;      ///< sobol: 2k scrambled dimensions

  /// Fills run.unit, design_block, design_moved and design_delta for design point `d`.
  void design_point(std::uint64_t d, SweepRun& run) const;
};

/// Returns the expansion of a sweep as its manifest and merged file store it: the resolved base
/// scenario (with its `seed:`) followed by the sweep block. Throws ScenarioError.
SweepExpansion expansion_of_sweep_text(const std::string& text);

/// Formats a sampled value as the text of an override (integers without a decimal point).
std::string format_sweep_value(double v, bool integer);

}  // namespace snsim
