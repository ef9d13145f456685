// snsim: the command line. Parses flags with CLI11 and hands off to one subcommand.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "snsim/cli/build_commit.hpp"
#include "snsim/cli/commands.hpp"
#include "snsim/sweep/sweep_runner.hpp"
#include "snsim/version.hpp"

namespace {

// Returns argv as one shell-quoted line, for the results file's `command_line` attribute.
std::string join_command_line(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    const bool plain =
        !a.empty() &&
        a.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") ==
            std::string::npos;
    if (!plain) {
      std::string q = "'";
      for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      a = q + "'";
    }
    out += (i ? " " : "") + a;
  }
  return out;
}

// Checks a --seed value as typed: a whole number from 0 to 2^64 - 1 in digits, read exactly
// later (the scenario's `seed:` reads the same way). Returns "" or why not.
std::string check_seed(std::string& text) {
  std::string shown = text.size() <= 40 ? text : text.substr(0, 30) + "...";
  const std::string why =
      "expected a whole number from 0 to 18446744073709551615, got '" + shown + "'";
  if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos)
    return why;
  if (text.size() == 20 && text > "18446744073709551615") return why;
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace snsim::cli;
  CLI::App app{
      "snsim: an agent-based simulator of social media and social networking.\n"
      "Scenarios are YAML (scenarios/README.md); results are HDF5 time series.",
      "snsim"};
  // The version (semantic versioning, CMake project version) and the commit built from.
  app.set_version_flag("--version", std::string("snsim ") + snsim::kVersion + " (commit " +
                                        snsim::cli::git_commit() + ")");
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 2 bad input or usage, 1 failure at run time, 75 stopped by SIGTERM "
      "or SIGINT with a checkpoint written (`snsim run ... --resume` continues).");

  RunArgs run;
  auto* run_cmd =
      app.add_subcommand("run", "Simulate a scenario and write its time series to HDF5");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  run_cmd->add_option("-o,--output", run.output,
                      "Results file (.h5); default results/<name>.h5, numbered if it exists");
  run_cmd->add_option("--set", run.overrides, "Override a key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  const CLI::Validator seed_check(check_seed, "SEED", "seed");
  run_cmd->add_option("--seed", run.seed, "Root seed, 0 to 2^64-1 (same as --set seed=N)")
      ->check(seed_check);
  run_cmd->add_option("--threads", run.threads, "OpenMP threads (results do not depend on it)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_flag("--quiet,-q", run.quiet, "No progress and no summary; print only the path");
  run_cmd->add_flag("--overwrite", run.overwrite, "Replace an existing output file (atomically)");
  run_cmd->add_flag("--profile", run.profile,
                    "Print each process's wall time (prepare and steps) on stderr after the run");
  run_cmd->add_option("--sweep-run", run.sweep_run,
                      "Run only run K of the scenario's sweep (same series as in `snsim sweep`)");
  run_cmd
      ->add_option("--twin", run.twin,
                   "Also run a counterfactual twin with this override (key.path=value, repeatable) "
                   "on the same seed; writes /runs/000001 and incremental/* in run 0")
      ->allow_extra_args(false);
  run_cmd->add_flag("--resume", run.resume,
                    "Continue the interrupted run of -o OUT.h5 from OUT.h5.checkpoint (same "
                    "scenario, --set and --seed; any --threads); the series equal an "
                    "uninterrupted run's bitwise");
  run_cmd
      ->add_option("--checkpoint-every", run.checkpoint_every,
                   "Also write OUT.h5.checkpoint every N steps (for cluster time limits)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--stop-after", run.stop_after,
                      "Write the checkpoint after N steps and exit 75, as on SIGTERM");
  run_cmd->add_flag("--ignore-memory-estimate", run.ignore_memory_estimate,
                    "Run even if the estimated peak memory (snsim validate) exceeds the memory "
                    "available now");
  run_cmd->footer(
      "Stop and continue: on SIGTERM or SIGINT, `snsim run` finishes the step under way, writes "
      "OUT.h5.checkpoint (atomically: the previous one stays intact until the new one is whole) "
      "and exits with code 75; `snsim run SCENARIO -o OUT.h5 --resume` continues it and deletes "
      "the checkpoint once OUT.h5 is written. A checkpoint that is missing, damaged or of another "
      "scenario is refused (exit 2). Without --resume, an existing checkpoint is refused unless "
      "--overwrite. --twin runs cannot be checkpointed.");

  SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand(
      "sweep", "Run every run of a scenario's sweep block (docs/sweeps.md); mpirun-aware");
  sweep_cmd->add_option("scenario", sweep.scenario, "Scenario YAML file with a sweep: block")
      ->required();
  sweep_cmd->add_option("-o,--output", sweep.output,
                        "Results file (.h5); part files go to OUT.h5.runs/ beside it");
  sweep_cmd
      ->add_option("--set", sweep.overrides, "Override a key of the base scenario (repeatable)")
      ->allow_extra_args(false);
  sweep_cmd->add_option("--jobs,-j", sweep.jobs, "Runs side by side in worker processes")
      ->check(CLI::Range(1, 4096));
  sweep_cmd
      ->add_option("--threads", sweep.threads,
                   "OpenMP threads per run (default: all if --jobs 1, else 1)")
      ->check(CLI::Range(1, 1024));
  sweep_cmd->add_flag("--list", sweep.list,
                      "Print the design, its run count, and each run's index, seed, replicate "
                      "and overrides; nothing runs");
  sweep_cmd->add_flag(
      "--csv", sweep.csv,
      "With --list: print the runs as CSV with the design's columns "
      "(grid_point, design_sample, design_block, unit coordinates; docs/sweeps.md)");
  sweep_cmd->add_option(
      "--shard", sweep.shard,
      "Run shard I of N (0 <= I < N; runs with index % N == I) and write part files "
      "only; default from SLURM_ARRAY_TASK_ID/COUNT");
  sweep_cmd->add_flag("--resume", sweep.resume, "Skip runs already done; redo the rest");
  sweep_cmd->add_flag("--quiet,-q", sweep.quiet, "No progress; print only the path");

  CalibrateArgs calibrate;
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate",
      "Fit a scenario's calibrate: priors to observed data by ABC-SMC (docs/calibration.md); "
      "mpirun-aware");
  calibrate_cmd
      ->add_option("scenario", calibrate.scenario, "Scenario YAML file with a calibrate: block")
      ->required();
  calibrate_cmd
      ->add_option("--target", calibrate.target,
                   "Observed data: CSV step,metric,brand,value, or an snsim results file (.h5)")
      ->required();
  calibrate_cmd->add_option(
      "-o,--output", calibrate.output,
      "Posterior file (.h5); the working folder OUT.h5.calib/ beside it makes --resume work");
  calibrate_cmd
      ->add_option("--set", calibrate.overrides, "Override a key of the base scenario (repeatable)")
      ->allow_extra_args(false);
  calibrate_cmd->add_option("--jobs,-j", calibrate.jobs, "Runs side by side in worker processes")
      ->check(CLI::Range(1, 4096));
  calibrate_cmd
      ->add_option("--threads", calibrate.threads,
                   "OpenMP threads per run (default: all if --jobs 1, else 1)")
      ->check(CLI::Range(1, 1024));
  calibrate_cmd->add_flag("--resume", calibrate.resume,
                          "Continue a stopped or killed calibration from its working folder");
  calibrate_cmd->add_flag("--quiet,-q", calibrate.quiet, "No progress; print only the path");
  calibrate_cmd->footer(
      "Each generation's proposals run as a batch through the sweep runners (--jobs, or mpirun); "
      "the posterior is bitwise the same for any job or rank count, and after a kill the same "
      "command with --resume continues without losing accepted particles. An existing output or "
      "working folder is never overwritten.");

  MergeArgs merge;
  auto* merge_cmd =
      app.add_subcommand("merge", "Join the run files of sweep shards into one results file");
  merge_cmd->add_option("-o,--output", merge.output, "Results file to write (.h5)")->required();
  merge_cmd->add_option("runs_folders", merge.inputs,
                        "Folders of run files (default OUT.h5.runs); all from one sweep");
  merge_cmd->add_flag("--overwrite", merge.overwrite,
                      "Replace an existing output file (atomically)");
  merge_cmd->add_flag("--quiet,-q", merge.quiet, "Print nothing on success");

  ValidateArgs validate;
  auto* val_cmd =
      app.add_subcommand("validate", "Check a scenario and print it with every default filled in");
  val_cmd->add_option("scenario", validate.scenario, "Scenario YAML file");
  val_cmd->add_option("--set", validate.overrides, "Override a key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  val_cmd->add_flag("--keys", validate.list_keys, "List every key path a scenario may set");
  val_cmd->add_option("--threads", validate.threads, "Threads the time-per-step estimate assumes")
      ->check(CLI::Range(1, 1024));

  std::string info_path;
  auto* info_cmd =
      app.add_subcommand("info", "Describe a results file: runs, metrics, shapes, scenario");
  info_cmd->add_option("results", info_path, "Results file (.h5)")->required();

  GraphArgs graph;
  auto* graph_cmd = app.add_subcommand(
      "graph", "Build a scenario's social graph, print its statistics, optionally write it");
  graph_cmd->add_option("scenario", graph.scenario, "Scenario YAML file")->required();
  graph_cmd->add_option("-o,--output", graph.output,
                        "Write the graph: an edge list (.txt, .edges) or GraphML (.graphml)");
  graph_cmd
      ->add_option("--format", graph.format, "edgelist or graphml (default: from the extension)")
      ->check(CLI::IsMember({"edgelist", "graphml"}));
  graph_cmd->add_option("--set", graph.overrides, "Override a key: key.path=value (repeatable)")
      ->allow_extra_args(false);
  graph_cmd->add_option("--seed", graph.seed, "Root seed, 0 to 2^64-1 (same as --set seed=N)")
      ->check(seed_check);
  graph_cmd->add_option("--threads", graph.threads, "OpenMP threads")->check(CLI::Range(1, 1024));
  graph_cmd->add_flag("--overwrite", graph.overwrite, "Replace an existing output file");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string where = "snsim";
    for (const auto* sub : app.get_subcommands()) where += " " + sub->get_name();
    print_error(std::string(e.what()) + " (see '" + where + " --help')");
    return kBadInput;
  }

  // `-o ""` would otherwise mean "no -o": the default path for run, statistics only for graph.
  for (const auto& [sub, output] : {std::pair<CLI::App*, const std::string*>{run_cmd, &run.output},
                                    {sweep_cmd, &sweep.output},
                                    {calibrate_cmd, &calibrate.output},
                                    {merge_cmd, &merge.output},
                                    {graph_cmd, &graph.output}}) {
    if (*sub && sub->count("--output") > 0 && output->empty()) {
      print_error(sub->get_name() + ": -o/--output is empty; give a file name or leave -o out");
      return kBadInput;
    }
  }

  // Under mpirun with several ranks, only an MPI build's `sweep` shares the work; anything else
  // would run once per rank and collide on the same files. One line, from rank 0 only.
  if (const int ranks = snsim::mpirun_world_size(); ranks > 1 && !*val_cmd && !*info_cmd) {
    const bool farm = (*sweep_cmd || *calibrate_cmd) && snsim::mpi_compiled_in();
    if (!farm) {
      const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");
      if (rank == nullptr) rank = std::getenv("PMI_RANK");
      if (rank == nullptr) rank = std::getenv("PMIX_RANK");
      if (rank == nullptr || std::string(rank) == "0")
        print_error(
            *sweep_cmd || *calibrate_cmd
                ? "this snsim was built without MPI, so under mpirun each of the " +
                      std::to_string(ranks) +
                      " ranks would do the whole work; build with MPI (apt-get install "
                      "libopenmpi-dev, then configure and build again: scripts/setup.sh), or run "
                      "without mpirun (--jobs N on one machine, --shard I/N across machines)"
                : "snsim " + app.get_subcommands().front()->get_name() +
                      " runs as one process; under mpirun each of the " + std::to_string(ranks) +
                      " ranks would do the same work on the same files (only `snsim sweep` "
                      "and `snsim calibrate` share work over MPI ranks)");
      return kBadInput;
    }
  }

  const std::string command_line = join_command_line(argc, argv);
  if (*run_cmd) {
    run.command_line = command_line;
    return run_command(run);
  }
  if (*sweep_cmd) {
    sweep.command_line = command_line;
    return sweep_command(sweep);
  }
  if (*calibrate_cmd) {
    calibrate.command_line = command_line;
    return calibrate_command(calibrate);
  }
  if (*merge_cmd) {
    merge.command_line = command_line;
    return merge_command(merge);
  }
  if (*val_cmd) {
    if (validate.scenario.empty() && !validate.list_keys) {
      print_error("validate: a scenario file is required (see 'snsim validate --help')");
      return kBadInput;
    }
    return validate_command(validate);
  }
  if (*info_cmd) return info_command(info_path);
  if (*graph_cmd) return graph_command(graph);
  return kBadInput;
}
