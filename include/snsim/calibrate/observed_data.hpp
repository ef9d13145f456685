#pragma once
// ObservedData: what was observed of a real campaign, the target of a calibration
// (docs/calibration.md, "The observed file").
//
// A CSV file with the header `step,metric,brand,value` (the brand column may be left out, or a
// field left empty, for a population-wide metric); blank lines and lines starting with `#` are
// skipped. `step` is a step index of the scenario (0 .. time.steps - 1), `metric` a metric the
// scenario records, `value` a finite number in that metric's units. Or an snsim results file
// (.h5): its first run's series become the observed rows, every step, for the metrics and brands
// the summaries name.
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/calibrate/calibration_spec.hpp"
#include "snsim/core/recorder.hpp"

namespace snsim {

/// One observed value.
struct ObservedRow {
  std::int64_t step = 0;
  std::string metric;
  std::string brand;  ///< "" for a population-wide metric
  double value = 0.0;
  int line = 0;  ///< line in the CSV file (0 for a results file)
};

/// The metrics a scenario records, its brands and its steps: what observed rows may name.
struct MetricCatalogue {
  std::vector<std::string> metrics;
  std::vector<bool> per_brand;  ///< per metric
  std::vector<std::string> brands;
  std::int64_t steps = 0;

  /// Returns the metric's position, or -1.
  int find(const std::string& metric) const;
  /// Returns the catalogue of what a run recorded (its steps are series.steps).
  static MetricCatalogue of(const RunSeries& series);
};

struct ObservedData {
  std::string path;
  std::vector<ObservedRow> rows;  ///< in file order
  std::string fingerprint;        ///< the rows as text, exactly: part of the calibration's hash
};

/// Reads the observed file at path (CSV, or an snsim results .h5 by its extension) and checks
/// every row against the catalogue; throws ScenarioError naming file:line:column for an unknown
/// metric or brand (with a suggestion), a step outside the scenario, a missing or non-numeric
/// value, a duplicate row; summaries name the metrics to take from a results file.
ObservedData read_observed(const std::string& path, const MetricCatalogue& catalogue,
                           const std::vector<SummarySpec>& summaries);

}  // namespace snsim
