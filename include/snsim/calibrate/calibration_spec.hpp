#pragma once
// CalibrationSpec: the `calibrate:` block of a scenario (docs/calibration.md).
//
//   calibrate:
//     priors:                      # key path -> range, in the sweep's range syntax
//     (docs/sweeps.md)
//       word_of_mouth.rate: {distribution: log_uniform, min: 0.01, max: 1}
//       brands[0].budget.money_per_step: {min: 0.1, max: 5}
//     summaries:                   # compared with the observed file's rows of that metric/brand
//       - {metric: aware, brand: brand, statistic: series}  # also final, peak, peak_step,
//                                                           # time_to_half
//     distance: standardised       # the only one: Euclidean over summaries / their scales
//     population: 200              # particles per generation, >= 2
//     tolerance: {quantile: 0.5}   # next tolerance = this quantile of the last distances, (0, 1)
//     stop: {tolerance: 0, min_acceptance: 0.02, max_runs: 20000, max_generations: 10}
//     predictive: 100              # posterior predictive runs after the last generation
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/calibrate/abc_smc.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/sweep/sweep_spec.hpp"

namespace snsim {

/// One summary statistic of one observed series.
struct SummarySpec {
  std::string metric;
  std::string brand;      ///< "" for a population-wide metric
  std::string statistic;  ///< series, final, peak, peak_step or time_to_half
  SourcePlace place;      ///< of the summary's mapping
  std::string path;       ///< e.g. "calibrate.summaries[0]"
};

struct CalibrationSpec {
  bool present = false;                   ///< false: the scenario has no calibrate block
  std::vector<SweepRange> priors;         ///< in file order
  std::vector<SourcePlace> prior_places;  ///< place of each prior's key
  std::vector<SummarySpec> summaries;
  std::string distance = "standardised";
  AbcSettings settings;  ///< seed left 0: the scenario's seed is set later
  std::uint64_t predictive = 0;
  std::string canonical_text;  ///< the block re-emitted as YAML (part of the calibration hash)
  SourcePlace block_place;

  /// Returns the prior key paths, in order.
  std::vector<std::string> keys() const;
};

/// The statistics a summary may name.
const std::vector<std::string>& summary_statistics();

/// Returns the calibrate block of a scenario text (after overrides), present=false if it has none
/// (an error if required); throws ScenarioError naming file:line:col and key path for a malformed
/// block, a choice or integer prior, a population below 2, a quantile outside (0, 1), a run budget
/// below one generation, or a sweep block beside it.
CalibrationSpec parse_calibration(const std::string& scenario_text, const std::string& origin,
                                  const std::vector<std::string>& overrides, bool required);

}  // namespace snsim
