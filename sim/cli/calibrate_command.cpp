// `snsim calibrate`: fit a scenario's calibrate: priors to observed data by ABC-SMC, on one
// machine (--jobs) or on MPI ranks (mpirun), resumable after a kill (docs/calibration.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "output_path.hpp"
#include "snsim/calibrate/calibration_plan.hpp"
#include "snsim/calibrate/calibration_runner.hpp"
#include "snsim/calibrate/posterior_file.hpp"
#include "snsim/cli/commands.hpp"
#include "snsim/sweep/run_store.hpp"
#include "snsim/sweep/sweep_runner.hpp"

namespace snsim::cli {
namespace {

/// Checks the output and the working folder (rank 0 only). Returns -1 to go on, or an exit code.
int prepare(const CalibrateArgs& args, const CalibrationPlan& plan) {
  namespace fs = std::filesystem;
  const std::string folder = calibration_folder_of(args.output);
  std::error_code ec;
  try {
    check_output_path(args.output, true);  // folder exists and is writable; not a folder itself
    if (fs::exists(args.output, ec)) {
      if (!args.resume) {
        print_error(args.output +
                    " exists already; pass --resume to check or finish that calibration, or "
                    "choose another -o");
        return kBadInput;
      }
      const std::string hash = calibration_hash_of_file(args.output);
      if (hash != plan.hash) {
        print_error(args.output +
                    " was made from a different scenario, calibrate block or "
                    "observed file" +
                    (hash.empty() ? std::string(" (or is no calibration file)")
                                  : " (hash " + hash + ", this one " + plan.hash + ")") +
                    "; not mixing results: choose another -o");
        return kBadInput;
      }
      if (!args.quiet) std::fprintf(stderr, "snsim: %s is complete already\n", args.output.c_str());
      std::printf("%s\n", args.output.c_str());
      return kOk;
    }
    if (has_calibration_manifest(folder) && !args.resume) {
      prepare_calibration_folder(folder, plan);  // a different calibration is named as such
      print_error(folder +
                  " holds an earlier start of this calibration; pass --resume to continue it");
      return kBadInput;
    }
    prepare_calibration_folder(folder, plan);
    // Only this calibration writes here: a generation file half written by a killed start.
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.path().filename().string().find(".tmp") != std::string::npos)
        fs::remove(entry.path(), ec);
  } catch (...) {
    return report_exception(Stage::running);
  }
  return -1;
}

/// Prints one line per finished generation on stderr.
void print_generation(const AbcState& state, double seconds) {
  if (!state.stop_reason.empty()) {
    std::fprintf(stderr, "stopped (%s) after %zu generations and %llu runs\n",
                 state.stop_reason.c_str(), state.generations.size(),
                 static_cast<unsigned long long>(state.runs_used));
    return;
  }
  const std::size_t g = state.generations.size() - 1;
  const AbcGeneration& gen = state.generations.back();
  const double median = gen.distances.empty() ? 0.0 : abc_quantile(gen.distances, 0.5);
  std::fprintf(stderr,
               "generation %zu: tolerance %s, acceptance %.1f%% (%llu runs), ESS %.1f, median "
               "distance %.4g; %llu runs in all, %.1f s\n",
               g, std::isinf(gen.tolerance) ? "inf" : std::to_string(gen.tolerance).c_str(),
               100.0 * gen.acceptance_rate, static_cast<unsigned long long>(gen.runs), gen.ess,
               median, static_cast<unsigned long long>(gen.runs_total), seconds);
}

}  // namespace

int calibrate_command(const CalibrateArgs& args) {
  MpiSession mpi;  // MPI_Init only under mpirun
  const bool root = mpi.rank() == 0;
  if (args.output.empty()) {
    if (root) print_error("calibrate: -o POSTERIOR.h5 is required (see 'snsim calibrate --help')");
    return kBadInput;
  }
  CalibrationPlan plan;
  try {
    plan = make_calibration_plan(args.scenario, args.overrides, args.target);
  } catch (...) {
    return report_exception(Stage::checking, "", root);
  }
  int code = root ? prepare(args, plan) : -1;
  code = mpi.broadcast(code);
  if (code >= 0) return root ? code : kOk;

  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const AbcSettings& s = plan.spec.settings;
  if (root && !args.quiet)
    std::fprintf(stderr,
                 "%s: calibrating %zu parameters to %zu summaries of %s; %llu particles a "
                 "generation, at most %llu generations and %llu runs%s\n",
                 plan.sweep.base.name.c_str(), plan.spec.priors.size(), plan.summaries.size(),
                 args.target.c_str(), static_cast<unsigned long long>(s.population),
                 static_cast<unsigned long long>(s.max_generations),
                 static_cast<unsigned long long>(s.max_runs),
                 mpi.size() > 1 ? (" on " + std::to_string(mpi.size()) + " MPI ranks").c_str()
                                : (" with " + std::to_string(args.jobs) + " job(s)").c_str());
  CalibrationOptions options;
  options.jobs = args.jobs;
  options.threads = args.threads;
  options.command_line = args.command_line;
  if (!args.quiet)
    options.on_generation = [&](const AbcState& st) { print_generation(st, elapsed()); };
  CalibrationResult result;
  try {
    result = run_calibration(mpi, plan, calibration_folder_of(args.output), options);
  } catch (...) {
    // Every rank says why it stopped: a failure on one rank alone (a part it cannot read) must
    // not go unseen.
    return report_exception(Stage::running, root ? std::string("calibration failed: ")
                                                 : "calibration failed on MPI rank " +
                                                       std::to_string(mpi.rank()) + ": ");
  }
  if (!root) return kOk;
  try {
    write_posterior_file(args.output, plan, result, args.command_line);
  } catch (...) {
    return report_exception(Stage::running);
  }
  // The posterior file holds everything the working folder kept for a resume.
  std::error_code ec;
  std::filesystem::remove_all(calibration_folder_of(args.output), ec);
  if (args.quiet)
    std::printf("%s\n", args.output.c_str());
  else
    std::printf(
        "wrote %s (%zu generations, %llu runs, stopped by %s, %.1f s); its layout: "
        "analysis/FORMAT.md\n",
        args.output.c_str(), result.state.generations.size(),
        static_cast<unsigned long long>(result.state.runs_used), result.state.stop_reason.c_str(),
        elapsed());
  return kOk;
}

}  // namespace snsim::cli
