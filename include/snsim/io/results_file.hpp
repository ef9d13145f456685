#pragma once
// The contents of a results file (docs/model.md section 9) as plain values, independent of HDF5.
//
// A ResultsFile is what ResultsWriter writes and read_results() gives back: the file-wide
// attributes (which scenario, which build, which command) and one RunRecord per run. The HDF5
// layout is described at the top of results_writer.hpp.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "snsim/core/recorder.hpp"

namespace snsim {

/// The newest results format this build writes and reads.
inline constexpr int kResultsFormatVersion = 1;

/// One-line error about a results file: names the path and the OS or HDF5 reason.
class ResultsError : public std::runtime_error {
 public:
  explicit ResultsError(const std::string& message) : std::runtime_error(message) {}
};

/// File-wide attributes, written as attributes of the root group.
struct ResultsAttributes {
  std::string format = "snsim-results";        ///< identifies an snsim results file
  int format_version = kResultsFormatVersion;  ///< layout version, see kResultsFormatVersion
  std::string snsim_version;                   ///< e.g. "0.3.0"
  std::string scenario_yaml;                   ///< the full scenario text the runs came from
  std::string command_line;                    ///< how snsim was invoked
  std::string created;                         ///< ISO-8601 UTC, e.g. "2024-05-01T12:00:00Z"
};

/// One run of a scenario (one seed, one replicate, one point of a sweep) and what it recorded.
struct RunRecord {
  std::uint64_t index = 0;      ///< position in the file; the group is /runs/<index, 6 digits>
  std::uint64_t seed = 0;       ///< root seed of the run
  std::uint64_t replicate = 0;  ///< replicate number within its sweep point
  std::string status = "complete";
  double wall_time_s = 0.0;  ///< seconds of wall-clock time the run took
  /// Sweep parameters of this run: key path -> value text, in scenario order.
  std::vector<std::pair<std::string, std::string>> parameters;
  RunSeries series;
};

/// A whole results file.
struct ResultsFile {
  ResultsAttributes attributes;
  std::vector<RunRecord> runs;
};

}  // namespace snsim
