#pragma once
// SweepPlan: a scenario with a `sweep:` block, loaded once and ready to run any of its runs.
//
// Every rank, array task and worker builds the same plan from the same file, so run K is the same
// run everywhere: its scenario is the base scenario (after --set) with run K's overrides, its seed
// is derive_run_seed(scenario seed, K) and its random streams are keyed by run index K. The hash
// covers the resolved base scenario and the sweep block: results are never mixed across hashes.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "snsim/core/scenario.hpp"
#include "snsim/io/results_file.hpp"
#include "snsim/sweep/sweep_spec.hpp"

namespace snsim {

struct SweepPlan {
  std::string scenario_path;
  std::string text;                    ///< the scenario file's text, read once
  std::string base_dir;                ///< resolves relative paths in the scenario
  std::vector<std::string> overrides;  ///< --set, applied before each run's own overrides
  Scenario base;                       ///< the scenario without the sweep's overrides
  SweepExpansion expansion{SweepSpec{}, 0};
  bool has_sweep = false;     ///< false: the file has no sweep block (one run, index 0)
  std::string hash;           ///< 16 hex digits of FNV-1a 64 over base.resolved_yaml and the sweep
  std::string scenario_yaml;  ///< base resolved YAML plus the sweep block: the merged file's text

  /// Runs chosen by the caller instead of the sweep block (a calibration's proposals,
  /// calibrate/abc_smc.hpp): when set, run K is explicit_runs(K). It must give every process the
  /// same run K (it is called in forked workers and on every MPI rank).
  std::function<SweepRun(std::uint64_t)> explicit_runs;

  std::uint64_t run_count() const { return expansion.size(); }
  /// Returns run `index`: explicit_runs(index) if set, else the sweep block's run.
  SweepRun run(std::uint64_t index) const {
    return explicit_runs ? explicit_runs(index) : expansion.run(index);
  }
};

/// Loads the scenario file and its sweep block, and checks every swept key path and value by
/// loading the base scenario with a trial override (so a typo gets the loader's suggestion).
/// Throws ScenarioError (one line, naming file:line:col and key path) on bad input.
SweepPlan make_sweep_plan(const std::string& scenario_path,
                          const std::vector<std::string>& overrides);

/// Checks key=value by loading the plan's base scenario with it as one more override; throws
/// ScenarioError at `place` and key path `where` with the loader's reason (and suggestion).
void check_sweep_value(const SweepPlan& plan, const std::string& key, const std::string& value,
                       const SourcePlace& place, const std::string& where);

/// Returns the scenario of run `run.index`: the base with the run's overrides. Throws
/// ScenarioError.
Scenario load_run_scenario(const SweepPlan& plan, const SweepRun& run);

/// The scenarios of a plan's runs, each loaded once per distinct list of overrides: runs that
/// differ only in their seed (a grid point's replicates) share one. Loading parses and checks the
/// scenario's YAML, about 4 M instructions, which a run of 200 agents for 5 steps takes 7 times.
/// One per worker (not shared between threads).
class RunScenarios {
 public:
  explicit RunScenarios(const SweepPlan& plan) : plan_(plan) {}
  /// Returns the scenario of `run`, as load_run_scenario does. Throws ScenarioError.
  const Scenario& of(const SweepRun& run);

 private:
  static constexpr std::size_t kMaxKept = 16;  ///< scenarios kept; all dropped when full
  const SweepPlan& plan_;
  std::map<std::vector<std::string>, Scenario> loaded_;
};

/// Runs run `index` of the plan and returns its record (status "complete"). Throws on failure.
/// resolved_yaml (optional) receives the run's resolved scenario.
RunRecord execute_sweep_run(const SweepPlan& plan, std::uint64_t index,
                            std::string* resolved_yaml = nullptr);
/// The same, with the run's scenario taken from (or loaded into) `scenarios`.
RunRecord execute_sweep_run(RunScenarios& scenarios, const SweepPlan& plan, std::uint64_t index,
                            std::string* resolved_yaml = nullptr);

/// Returns the 64-bit FNV-1a hash of text as 16 lower-case hex digits.
std::string fnv1a_hex(const std::string& text);

}  // namespace snsim
