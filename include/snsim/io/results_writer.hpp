#pragma once
// ResultsWriter: writes runs to an HDF5 results file that is whole under its final name or absent.
//
// The file is written as `<final>.partial` in the same folder, then flushed, closed, fsynced and
// renamed with rename(2) by commit(); a writer destroyed without commit() removes the .partial.
// So a crash never leaves a half-written file under the final name (README.md, "Reliability").
//
// Layout, format version 1 (readable with h5py and with xarray's h5netcdf engine, no snsim needed):
//
//   /                          attributes: format = "snsim-results" (string),
//                                          format_version = 1 (int32), snsim_version, scenario
//                                          (the full YAML text), command_line, created (ISO-8601
//                                          UTC); all strings are variable-length UTF-8
//   /runs/                     one group per run, named by its index as 6 zero-padded digits
//   /runs/000000/              attributes: index, seed, replicate (uint64), status (string),
//                                          wall_time_s (float64), and per sweep parameter
//                                          `param:<key path>` = value text (string), and
//                                          per id list a run chose at set-up `ids:<name>` =
//                                          uint64 array (e.g. ids:seeds, the contagion seed set)
//     step                     int32 [steps], values 0 .. steps-1; dimension scale "step"
//     brand                    fixed-length UTF-8 strings [brands] (NUL-padded to the longest
//                              name), attribute _Encoding = "utf-8"; dimension scale "brand".
//                              Fixed, not variable, length: HDF5 allows no filters (so no
//                              checksum) on variable-length data; _Encoding makes xarray decode
//                              the names to str (h5py: ds.asstr()[:])
//     <metric>                 float64 [steps, brands] (per brand) or [steps] (population-wide),
//                              dimension scales attached on each axis; attributes `units` and
//                              `long_name` (one-line description)
//     <group>/<metric>         a metric named "a/b" lives in subgroup a, e.g. visits_true/post;
//                              its axes are still the run group's step and brand scales
//
// Files use the HDF5 1.8 file format or later (superblock version 2+): all metadata is
// checksummed, and the reader refuses files with an older superblock (no metadata checksums).
// Every dataset (scales included) is chunked (1024 steps x all brands at most), shuffled,
// deflate-compressed (level 4) and Fletcher32-checksummed, so damage is detected on read (the
// writer encodes the chunks itself and stores them with H5Dwrite_chunk; readers decode them with
// HDF5's standard filters). Link and attribute creation order are tracked in run groups:
// parameters read back in the order written, and metrics too, except that metrics sharing a group
// come back together (depth first).
// An empty brand list (or zero steps) is fine: an axis of length 0 gets an unlimited maximum so
// that it can be chunked.
//
// Python:   h5py.File(p)['runs/000000/reach'][:]
//           xarray.open_dataset(p, group='runs/000000', engine='h5netcdf')
//           xarray.open_dataset(p, group='runs/000000/visits_true', engine='h5netcdf')
#include <cstdint>
#include <string>

#include "snsim/io/results_file.hpp"

namespace snsim {

/// Writes one results file; not copyable, not movable. Every failure throws ResultsError.
class ResultsWriter {
 public:
  /// Creates `<final_path>.partial`; refuses an existing final_path unless overwrite is true,
  /// in which case the old file stays intact until commit() replaces it atomically.
  ResultsWriter(std::string final_path, const ResultsAttributes& attributes,
                bool overwrite = false);
  /// Without a successful commit(), closes and removes the .partial file.
  ~ResultsWriter();

  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  /// Writes one run as /runs/<index> and flushes it to the .partial file (unless
  /// set_flush_each_run(false)). After a failure the
  /// file may hold part of the run, so commit() refuses it.
  void write_run(const RunRecord& run);

  /// Sets whether write_run() flushes the file after each run (default true, so a single run's
  /// data reach the OS as soon as they are written). Sweep parts turn it off: a part counts only
  /// once committed, and a flush per run was most of the per-run cost of small sweeps.
  void set_flush_each_run(bool flush) { flush_each_run_ = flush; }

  /// Flushes, closes and fsyncs the file, renames it to the final name, and fsyncs the folder.
  void commit();

  /// Returns the name the file gets on commit().
  const std::string& final_path() const { return final_path_; }
  /// Returns the name the file has while it is being written.
  const std::string& partial_path() const { return partial_path_; }

 private:
  void write_run_group(const RunRecord& run);
  void close_file();

  std::string final_path_;
  std::string partial_path_;
  bool overwrite_;
  std::int64_t file_ = -1;  ///< hid_t of the open .partial file (int64_t since HDF5 1.10)
  bool committed_ = false;
  bool flush_each_run_ = true;
  bool write_failed_ = false;  ///< a write_run threw: the file may hold a partial run
};

}  // namespace snsim
