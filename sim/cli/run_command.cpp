// `snsim run`: scenario in, HDF5 time series out, a summary table per brand on stdout.
#include <omp.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string_view>
#include <vector>

#include "output_path.hpp"
#include "progress.hpp"
#include "snsim/calibrate/calibration_plan.hpp"
#include "snsim/cli/commands.hpp"
#include "snsim/core/checkpoint.hpp"
#include "snsim/core/engine.hpp"
#include "snsim/core/estimate.hpp"
#include "snsim/economics/twin.hpp"
#include "snsim/io/results_writer.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/network/edge_list.hpp"
#include "snsim/sweep/run_store.hpp"
#include "snsim/sweep/sweep_plan.hpp"
#include "snsim/version.hpp"

namespace snsim::cli {
namespace {

// Set by SIGTERM and SIGINT; the engine checks it between steps, writes a checkpoint and stops.
// The handler does nothing else (async-signal-safe), so a second signal while the checkpoint is
// being written only sets the flag again: the write goes on and stays atomic.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) { g_stop.store(true, std::memory_order_relaxed); }

// Routes SIGTERM and SIGINT to on_stop_signal.
void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
}

// Returns true if path exists (any kind of file).
bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// Returns the peak resident memory of this process so far, in MiB.
double peak_memory_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

/// Prints each process's share of the run's wall time on stderr (snsim run --profile).
void print_profile(const RunOutcome& outcome) {
  std::fprintf(stderr, "profile: set-up (world and graph) %.3f s\n", outcome.setup_time_s);
  for (const ProcessTiming& t : outcome.timings) {
    std::fprintf(stderr, "profile: %-18s prepare %8.3f s  steps %9.3f s  (%5.1f%% of the run)\n",
                 t.name.c_str(), t.prepare_s, t.step_s,
                 100.0 * (t.prepare_s + t.step_s) / outcome.wall_time_s);
  }
}

double sum_over_steps(const RunSeries& s, const std::string& metric, BrandId b) {
  double total = 0.0;
  for (Step t = 0; t < s.steps; ++t) total += s.at(metric, t, b);
  return total;
}

// One column of the summary: a metric at the last step, or summed over the steps.
struct SummaryColumn {
  const char* metric;
  const char* header;
  bool total;  ///< sum over steps (per-step metrics) rather than the last value (cumulative ones)
};

// Prints one table of the columns whose metrics the run recorded (the pipeline decides which).
void print_table(const RunSeries& s, std::initializer_list<SummaryColumn> columns,
                 const char* legend) {
  std::vector<SummaryColumn> present;
  for (const auto& c : columns)
    if (s.find(c.metric) != nullptr) present.push_back(c);
  if (present.empty()) return;
  const Step last = s.steps - 1;
  std::printf("\n%-16s", "brand");
  for (const auto& c : present) std::printf(" %12s", c.header);
  std::printf("\n");
  for (BrandId b = 0; b < s.brands.size(); ++b) {
    std::printf("%-16s", s.brands[b].c_str());
    for (const auto& c : present) {
      const double v = c.total ? sum_over_steps(s, c.metric, b) : s.at(c.metric, last, b);
      if (std::isnan(v))
        std::printf(" %12s", "n/a");
      else if (std::string_view(c.metric) == "roi" ||
               std::string_view(c.metric) == "incremental/roi" ||
               std::string_view(c.metric) == "tie_strength_mean")
        std::printf(" %12.2f", v);
      else
        std::printf(" %12.0f", v);
    }
    std::printf("\n");
  }
  std::printf("(%s)\n", legend);
}

void print_summary(const Scenario& sc, const RunSeries& s) {
  const std::string horizon = "after " + std::to_string(s.steps) + " " + sc.time.unit + "s";
  print_table(s,
              {{"reach", "reach", false},
               {"aware", "aware", false},
               {"engaged", "engaged", false},
               {"visits", "visits", true},
               {"conversions", "conversions", true},
               {"cost", "cost USD", false},
               {"revenue", "revenue USD", false},
               {"roi", "ROI", false}},
              (horizon + "; reach, aware and engaged are people; visits and conversions totals; "
                         "cost, revenue and ROI cumulative")
                  .c_str());
  if (s.find("likes") != nullptr)  // the social_media process ran
    print_table(s,
                {{"impressions", "impressions", true},
                 {"likes", "likes", true},
                 {"shares", "shares", true},
                 {"replies", "replies", true},
                 {"replies_answered", "answered", true},
                 {"followers", "followers", false},
                 {"cascade_largest", "cascade", false}},
                "social media: totals over the run; followers at the last step; cascade = largest "
                "cascade of a brand post, people");
  if (s.find("incremental/conversions") != nullptr)  // snsim run --twin
    print_table(s,
                {{"incremental/conversions", "d conv", true},
                 {"incremental/revenue", "d revenue", false},
                 {"incremental/cost", "d cost", false},
                 {"incremental/roi", "d ROI", false}},
                "counterfactual twin (same seed): run minus twin; conversions total, revenue and "
                "cost in USD, cumulative; d ROI = (d revenue - d cost) / d cost");
  if (s.find("conversations") != nullptr && s.find("relationships") != nullptr) {
    double any = 0;  // the networking table only when a brand networked
    for (BrandId b = 0; b < s.brands.size(); ++b) any += sum_over_steps(s, "conversations", b);
    if (any > 0)
      print_table(s,
                  {{"relationships", "relationships", false},
                   {"tie_strength_mean", "tie strength", false},
                   {"conversations", "conversations", true},
                   {"introductions", "introductions", true},
                   {"referrals", "referrals", true}},
                  "social networking: relationships and mean tie strength at the last step; "
                  "conversations, introductions, referrals totals");
  }
}

/// Throws ScenarioError if the scenario's estimated peak memory (estimate.hpp, as `snsim
/// validate` prints it) exceeds the memory available now: such a run would die with bad_alloc, or
/// be killed, after minutes of set-up.
void check_memory_estimate(const std::string& path, const Scenario& scenario) {
  const double available = available_memory_bytes();
  if (available <= 0) return;  // unknown: no check
  const ResourceEstimate estimate = estimate_resources(scenario, omp_get_max_threads());
  if (estimate.peak_bytes <= available) return;
  char figures[160];
  std::snprintf(figures, sizeof figures,
                "needs about %.1f GiB of memory (estimated), but %.1f GiB are available",
                estimate.peak_bytes / 1073741824.0, available / 1073741824.0);
  throw ScenarioError({path, 0, 0}, "",
                      std::string("this run ") + figures +
                          " (`snsim validate` shows the estimate's parts); make population.size "
                          "smaller, or pass --ignore-memory-estimate to run anyway");
}

}  // namespace

int run_command(const RunArgs& args) {
  if (args.sweep_run && !args.twin.empty()) {
    print_error("--twin and --sweep-run cannot be combined");
    return kBadInput;
  }
  if (args.sweep_run && (args.resume || args.checkpoint_every > 0 || args.stop_after)) {
    print_error("--sweep-run cannot be checkpointed (--resume, --checkpoint-every, --stop-after)");
    return kBadInput;
  }
  if (args.sweep_run) return sweep_run_command(args);  // sim/cli/sweep_command.cpp
  const bool checkpointing = args.twin.empty();
  if (!checkpointing && (args.resume || args.checkpoint_every > 0 || args.stop_after)) {
    print_error("--twin runs cannot be checkpointed (--resume, --checkpoint-every, --stop-after)");
    return kBadInput;
  }
  if (args.resume && args.output.empty()) {
    print_error(
        "--resume needs -o: the output of the interrupted run (its checkpoint is beside it)");
    return kBadInput;
  }
  std::vector<std::string> overrides = args.overrides;
  if (args.seed) overrides.push_back("seed=" + *args.seed);
  if (args.threads > 0) omp_set_num_threads(args.threads);

  Scenario scenario;
  Scenario twin;  // the counterfactual twin (used when args.twin is not empty)
  std::string twin_text;
  std::string out_path;
  std::unique_ptr<ResultsWriter> writer;
  ResultsAttributes attrs;
  std::string checkpoint_path;
  Step resume_step = 0;
  try {
    scenario = load_scenario_file(args.scenario, overrides);
    // Sweep and calibrate blocks are checked too, though `run` simulates only the base scenario.
    check_calibration_block(make_sweep_plan(args.scenario, overrides));
    if (!args.twin.empty()) {
      std::vector<std::string> twin_overrides = overrides;
      for (const auto& o : args.twin) {
        const std::string key = o.substr(0, o.find('='));
        if (key == "seed" || key == "time.steps" || key.rfind("time.", 0) == 0 || key == "brands")
          throw ScenarioError({"--twin", 0, 0}, key,
                              "a twin must keep the seed, the time axis and the brands of its run");
        twin_overrides.push_back(o);
        twin_text += (twin_text.empty() ? "" : "; ") + o;
      }
      twin = load_scenario_file(args.scenario, twin_overrides);
      if (twin.brands.size() != scenario.brands.size())
        throw ScenarioError({"--twin", 0, 0}, "brands", "a twin must keep the brands of its run");
    }
    out_path = args.output.empty() ? default_output_path(scenario.name, ".h5")
                                   : check_output_path(args.output, args.overwrite);
    // The checkpoint lives beside the output under its own name, so it never replaces results.
    checkpoint_path = out_path + ".checkpoint";
    if (args.resume) {
      if (!exists(checkpoint_path))
        throw OutputPathError{"--resume: no checkpoint " + checkpoint_path +
                              " (nothing to continue; run without --resume)"};
      // Checked now, so that a wrong checkpoint is refused in a second rather than after set-up.
      resume_step = check_checkpoint(checkpoint_path, {kVersion, scenario.resolved_yaml,
                                                       scenario.seed, 0, scenario.time.steps});
    } else if (checkpointing && exists(checkpoint_path) && !args.overwrite) {
      throw OutputPathError{checkpoint_path +
                            " exists (an interrupted run): continue it with --resume, or start "
                            "afresh with --overwrite"};
    }
    if (!args.ignore_memory_estimate) check_memory_estimate(args.scenario, scenario);
    attrs.snsim_version = kVersion;
    attrs.scenario_yaml = scenario.resolved_yaml;
    attrs.command_line = args.command_line;
    attrs.created = utc_timestamp();
    // Only now, just before anything is created on disk: once the .partial results file exists,
    // SIGTERM and SIGINT stop the run with a checkpoint (a signal during set-up stops it at step
    // 0), never kill it. Until then (reading the scenario and the edge list) they end snsim at
    // once, as usual: there is nothing to keep.
    if (checkpointing) install_stop_handlers();
    // Open the output before simulating, so that a bad path fails in a second, not after a day.
    writer = std::make_unique<ResultsWriter>(out_path, attrs, args.overwrite);
  } catch (...) {
    return report_exception(Stage::checking);
  }

  if (!args.quiet) {
    std::fprintf(stderr, "%s: %u agents, %zu brands, %u steps (%s); seed %llu; %d threads\n",
                 scenario.name.c_str(), scenario.population.size, scenario.brands.size(),
                 scenario.time.steps, scenario.time.unit.c_str(),
                 static_cast<unsigned long long>(scenario.seed), omp_get_max_threads());
    if (args.resume)
      std::fprintf(stderr, "resuming from %s: %u of %u steps done\n", checkpoint_path.c_str(),
                   resume_step, scenario.time.steps);
  }
  try {
    ProgressMeter meter(!args.quiet);
    RunOptions options;
    options.seed = scenario.seed;
    options.progress = [&](Step done, Step total) { meter.update(done, total); };
    if (checkpointing) {
      options.checkpoint.path = checkpoint_path;
      options.checkpoint.every = args.checkpoint_every;
      options.checkpoint.stop = &g_stop;
      options.checkpoint.stop_after = args.stop_after;
      options.checkpoint.resume = args.resume;
      if (!args.quiet)
        options.checkpoint.loaded = [&](Step done, double seconds) {
          std::fprintf(stderr, "checkpoint loaded (%u steps done) in %.2f s\n", done, seconds);
        };
      if (!args.quiet)
        options.checkpoint.written = [&](Step done, std::uint64_t bytes, double seconds) {
          std::fprintf(stderr, "\ncheckpoint after step %u: %s, %.1f MB in %.2f s\n", done,
                       checkpoint_path.c_str(), static_cast<double>(bytes) / 1e6, seconds);
        };
    }
    RunOutcome outcome = run_scenario(scenario, options);
    if (args.profile) print_profile(outcome);
    RunRecord twin_record;
    if (!args.twin.empty()) {
      // Same seed and run index: common random numbers (docs/model.md section 8).
      RunOutcome twin_outcome = run_scenario(twin, options);
      add_incremental_metrics(outcome.series, twin_outcome.series);
      twin_record.index = 1;
      twin_record.seed = twin.seed;
      twin_record.status = "complete";
      twin_record.wall_time_s = twin_outcome.wall_time_s;
      twin_record.parameters.emplace_back("twin", twin_text);
      twin_record.series = std::move(twin_outcome.series);
      outcome.wall_time_s += twin_outcome.wall_time_s;
    }

    RunRecord record;
    record.index = 0;
    record.seed = scenario.seed;
    record.replicate = 0;
    record.status = "complete";
    record.wall_time_s = outcome.wall_time_s;
    if (!args.quiet) print_summary(scenario, outcome.series);
    record.series = std::move(outcome.series);
    writer->write_run(record);
    if (!args.twin.empty()) writer->write_run(twin_record);
    writer->commit();
    // The results are whole under their final name: the checkpoint has served.
    if (checkpointing) {
      ::unlink(checkpoint_path.c_str());
      ::unlink((checkpoint_path + ".partial").c_str());
    }
    if (args.quiet)
      std::printf("%s\n", out_path.c_str());
    else
      std::printf(
          "\nwrote %s (%.2f s: set-up %.2f s, %u steps %.2f s; peak memory %.0f MiB)\n"
          "look inside with: snsim info %s\n",
          out_path.c_str(), outcome.wall_time_s, outcome.setup_time_s, scenario.time.steps,
          outcome.wall_time_s - outcome.setup_time_s, peak_memory_mib(), out_path.c_str());
  } catch (const RunStopped& e) {
    // The .partial results are removed by the writer's destructor; nothing under the final name.
    std::fprintf(stderr,
                 "\nsnsim: stopped after %u of %u steps; checkpoint %s; continue with: snsim run "
                 "%s -o %s --resume (and the same --set/--seed)\n",
                 e.step(), scenario.time.steps, e.path().c_str(), args.scenario.c_str(),
                 out_path.c_str());
    return kStopped;
  } catch (...) {
    return report_exception(Stage::running, "run failed: ");
  }
  return kOk;
}

int validate_command(const ValidateArgs& args) {
  if (args.list_keys) {
    for (const auto& k : scenario_key_paths()) std::printf("%s\n", k.c_str());
    return kOk;
  }
  try {
    const Scenario s = load_scenario_file(args.scenario, args.overrides);
    const SweepPlan plan = make_sweep_plan(args.scenario, args.overrides);
    const CalibrationSpec calibration = check_calibration_block(plan);
    std::printf("# %s is valid. Resolved scenario, every default filled in:\n%s",
                args.scenario.c_str(), s.resolved_yaml.c_str());
    const int threads = args.threads > 0 ? args.threads : omp_get_max_threads();
    std::printf("%s", format_estimate(estimate_resources(s, threads)).c_str());
    if (plan.has_sweep)
      std::printf("# The sweep block is valid: %llu runs (`snsim sweep %s --list` lists them).\n",
                  static_cast<unsigned long long>(plan.run_count()), args.scenario.c_str());
    if (calibration.present)
      std::printf(
          "# The calibrate block is valid: %zu priors, %zu summaries, %llu particles a generation "
          "(`snsim calibrate %s --target OBSERVED.csv -o POSTERIOR.h5` checks the observed data "
          "and the summaries' metrics).\n",
          calibration.priors.size(), calibration.summaries.size(),
          static_cast<unsigned long long>(calibration.settings.population), args.scenario.c_str());
    return kOk;
  } catch (...) {
    return report_exception(Stage::checking);
  }
}

}  // namespace snsim::cli
