#include "snsim/sweep/sweep_plan.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace snsim {

void check_sweep_value(const SweepPlan& plan, const std::string& key, const std::string& value,
                       const SourcePlace& place, const std::string& where) {
  std::vector<std::string> o = plan.overrides;
  o.push_back(key + "=" + value);
  try {
    (void)load_scenario_text(plan.text, plan.scenario_path, o, plan.base_dir);
  } catch (const ScenarioError& e) {
    // Drop the "--set key=value: " origin: the place is the sweep key in the file.
    std::string why = e.what();
    const std::string origin = "--set " + key + "=" + value + ": ";
    if (why.rfind(origin, 0) == 0) why = why.substr(origin.size());
    throw ScenarioError(place, where, "with " + key + "=" + shown_value(value) + ": " + why);
  }
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

SweepPlan make_sweep_plan(const std::string& scenario_path,
                          const std::vector<std::string>& overrides) {
  SweepPlan plan;
  plan.scenario_path = scenario_path;
  plan.overrides = overrides;
  plan.text = read_scenario_file(scenario_path);
  const std::string dir = std::filesystem::path(scenario_path).parent_path().string();
  plan.base_dir = dir.empty() ? "." : dir;

  plan.base = load_scenario_text(plan.text, scenario_path, overrides, plan.base_dir);
  ParsedSweep parsed = parse_sweep(plan.text, scenario_path, overrides);
  plan.has_sweep = parsed.has_sweep;
  const SweepSpec& spec = parsed.spec;
  std::size_t k = 0;
  for (const auto& axis : spec.grid) {
    for (const auto& v : axis.values)
      check_sweep_value(plan, axis.key, v, parsed.key_places[k], "sweep.grid." + axis.key);
    ++k;
  }
  // Each range is checked at its bounds (every value lies between them) or at every choice.
  const std::string block = "sweep." + sampling_name(spec.sampling) + ".ranges.";
  for (const auto& r : spec.ranges) {
    for (const auto& v : r.check_values())
      check_sweep_value(plan, r.key, v, parsed.key_places[k], block + r.key);
    ++k;
  }
  plan.scenario_yaml = plan.base.resolved_yaml;
  if (parsed.has_sweep) {
    plan.scenario_yaml += "sweep:\n";
    std::istringstream lines(spec.canonical_text);
    for (std::string line; std::getline(lines, line);) plan.scenario_yaml += "  " + line + "\n";
  }
  plan.hash = fnv1a_hex(plan.scenario_yaml);
  plan.expansion = SweepExpansion(parsed.spec, plan.base.seed);
  return plan;
}

Scenario load_run_scenario(const SweepPlan& plan, const SweepRun& run) {
  if (run.parameters.empty()) return plan.base;
  std::vector<std::string> o = plan.overrides;
  for (auto& x : run.overrides()) o.push_back(std::move(x));
  return load_scenario_text(plan.text, plan.scenario_path, o, plan.base_dir);
}

const Scenario& RunScenarios::of(const SweepRun& run) {
  if (run.parameters.empty()) return plan_.base;
  std::vector<std::string> key = run.overrides();
  if (const auto it = loaded_.find(key); it != loaded_.end()) return it->second;
  if (loaded_.size() >= kMaxKept) loaded_.clear();
  Scenario scenario = load_run_scenario(plan_, run);
  return loaded_.emplace(std::move(key), std::move(scenario)).first->second;
}

namespace {

/// Returns the record of `run` run on `scenario` (its scenario).
RunRecord execute_run(const Scenario& scenario, const SweepRun& run, std::string* resolved_yaml) {
  RunOptions options;
  options.seed = run.seed;
  options.run = run.stream_run;
  RunOutcome outcome = run_scenario(scenario, options);
  RunRecord record;
  record.index = run.index;
  record.seed = run.seed;
  record.replicate = run.replicate;
  record.status = "complete";
  record.wall_time_s = outcome.wall_time_s;
  record.parameters = run.parameters;
  record.series = std::move(outcome.series);
  if (resolved_yaml != nullptr) *resolved_yaml = scenario.resolved_yaml;
  return record;
}

}  // namespace

RunRecord execute_sweep_run(const SweepPlan& plan, std::uint64_t index,
                            std::string* resolved_yaml) {
  const SweepRun run = plan.run(index);
  return execute_run(load_run_scenario(plan, run), run, resolved_yaml);
}

RunRecord execute_sweep_run(RunScenarios& scenarios, const SweepPlan& plan, std::uint64_t index,
                            std::string* resolved_yaml) {
  const SweepRun run = plan.run(index);
  return execute_run(scenarios.of(run), run, resolved_yaml);
}

}  // namespace snsim
