#pragma once
// Recorder: what a run records, step by step (docs/model.md section 9).
//
// Processes define their metrics once, at set-up, and get back a MetricId; each step they store
// values by id (no string lookup on the hot path). A metric is either per brand, a [steps, brands]
// table, or population-wide, a [steps] column. Values are doubles so that counts, money and
// ratios share one type in the results file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

using MetricId = std::uint32_t;

/// One recorded time series and what it means.
struct MetricSeries {
  std::string name;            ///< e.g. "reach"; written as the dataset name
  std::string unit;            ///< e.g. "agents", "USD", "1"
  std::string description;     ///< one line, written as an attribute
  bool per_brand = true;       ///< shape [steps, brands] if true, else [steps]
  std::vector<double> values;  ///< row-major [step][brand] (or [step])
};

/// A named list of agent ids a run chose at set-up (e.g. the seed set of the `contagion`
/// process); written as the run group's uint64 array attribute `ids:<name>`.
struct IdList {
  std::string name;                ///< e.g. "seeds"
  std::vector<std::uint64_t> ids;  ///< in the order chosen
};

/// Everything a run recorded: its axes and its metrics.
struct RunSeries {
  Step steps = 0;
  std::vector<std::string> brands;
  std::vector<MetricSeries> metrics;
  std::vector<IdList> id_lists;  ///< ids chosen at set-up, by name (not per step)

  /// Returns the metric called name, or nullptr.
  const MetricSeries* find(const std::string& name) const;
  /// Returns the value of a per-brand metric at (step, brand).
  double at(const std::string& name, Step step, BrandId brand) const;
};

class Recorder {
 public:
  Recorder(Step steps, std::vector<std::string> brands);

  /// Returns the id of a new metric; names must be unique (throws std::logic_error otherwise).
  /// Units must not be a bare CF time unit ("days", "hours", ...): xarray would decode the
  /// values as time spans (say "staff hours").
  MetricId define(std::string name, std::string unit, std::string description,
                  bool per_brand = true);

  /// Returns the id of the metric called name, defining it if absent: for a metric that several
  /// processes feed (e.g. `impressions` from broadcast and feeds); they add() their parts.
  MetricId define_or_find(std::string name, std::string unit, std::string description,
                          bool per_brand = true);
  /// Adds to a per-brand value for step t.
  void add(MetricId id, Step t, BrandId brand, double value) {
    series_.metrics[id].values[static_cast<std::size_t>(t) * series_.brands.size() + brand] +=
        value;
  }
  /// Stores a per-brand value for step t.
  void set(MetricId id, Step t, BrandId brand, double value) {
    series_.metrics[id].values[static_cast<std::size_t>(t) * series_.brands.size() + brand] = value;
  }
  /// Stores a population-wide value for step t.
  void set(MetricId id, Step t, double value) { series_.metrics[id].values[t] = value; }

  /// Stores (or replaces) the id list called name: set-up choices such as a seed set.
  void set_ids(std::string name, std::vector<std::uint64_t> ids);

  const RunSeries& series() const { return series_; }
  /// Checkpoint fields (core/state_archive.hpp): the values recorded so far (whole series, so
  /// values added ahead of their step survive too). Loading checks that the same metrics, with
  /// the same shapes, were defined in the same order; throws CheckpointError otherwise.
  void state_fields(StateArchive& a);
  RunSeries take() { return std::move(series_); }

 private:
  RunSeries series_;
};

}  // namespace snsim
