#pragma once
// The posterior file `snsim calibrate` writes (layout: analysis/FORMAT.md, "Calibration files"):
// root attributes (format "snsim-calibration", version 1, scenario, hash, target, seed, stop
// reason, runs used, parameters), /observed, /summaries, /priors/<i>, /generations/<ggg> (each
// generation's particles, weights, distances, summaries), /posterior (the last generation) and
// /predictive (the posterior predictive runs with their full series).
#include <string>

#include "snsim/calibrate/calibration_plan.hpp"
#include "snsim/calibrate/calibration_runner.hpp"

namespace snsim {

inline constexpr int kCalibrationFormatVersion = 1;

/// Writes the posterior file to output through a temporary name, fsynced and renamed when whole
/// (never replacing an existing file); throws ResultsError on failure.
void write_posterior_file(const std::string& output, const CalibrationPlan& plan,
                          const CalibrationResult& result, const std::string& command_line);

}  // namespace snsim

namespace snsim {

/// Returns the scenario_hash attribute of a calibration file ("" if path is none).
std::string calibration_hash_of_file(const std::string& path);

}  // namespace snsim
