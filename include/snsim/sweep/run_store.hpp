#pragma once
// RunStore: the folder of part files behind a sweep's results, and the merge into one file.
//
//   OUT.h5.runs/sweep.txt          manifest: "snsim-sweep 1", "hash <16 hex>", "runs <n>", then
//                                  the scenario (base resolved YAML + sweep block); written first,
//                                  atomically; a folder never holds runs of two scenarios
//   OUT.h5.runs/part_<first>_<tag>.h5
//                                  an HDF5 file with the results file's root attributes and one
//                                  uint8 dataset /runs/<index> per run, the run packed (bytes in
//                                  sim/sweep/packed_run.hpp), written by one worker: as .partial,
//                                  then fsynced and renamed when whole. A worker closes a part
//                                  after 1 s of runs or 256 runs, so a long run gets a part of its
//                                  own and thousands of small runs do not cost thousands of fsyncs.
//                                  Its `scenario` attribute starts "# snsim-sweep <hash> part 2".
//                                  Parts of snsim before packed runs ("... part", run groups in
//                                  the single-run layout) are still read.
//   OUT.h5                         the merged file users open: /runs/<index> for every run, read
//                                  from the parts and written in the single-run layout, and
//                                  /table (one row per run, below)
//
//   /table/index                   uint64 [runs], a dimension scale (xarray dimension `index`)
//   /table/seed, /table/replicate  uint64 [runs]; /table/wall_time_s float64 [runs]
//   /table/status                  fixed-length UTF-8 strings [runs] ("complete")
//   /table/<key path>              one column per swept key: float64 when every value is a number,
//                                  else fixed-length UTF-8 strings (the value as written)
//   h5py: {k: f['table'][k][:] for k in f['table']}; xarray: open_dataset(p, group='table')
//
// A part under its final name is whole (renamed only after fsync), so resume trusts every run in
// any part that opens and carries this sweep's hash; a killed worker loses only its open part,
// whose runs resume redoes. Parts of different workers never share a name (random tag).
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/io/results_file.hpp"
#include "snsim/sweep/sweep_plan.hpp"

namespace snsim {

/// Bad use of a results folder (another scenario's runs, an existing output): exit code 2.
class SweepInputError : public std::runtime_error {
 public:
  explicit SweepInputError(const std::string& m) : std::runtime_error(m) {}
};

/// A part file could not be written (full disk, read-only or vanished folder): unlike a failed
/// run, every later run would fail the same way, so a sweep stops at the first one.
class RunStoreWriteError : public std::runtime_error {
 public:
  explicit RunStoreWriteError(const std::string& m) : std::runtime_error(m) {}
};

/// Writes text to path through a temporary name unique to this process, fsync, then rename;
/// returns "" when it did, else the reason ("cannot create ...: ..." or "cannot write ...: ..."),
/// so that each caller throws its own error type.
std::string try_write_text_atomically(const std::string& path, const std::string& text);

/// What a folder's manifest says.
struct SweepManifest {
  std::string hash;
  std::uint64_t runs = 0;
  std::string scenario_yaml;
};

/// Returns "<output>.runs".
std::string runs_folder_of(const std::string& output);

/// Creates the folder and its manifest, or checks that an existing one is this plan's. Throws
/// SweepInputError if it holds another scenario's runs (or a file that is no manifest).
void prepare_runs_folder(const std::string& folder, const SweepPlan& plan);

/// Reads a folder's manifest; throws SweepInputError if it is missing or malformed.
SweepManifest read_manifest(const std::string& folder);

/// Where each finished run of a folder is: index -> part file ("" if not done). Unreadable parts
/// and parts of another hash are ignored.
std::vector<std::string> find_done_runs(const std::string& folder, std::uint64_t runs,
                                        const std::string& hash);

/// Returns every run of the part file at path (of the sweep with this hash), with its series, in
/// the order of their indices; throws ResultsError if the part cannot be read.
std::vector<RunRecord> read_part_runs(const std::string& path, const std::string& hash);

/// Returns the indices in [0, runs) that no whole part of this sweep holds, in increasing order.
std::vector<std::uint64_t> pending_runs(const std::string& folder, std::uint64_t runs,
                                        const std::string& hash);

/// Runs runs and collects them into part files (see above). Not copyable.
class RunBatchWriter {
 public:
  RunBatchWriter(const SweepPlan& plan, std::string folder, std::string command_line);
  ~RunBatchWriter();  ///< drops an unfinished part (its runs are not done)
  RunBatchWriter(const RunBatchWriter&) = delete;
  RunBatchWriter& operator=(const RunBatchWriter&) = delete;

  /// Runs run `index` and adds it to the open part; closes the part when it is due.
  /// Throws if the run fails (the part stays open and good), RunStoreWriteError if the part
  /// cannot be written (the part is then dropped).
  void run(std::uint64_t index);
  /// Closes the open part (fsync and rename), if any; throws RunStoreWriteError if it cannot.
  void flush();

 private:
  struct Open;
  /// Adds a finished run to the open part (opening one first); throws ResultsError.
  void write(const RunRecord& record);
  const SweepPlan& plan_;
  RunScenarios scenarios_;  ///< the runs' scenarios, loaded once per distinct overrides
  std::string folder_;
  std::string command_line_;
  Open* open_ = nullptr;
};

/// Returns the sweep hash recorded in a merged or run file's scenario text ("" if none).
std::string sweep_hash_of_results(const std::string& path);

/// Merges the run files of the given folders (all of one sweep) into output, atomically.
/// Throws SweepInputError for mixed sweeps or missing runs, ResultsError if runs are unreadable.
void merge_runs(const std::vector<std::string>& folders, const std::string& output,
                const std::string& command_line, bool overwrite);

/// Returns the current UTC time as ISO-8601.
std::string utc_timestamp();

}  // namespace snsim
