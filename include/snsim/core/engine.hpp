#pragma once
// Engine: runs the scenario's ordered pipeline of processes, step by step (docs/model.md section
// 4). It knows nothing about media or networking: it only calls processes by name, in order.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/core/recorder.hpp"
#include "snsim/core/world.hpp"

namespace snsim {

class ProcessRegistry;

/// Called after each step with (steps done, steps in all).
using ProgressFn = std::function<void(Step done, Step total)>;

/// Stopping a run and continuing it later (issue 9; core/checkpoint.hpp for the file).
///
/// A checkpoint is taken at a step boundary: after `step` steps, before the next one. It holds
/// the world, every process's state_fields and the recorder's series, so a resumed run gives
/// bitwise the same series as an uninterrupted one, with any number of threads.
struct CheckpointOptions {
  std::string path;  ///< where checkpoints are written and resumed from; "" = never
  Step every = 0;    ///< also write one after every `every` steps (0 = only when stopped)
  /// Set asynchronously (a signal handler): at the next step boundary the engine writes a
  /// checkpoint and throws RunStopped. Checked between steps only, so a stop waits for the step
  /// under way to end.
  const std::atomic<bool>* stop = nullptr;
  std::optional<Step> stop_after;  ///< stop as if signalled once this many steps are done
  bool resume = false;             ///< load `path` after set-up and continue from its step
  /// Called after each checkpoint written: (steps done, bytes, seconds taken).
  std::function<void(Step, std::uint64_t, double)> written;
  /// Called after the checkpoint is loaded on resume: (steps done, seconds taken).
  std::function<void(Step, double)> loaded;
};

struct RunOptions {
  std::uint64_t seed = 0;  ///< the run's seed (the scenario's, or a sweep run's)
  std::uint64_t run = 0;   ///< the run's index
  ProgressFn progress;     ///< optional
  CheckpointOptions checkpoint;
};

/// Thrown by Engine::run when a stop was requested: a checkpoint of `step` steps done is at
/// `path`.
class RunStopped : public std::runtime_error {
 public:
  RunStopped(Step step, std::string path)
      : std::runtime_error("stopped after step " + std::to_string(step) + "; checkpoint " + path),
        step_(step),
        path_(std::move(path)) {}
  Step step() const { return step_; }
  const std::string& path() const { return path_; }

 private:
  Step step_;
  std::string path_;
};

/// Wall time one process took in a run (for `snsim run --profile` and the benchmarks).
struct ProcessTiming {
  std::string name;
  double prepare_s = 0.0;  ///< its prepare() before step 0 (e.g. building the follow graph)
  double step_s = 0.0;     ///< its step() summed over the steps
};

class Engine {
 public:
  /// Builds the pipeline from scenario.processes; throws std::out_of_range for an unknown name.
  Engine(const Scenario& scenario, const ProcessRegistry& registry);

  /// Runs every step on world (from a checkpoint's step with options.checkpoint.resume) and
  /// returns what was recorded. Throws RunStopped after writing a checkpoint when a stop is
  /// requested, and CheckpointError when a checkpoint cannot be written or read back.
  RunSeries run(World& world, const RunOptions& options);

  /// Returns the pipeline's process names, in order.
  std::vector<std::string> pipeline() const;

  /// Returns the wall time of each process in the last run(), in pipeline order.
  const std::vector<ProcessTiming>& timings() const { return timings_; }

 private:
  /// Saves or loads everything a run carries between steps: the world, each process's own state
  /// (tagged by name), the recorder's series.
  void state_fields(StateArchive& a, World& world, Recorder& recorder);

  const Scenario* scenario_;
  std::vector<std::unique_ptr<Process>> processes_;
  std::vector<ProcessTiming> timings_;
};

/// What one run of a scenario gives.
struct RunOutcome {
  RunSeries series;
  double wall_time_s = 0.0;            ///< step loop and set-up
  double setup_time_s = 0.0;           ///< building the world
  std::size_t world_bytes = 0;         ///< World::memory_bytes() after set-up
  std::vector<ProcessTiming> timings;  ///< per process, pipeline order
};

/// Builds the world and runs the scenario with the built-in processes.
RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace snsim
