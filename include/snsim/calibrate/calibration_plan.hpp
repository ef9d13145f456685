#pragma once
// CalibrationPlan: a scenario with a `calibrate:` block and its observed data, loaded and checked
// once, ready to simulate any proposal (docs/calibration.md).
//
// Every rank and worker builds the same plan from the same files, so proposal p of generation g
// is the same run everywhere: the base scenario (after --set) with the proposal's values as
// overrides, seed derive_run_seed(derive_run_seed(scenario seed, kCalibrationSeedOffset + g), p)
// and random streams keyed by p. The hash covers the resolved base scenario, the calibrate block
// and the observed rows: a working folder never mixes two calibrations.
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/calibrate/calibration_spec.hpp"
#include "snsim/calibrate/observed_data.hpp"
#include "snsim/calibrate/summary_statistics.hpp"
#include "snsim/sweep/sweep_plan.hpp"

namespace snsim {

/// Generations' run seeds start here (the posterior predictive runs use kPredictiveGeneration).
inline constexpr std::uint64_t kCalibrationSeedOffset = 0xCA11B000ULL;
inline constexpr std::uint64_t kPredictiveGeneration = 0xFFFFFFFFULL;

struct CalibrationPlan {
  SweepPlan sweep;  ///< the base scenario and --set; its explicit_runs are set per batch
  CalibrationSpec spec;
  MetricCatalogue catalogue;  ///< what the scenario records
  ObservedData observed;
  std::vector<SummaryDefinition> summaries;
  std::string target;         ///< the observed file's path as given
  std::uint64_t seed = 0;     ///< the scenario's seed
  std::string scenario_yaml;  ///< base resolved YAML plus the calibrate block
  std::string hash;           ///< 16 hex digits of FNV-1a over scenario_yaml and the observed rows

  /// Returns the run of proposal `index` of `generation` with parameter values theta.
  SweepRun proposal_run(std::uint64_t generation, std::uint64_t index,
                        const std::vector<double>& theta) const;
  /// Returns the hash that a generation's (or the predictive runs') part files carry.
  std::string batch_hash(std::uint64_t generation) const;
};

/// Returns the calibrate block of a plan's scenario (present=false if none), checked as far as it
/// can be without a run or the observed file: its syntax, and each prior at its bounds (as a sweep
/// checks its ranges, so a key typo gets the loader's suggestion). Throws ScenarioError. `snsim
/// validate` and `snsim run` call it too.
CalibrationSpec check_calibration_block(const SweepPlan& plan, bool required = false);

/// Loads the scenario and its calibrate block, checks each prior at its bounds (as a sweep
/// checks its ranges), runs the base scenario for one step to learn its metrics, checks the
/// summaries against them, reads and checks the observed file. Throws ScenarioError (one line,
/// file:line:col and key path), InputFileError or ResultsError on bad input.
CalibrationPlan make_calibration_plan(const std::string& scenario_path,
                                      const std::vector<std::string>& overrides,
                                      const std::string& target);

}  // namespace snsim
