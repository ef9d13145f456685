#pragma once
// Running a calibration: ABC-SMC (abc_smc.hpp) whose batches of proposals run through the sweep
// runners (--jobs worker processes, or the MPI task farm), into a working folder that makes a
// killed calibration resumable (docs/calibration.md, "Resume").
//
//   OUT.h5.calib/calibration.txt     manifest: "snsim-calibration 1", "hash <16 hex>", then the
//                                    scenario (base resolved YAML + calibrate block); written
//                                    first; a folder never holds two calibrations
//   OUT.h5.calib/generation_<g>.txt  a finished generation (particles, weights, distances,
//                                    summaries, tolerance, ...; numbers as C99 hex floats, exact),
//                                    written atomically once the generation is complete
//   OUT.h5.calib/gen_<g>/            the runs folder of generation g's proposals (part files as a
//                                    sweep writes them, run index = proposal index)
//   OUT.h5.calib/predictive/         the runs folder of the posterior predictive runs
//
// A rerun with --resume reads the finished generations, then proposes exactly as before: the
// proposals whose runs are whole in a part file are read back instead of run again. So nothing
// accepted is lost and the result is bitwise the same as an uninterrupted calibration.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "snsim/calibrate/abc_smc.hpp"
#include "snsim/calibrate/calibration_plan.hpp"
#include "snsim/sweep/sweep_runner.hpp"

namespace snsim {

/// The posterior predictive runs: m weighted draws from the posterior, simulated again.
struct PredictiveDraws {
  std::vector<std::int64_t> particle;                    ///< [m] index into the posterior
  std::vector<std::vector<double>> summaries;            ///< [m][s]
  std::vector<std::string> series_metric, series_brand;  ///< [q] each summarised series
  std::vector<std::vector<std::vector<double>>> series;  ///< [m][q][T], every step
  std::int64_t steps = 0;                                ///< T
};

struct CalibrationResult {
  AbcState state;
  PredictiveDraws predictive;
};

struct CalibrationOptions {
  int jobs = 1;     ///< worker processes (without mpirun)
  int threads = 0;  ///< OpenMP threads per run; 0 = default (1 when jobs > 1)
  std::string command_line;
  /// Called on rank 0 after each generation (and at the end, with stop_reason set).
  std::function<void(const AbcState&)> on_generation;
};

/// Returns "<output>.calib".
std::string calibration_folder_of(const std::string& output);

/// Creates the working folder and its manifest, or checks that an existing one is this plan's;
/// throws SweepInputError if it holds another calibration (or is no calibration folder).
void prepare_calibration_folder(const std::string& folder, const CalibrationPlan& plan);

/// Returns whether folder holds a manifest (of any calibration).
bool has_calibration_manifest(const std::string& folder);

/// Returns the finished generations of folder (an AbcState without stop reason), as written.
AbcState load_generations(const std::string& folder, const CalibrationPlan& plan);

/// Runs (or resumes) the calibration in folder on this process's MPI session (one rank without
/// mpirun) and returns its final state and predictive runs on every rank. Throws
/// RunStoreWriteError if a part cannot be written, std::runtime_error if runs failed.
CalibrationResult run_calibration(const MpiSession& mpi, CalibrationPlan& plan,
                                  const std::string& folder, const CalibrationOptions& options);

}  // namespace snsim
