#pragma once
// Summary statistics: the numbers a calibration compares between a run and the observed data
// (docs/calibration.md, "Summaries").
//
// Each summary of the calibrate block names a metric, a brand and a statistic, and is computed
// over the steps the observed file has for that metric and brand, on the observed values and on
// each run's series alike:
//   series        one summary per observed step: the value there     name "aware[brand]@12"
//   final         the value at the last observed step                 "aware[brand]:final"
//   peak          the largest value over the observed steps           "aware[brand]:peak"
//   peak_step     the (first) observed step where it is reached       "aware[brand]:peak_step"
//   time_to_half  the first observed step whose value is >= peak / 2  "aware[brand]:time_to_half"
// (population-wide metrics are named without "[brand]").
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/calibrate/calibration_spec.hpp"
#include "snsim/calibrate/observed_data.hpp"
#include "snsim/core/recorder.hpp"

namespace snsim {

/// One summary, ready to compute.
struct SummaryDefinition {
  std::string name;
  std::string metric;
  std::string brand;
  std::string statistic;
  std::int64_t step = -1;           ///< the one step it reads (series, final), else -1
  std::vector<std::int64_t> steps;  ///< the observed steps of its metric and brand, increasing
  double observed = 0.0;            ///< its value on the observed data
};

/// Returns the summaries of the block over the observed rows, in block order (a series summary
/// expands to one per observed step); throws ScenarioError at the summary if the observed data
/// has no row for its metric and brand.
std::vector<SummaryDefinition> define_summaries(const std::vector<SummarySpec>& specs,
                                                const ObservedData& observed);

/// Returns the summaries of one run's series (NaN where the run lacks the metric or step).
std::vector<double> compute_summaries(const std::vector<SummaryDefinition>& summaries,
                                      const RunSeries& series);

/// Returns the series of metric/brand at every step of a run (empty if it has no such metric).
std::vector<double> metric_series(const RunSeries& series, const std::string& metric,
                                  const std::string& brand);

}  // namespace snsim
