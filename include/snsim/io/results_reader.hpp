#pragma once
// Reading results files back (layout in results_writer.hpp), and the text of `snsim info`.
#include <string>

#include "snsim/io/results_file.hpp"

namespace snsim {

/// Returns everything in the results file at path, values included (exactly as written).
/// Throws ResultsError for a missing file, a file that is not HDF5 or not snsim's, a format newer
/// than kResultsFormatVersion, or damaged data (a Fletcher32 mismatch names the dataset).
ResultsFile read_results(const std::string& path);

/// Like read_results but without metric values: attributes, runs' attributes and parameters,
/// steps, brand names, and each metric's name, units, description and shape (per_brand); every
/// MetricSeries::values is left empty. Cheap even for big files; enough for format_results_info.
ResultsFile read_results_summary(const std::string& path);

/// Returns the multi-line text `snsim info RESULTS.h5` prints: file attributes, each run with
/// its axes and a table of metrics (shape, units), then the scenario YAML, indented.
std::string format_results_info(const ResultsFile& results);

}  // namespace snsim
