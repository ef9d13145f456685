#pragma once
// Engine: runs the scenario's ordered pipeline of processes, step by step (ARCHITECTURE.md).
// It knows nothing about media or networking: it only calls processes by name, in order.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/core/recorder.hpp"
#include "snsim/core/world.hpp"

namespace snsim {

class ProcessRegistry;

/// Called after each step with (steps done, steps in all).
using ProgressFn = std::function<void(Step done, Step total)>;

struct RunOptions {
  std::uint64_t seed = 0;  ///< the run's seed (the scenario's, or a sweep run's)
  std::uint64_t run = 0;   ///< the run's index
  ProgressFn progress;     ///< optional
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

  /// Runs every step on world and returns what was recorded.
  RunSeries run(World& world, const RunOptions& options);

  /// Returns the pipeline's process names, in order.
  std::vector<std::string> pipeline() const;

  /// Returns the wall time of each process in the last run(), in pipeline order.
  const std::vector<ProcessTiming>& timings() const { return timings_; }

 private:
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
