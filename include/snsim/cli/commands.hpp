#pragma once
// The `snsim` subcommands. Each takes its parsed options and returns the process exit code:
// 0 success, 2 bad input or usage (scenario, flags, files), 1 failure at run time, 75 (EX_TEMPFAIL)
// `snsim run` stopped by SIGTERM/SIGINT (or --stop-after) after writing a checkpoint.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snsim::cli {

enum ExitCode : int { kOk = 0, kFailure = 1, kBadInput = 2, kStopped = 75 };

struct RunArgs {
  std::string scenario;
  std::string output;                  ///< "" = results/<name>.h5, never overwriting
  std::vector<std::string> overrides;  ///< --set key.path=value
  std::optional<std::string> seed;     ///< --seed, as typed (checked: digits, below 2^64)
  int threads = 0;                     ///< 0 = OpenMP's default
  bool quiet = false;
  bool overwrite = false;
  bool profile = false;  ///< --profile: print each process's wall time on stderr
  std::string command_line;
  std::optional<std::uint64_t> sweep_run;  ///< --sweep-run K: run K of the scenario's sweep
  std::vector<std::string> twin;  ///< --twin key.path=value: the counterfactual twin's overrides
  bool resume = false;            ///< --resume: continue from <output>.checkpoint
  std::uint32_t checkpoint_every = 0;       ///< --checkpoint-every N (steps); 0 = only on a signal
  std::optional<std::uint32_t> stop_after;  ///< --stop-after N: checkpoint and stop after N steps
  bool ignore_memory_estimate = false;      ///< run even if the estimate exceeds available memory
};

struct ValidateArgs {
  std::string scenario;
  std::vector<std::string> overrides;
  bool list_keys = false;
  int threads = 0;  ///< threads the time estimate assumes; 0 = OpenMP's default
};

struct GraphArgs {
  std::string scenario;
  std::string output;  ///< "" = print statistics only
  std::string format;  ///< "edgelist", "graphml" or "" (from the extension)
  std::vector<std::string> overrides;
  std::optional<std::string> seed;  ///< --seed, as typed
  int threads = 0;
  bool overwrite = false;
};

/// `snsim sweep` (sim/cli/sweep_command.cpp, docs/sweeps.md).
struct SweepArgs {
  std::string scenario;
  std::string output;                  ///< required unless list
  std::vector<std::string> overrides;  ///< --set, applied to the base scenario
  int jobs = 1;
  int threads = 0;    ///< OpenMP threads per run; 0 = default (1 when runs run side by side)
  bool list = false;  ///< print the runs and exit
  bool csv = false;   ///< with list: print them as CSV, with the design's columns
  std::string shard;  ///< "I/N" or "" (then SLURM_ARRAY_TASK_ID/COUNT if set)
  bool resume = false;
  bool quiet = false;
  std::string command_line;
};

/// `snsim merge -o OUT.h5 [RUNS_FOLDER...]`.
struct MergeArgs {
  std::string output;
  std::vector<std::string> inputs;  ///< runs folders; default OUT.h5.runs
  bool overwrite = false;
  bool quiet = false;
  std::string command_line;
};

/// `snsim calibrate SCENARIO --target OBSERVED -o POSTERIOR.h5` (docs/calibration.md).
struct CalibrateArgs {
  std::string scenario;
  std::string target;                  ///< observed data: CSV or an snsim results .h5
  std::string output;                  ///< the posterior file (.h5)
  std::vector<std::string> overrides;  ///< --set, applied to the base scenario
  int jobs = 1;
  int threads = 0;  ///< OpenMP threads per run; 0 = default (1 when runs run side by side)
  bool resume = false;
  bool quiet = false;
  std::string command_line;
};

int run_command(const RunArgs& args);
int calibrate_command(const CalibrateArgs& args);
int sweep_command(const SweepArgs& args);
/// `snsim run --sweep-run K`: run K of the sweep alone (same series as in the sweep).
int sweep_run_command(const RunArgs& args);
int merge_command(const MergeArgs& args);
int validate_command(const ValidateArgs& args);
int info_command(const std::string& results_path);
int graph_command(const GraphArgs& args);

/// Prints "snsim: <message>" as one line on stderr: control characters escaped, and a message
/// over 2,000 bytes cut in the middle.
void print_error(const std::string& message);

/// When an exception is caught: before anything runs (checking inputs and outputs) or after.
enum class Stage { checking, running };

/// Prints the exception being handled as one line (unless !print) and returns its exit code:
/// kBadInput for bad input (scenario, flags, input files, output paths, sweep folders, and, while
/// checking, the results file or checkpoint given), kFailure otherwise (writing results, out of
/// memory), with failure_prefix ("run failed: ") before the message. Call only inside a catch.
int report_exception(Stage stage, const std::string& failure_prefix = "", bool print = true);

}  // namespace snsim::cli
