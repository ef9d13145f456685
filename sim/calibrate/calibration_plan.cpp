#include "snsim/calibrate/calibration_plan.hpp"

#include <sstream>

#include "snsim/core/engine.hpp"
#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace snsim {
namespace {

/// Returns a list of names for a message: "a, b, c" (at most 12, then "...").
std::string names_of(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 12; ++i) out += (i ? ", " : "") + names[i];
  return names.size() > 12 ? out + ", ..." : out;
}

/// Checks that each summary names a metric (and brand) the scenario records.
void check_summaries(const CalibrationSpec& spec, const MetricCatalogue& cat) {
  for (const auto& s : spec.summaries) {
    const int m = cat.find(s.metric);
    if (m < 0) {
      const std::string close = detail::closest_name(s.metric, cat.metrics);
      throw ScenarioError(s.place, s.path + ".metric",
                          "no metric '" + shown_value(s.metric) + "' in this scenario's pipeline" +
                              (close.empty() ? "" : "; did you mean '" + close + "'?") +
                              " (it records: " + names_of(cat.metrics) + ")");
    }
    if (!cat.per_brand[static_cast<std::size_t>(m)]) {
      if (!s.brand.empty())
        throw ScenarioError(s.place, s.path + ".brand",
                            "metric '" + s.metric + "' is population-wide: leave out brand");
      continue;
    }
    bool known = false;
    for (const auto& b : cat.brands) known = known || b == s.brand;
    if (known) continue;
    const std::string close = detail::closest_name(s.brand, cat.brands);
    throw ScenarioError(s.place, s.path + ".brand",
                        s.brand.empty()
                            ? "metric '" + s.metric + "' is per brand: give brand (one of " +
                                  names_of(cat.brands) + ")"
                            : "unknown brand '" + shown_value(s.brand) + "'" +
                                  (close.empty() ? "" : "; did you mean '" + close + "'?") +
                                  " (brands: " + names_of(cat.brands) + ")");
  }
}

}  // namespace

SweepRun CalibrationPlan::proposal_run(std::uint64_t generation, std::uint64_t index,
                                       const std::vector<double>& theta) const {
  SweepRun run;
  run.index = index;
  run.seed = derive_run_seed(derive_run_seed(seed, kCalibrationSeedOffset + generation), index);
  run.stream_run = index;
  for (std::size_t a = 0; a < spec.priors.size(); ++a)
    run.parameters.emplace_back(spec.priors[a].key, detail::format_number(theta[a]));
  return run;
}

std::string CalibrationPlan::batch_hash(std::uint64_t generation) const {
  return fnv1a_hex(hash + "/generation/" + std::to_string(generation));
}

CalibrationSpec check_calibration_block(const SweepPlan& plan, bool required) {
  CalibrationSpec spec = parse_calibration(plan.text, plan.scenario_path, plan.overrides, required);
  for (std::size_t a = 0; a < spec.priors.size(); ++a) {
    const SweepRange& r = spec.priors[a];
    for (const auto& v : r.check_values())
      check_sweep_value(plan, r.key, v, spec.prior_places[a], "calibrate.priors." + r.key);
  }
  return spec;
}

CalibrationPlan make_calibration_plan(const std::string& scenario_path,
                                      const std::vector<std::string>& overrides,
                                      const std::string& target) {
  CalibrationPlan plan;
  plan.target = target;
  // The block first: a missing block, or one beside a sweep, is named before the sweep expands.
  (void)parse_calibration(read_scenario_file(scenario_path), scenario_path, overrides, true);
  plan.sweep = make_sweep_plan(scenario_path, overrides);
  plan.spec = check_calibration_block(plan.sweep, true);
  plan.seed = plan.sweep.base.seed;
  plan.spec.settings.seed = plan.seed;
  // What the pipeline records: one step of the base scenario names every metric and brand.
  Scenario trial = plan.sweep.base;
  trial.time.steps = 1;
  RunOptions options;
  options.seed = plan.seed;
  plan.catalogue = MetricCatalogue::of(run_scenario(trial, options).series);
  plan.catalogue.steps = plan.sweep.base.time.steps;
  check_summaries(plan.spec, plan.catalogue);
  plan.observed = read_observed(target, plan.catalogue, plan.spec.summaries);
  plan.summaries = define_summaries(plan.spec.summaries, plan.observed);

  plan.scenario_yaml = plan.sweep.base.resolved_yaml + "calibrate:\n";
  std::istringstream lines(plan.spec.canonical_text);
  for (std::string line; std::getline(lines, line);) plan.scenario_yaml += "  " + line + "\n";
  plan.hash = fnv1a_hex(plan.scenario_yaml + "observed:\n" + plan.observed.fingerprint);
  plan.sweep.scenario_yaml = plan.scenario_yaml;
  return plan;
}

}  // namespace snsim
