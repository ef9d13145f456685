// `snsim sweep`: every run of a scenario's sweep block, on one machine (--jobs), on MPI ranks
// (mpirun), or one Slurm array shard (--shard); and `snsim run --sweep-run K`.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "output_path.hpp"
#include "snsim/cli/commands.hpp"
#include "snsim/io/results_writer.hpp"
#include "snsim/network/edge_list.hpp"
#include "snsim/sweep/run_store.hpp"
#include "snsim/sweep/sweep_runner.hpp"
#include "snsim/version.hpp"

namespace snsim::cli {
namespace {

/// "runs 40/1000  12.3 runs/s  1:20 left" on stderr, at most 10 times a second, tty only.
class SweepProgress {
 public:
  explicit SweepProgress(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}
  void update(std::uint64_t done, std::uint64_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const int left =
        rate > 0 ? static_cast<int>(static_cast<double>(total - done) / rate + 0.5) : 0;
    std::fprintf(stderr, "\rruns %llu/%llu  %.1f runs/s  %d:%02d left   ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 rate, left / 60, left % 60);
    if (done == total) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

/// Parses "I/N" (0 <= I < N); throws OutputPathError-like message via return false.
bool parse_shard(const std::string& text, std::uint64_t& i, std::uint64_t& n) {
  const auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return false;
  try {
    std::size_t used = 0;
    i = std::stoull(text.substr(0, slash), &used);
    if (used != slash) return false;
    const std::string rest = text.substr(slash + 1);
    n = std::stoull(rest, &used);
    return used == rest.size() && text[0] != '-' && rest[0] != '-';
  } catch (const std::exception&) {
    return false;
  }
}

/// Fills shard from --shard or, when absent, from a Slurm array's environment.
bool resolve_shard(const SweepArgs& args, std::uint64_t& i, std::uint64_t& n, std::string& error) {
  std::string text = args.shard;
  if (text.empty()) {
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    if (id == nullptr || count == nullptr) {
      n = 0;
      return true;
    }
    const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
    try {
      const long long k = std::stoll(id) - (min != nullptr ? std::stoll(min) : 0);
      text = std::to_string(k) + "/" + count;
    } catch (const std::exception&) {
      error = "cannot read the Slurm array task from SLURM_ARRAY_TASK_ID=" + std::string(id);
      return false;
    }
    if (!args.quiet)
      std::fprintf(stderr, "snsim: Slurm array task: running shard %s\n", text.c_str());
  }
  if (!parse_shard(text, i, n)) {
    error = "--shard " + text + ": expected I/N with whole numbers, e.g. --shard 0/4";
    return false;
  }
  if (n == 0 || i >= n) {
    error = "--shard " + text + ": the shard index must be in 0.." +
            (n == 0 ? std::string("N-1 and N >= 1") : std::to_string(n - 1)) +
            " (shards count from 0)";
    return false;
  }
  return true;
}

/// Returns text as one CSV field (quoted when it holds a comma, a quote or a line break).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// Returns one line naming the sweep's design and its size, e.g. "sobol: N = 64 base samples x
/// (k + 2) = 8 blocks = 512 points".
std::string describe_design(const SweepSpec& spec) {
  const auto k = spec.ranges.size();
  std::string text;
  switch (spec.sampling) {
    case SweepSampling::sobol:
      text = "sobol (Saltelli 2010, scrambled Sobol' points): N = " +
             std::to_string(spec.base_samples) + " base samples x " +
             (spec.second_order ? "(2k + 2)" : "(k + 2)") + " = " +
             std::to_string(spec.blocks_per_sample()) + " blocks, k = " + std::to_string(k) +
             " parameters" + (spec.second_order ? ", second order" : "");
      break;
    case SweepSampling::morris:
      text = "morris (elementary effects): r = " + std::to_string(spec.trajectories) +
             " trajectories x (k + 1) = " + std::to_string(spec.blocks_per_sample()) +
             " points, k = " + std::to_string(k) +
             " parameters, p = " + std::to_string(spec.levels) + " levels";
      break;
    case SweepSampling::random:
    case SweepSampling::latin_hypercube:
      text = sampling_name(spec.sampling) + ": " + std::to_string(spec.samples) + " samples of " +
             std::to_string(k) + " parameters";
      break;
    case SweepSampling::none:
      text = spec.grid.empty() ? "replicates only" : "grid";
      break;
  }
  if (!spec.grid.empty() && spec.sampling != SweepSampling::none)
    text += "; crossed with a grid of " +
            std::to_string(spec.point_count() / spec.design_points()) + " combinations";
  return text + "; " + std::to_string(spec.point_count()) + " points x " +
         std::to_string(spec.replicates) + " replicates = " + std::to_string(spec.run_count()) +
         " runs";
}

void print_list(const SweepPlan& plan, bool csv) {
  const SweepSpec& spec = plan.expansion.spec();
  const bool design = spec.sampling != SweepSampling::none;
  if (!csv) {
    std::printf("# %llu runs of %s (sweep hash %s); design: %s\n",
                static_cast<unsigned long long>(plan.run_count()), plan.base.name.c_str(),
                plan.hash.c_str(), describe_design(spec).c_str());
    std::printf("# columns: index seed replicate%s overrides\n",
                design ? " grid_point design_sample design_block" : "");
  } else {
    std::string header = "index,seed,replicate";
    if (design) {
      header += ",grid_point,design_sample,design_block,design_moved,design_delta";
      for (const auto& r : spec.ranges) header += "," + csv_field("unit:" + r.key);
    }
    for (const auto& key : spec.keys()) header += "," + csv_field(key);
    std::printf("%s\n", header.c_str());
  }
  for (std::uint64_t k = 0; k < plan.run_count(); ++k) {
    const SweepRun run = plan.expansion.run(k);
    const char* sep = csv ? "," : " ";
    std::printf("%llu%s%llu%s%llu", static_cast<unsigned long long>(run.index), sep,
                static_cast<unsigned long long>(run.seed), sep,
                static_cast<unsigned long long>(run.replicate));
    if (design) {
      std::printf("%s%llu%s%llu%s%lld", sep, static_cast<unsigned long long>(run.grid_point), sep,
                  static_cast<unsigned long long>(run.design_sample), sep,
                  static_cast<long long>(run.design_block));
      if (csv) {
        std::printf(",%lld,%.17g", static_cast<long long>(run.design_moved), run.design_delta);
        for (double u : run.unit) std::printf(",%.17g", u);
      }
    }
    if (csv) {
      for (const auto& [key, value] : run.parameters) std::printf(",%s", csv_field(value).c_str());
    } else {
      for (const auto& o : run.overrides()) std::printf(" %s", o.c_str());
    }
    std::printf("\n");
  }
}

/// Checks the output and the runs folder and returns the indices to run (rank 0 only).
/// Returns -1 to go on, or an exit code.
int prepare(const SweepArgs& args, const SweepPlan& plan, std::uint64_t shard_i,
            std::uint64_t shard_n, std::vector<std::uint64_t>& todo) {
  namespace fs = std::filesystem;
  const std::string folder = runs_folder_of(args.output);
  std::error_code ec;
  try {
    check_output_path(args.output, true);  // folder exists and is writable; not a folder itself
    if (fs::exists(args.output, ec)) {
      if (!args.resume) {
        print_error(
            args.output +
            " exists already; pass --resume to check or finish that sweep, or choose another -o");
        return kBadInput;
      }
      const std::string hash = sweep_hash_of_results(args.output);
      if (hash != plan.hash) {
        print_error(args.output + " was made from a different scenario or sweep" +
                    (hash.empty() ? std::string(" (or is no sweep results file)")
                                  : " (hash " + hash + ", this one " + plan.hash + ")") +
                    "; not mixing results: choose another -o");
        return kBadInput;
      }
      if (shard_n == 0) {
        if (!args.quiet)
          std::fprintf(stderr, "snsim: %s is complete already (%llu runs)\n", args.output.c_str(),
                       static_cast<unsigned long long>(plan.run_count()));
        std::printf("%s\n", args.output.c_str());
        return kOk;
      }
    }
    if (fs::exists(folder + "/sweep.txt", ec) && !args.resume && shard_n == 0) {
      // Check the hash first, so that a different scenario is named as such.
      const SweepManifest m = read_manifest(folder);
      if (m.hash != plan.hash) {
        prepare_runs_folder(folder, plan);  // throws the "different scenario" message
      }
      print_error(folder +
                  " holds runs of an earlier start of this sweep; pass --resume to continue it");
      return kBadInput;
    }
    prepare_runs_folder(folder, plan);
    if (shard_n == 0) {
      // Only this sweep writes here (shards may share a folder and are left alone): remove what
      // killed writers left half done; their runs are not done and run again.
      for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find(".partial") != std::string::npos || name.find(".tmp") != std::string::npos)
          fs::remove(entry.path(), ec);
      }
    }
  } catch (...) {
    return report_exception(Stage::running);
  }
  std::vector<std::uint64_t> candidates;
  if (args.resume) {
    candidates = pending_runs(folder, plan.run_count(), plan.hash);
  } else {
    candidates.resize(plan.run_count());
    for (std::uint64_t k = 0; k < plan.run_count(); ++k) candidates[k] = k;
  }
  for (std::uint64_t k : candidates)
    if (shard_n == 0 || k % shard_n == shard_i) todo.push_back(k);
  return -1;
}

}  // namespace

int sweep_command(const SweepArgs& args) {
  MpiSession mpi;  // MPI_Init only under mpirun
  const bool root = mpi.rank() == 0;
  auto fail = [&](int code, const std::string& message) {
    if (root) print_error(message);
    return code;
  };
  std::uint64_t shard_i = 0, shard_n = 0;
  {
    std::string error;
    if (!resolve_shard(args, shard_i, shard_n, error)) return fail(kBadInput, error);
  }
  if (mpi.active() && mpi.size() > 1 && shard_n > 0)
    return fail(kBadInput, "use either mpirun or --shard (a Slurm array), not both");
  if (!args.list && args.output.empty())
    return fail(kBadInput, "sweep: -o OUT.h5 is required (see 'snsim sweep --help')");

  SweepPlan plan;
  try {
    plan = make_sweep_plan(args.scenario, args.overrides);
  } catch (...) {
    return report_exception(Stage::checking, "", root);
  }
  if (args.csv && !args.list) return fail(kBadInput, "sweep: --csv goes with --list");
  if (args.list) {
    if (root) print_list(plan, args.csv);
    return kOk;
  }

  std::vector<std::uint64_t> todo;
  int code = -1;
  if (root) code = prepare(args, plan, shard_i, shard_n, todo);
  code = mpi.broadcast(code);
  if (code >= 0) return root ? code : kOk;

  const auto start = std::chrono::steady_clock::now();
  if (root && !args.quiet)
    std::fprintf(
        stderr, "%s: %llu runs in the sweep, %zu to run%s%s\n", plan.base.name.c_str(),
        static_cast<unsigned long long>(plan.run_count()), todo.size(),
        shard_n > 0
            ? (" in shard " + std::to_string(shard_i) + "/" + std::to_string(shard_n)).c_str()
            : "",
        mpi.size() > 1 ? (" on " + std::to_string(mpi.size()) + " MPI ranks").c_str()
                       : (" with " + std::to_string(args.jobs) + " job(s)").c_str());
  SweepProgress meter(root && !args.quiet);
  SweepRunnerOptions options;
  options.jobs = args.jobs;
  options.threads = args.threads;
  options.command_line = args.command_line;
  options.progress = [&](std::uint64_t done, std::uint64_t total) { meter.update(done, total); };
  const std::string folder = runs_folder_of(args.output);
  SweepRunnerResult result;
  try {
    result = mpi.active() && mpi.size() > 1 ? run_mpi_farm(mpi, plan, folder, todo, options)
                                            : run_local(plan, folder, todo, options);
  } catch (...) {
    return report_exception(Stage::running, "sweep failed: ", root);
  }
  if (!root) return kOk;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (result.failed > 0)
    return fail(kFailure, std::to_string(result.failed) + " of " + std::to_string(todo.size()) +
                              " runs failed (see above); the finished runs are kept in " + folder +
                              "; run again with --resume");
  if (shard_n > 0) {
    if (!args.quiet)
      std::fprintf(stderr,
                   "shard %llu/%llu: %llu runs in %.1f s into %s; when every shard is done: snsim "
                   "merge -o %s\n",
                   static_cast<unsigned long long>(shard_i),
                   static_cast<unsigned long long>(shard_n),
                   static_cast<unsigned long long>(result.done), seconds, folder.c_str(),
                   args.output.c_str());
    return kOk;
  }
  try {
    merge_runs({folder}, args.output, args.command_line, false);
  } catch (...) {
    return report_exception(Stage::running, "", root);
  }
  if (args.quiet)
    std::printf("%s\n", args.output.c_str());
  else
    std::printf(
        "wrote %s (%llu runs; %llu of them run now, in %.1f s); look inside with: snsim info %s\n",
        args.output.c_str(), static_cast<unsigned long long>(plan.run_count()),
        static_cast<unsigned long long>(result.done), seconds, args.output.c_str());
  return kOk;
}

int sweep_run_command(const RunArgs& args) {
  std::vector<std::string> overrides = args.overrides;
  if (args.seed) overrides.push_back("seed=" + *args.seed);
  try {
    const SweepPlan plan = make_sweep_plan(args.scenario, overrides);
    const std::uint64_t k = *args.sweep_run;
    if (k >= plan.run_count()) {
      print_error("--sweep-run " + std::to_string(k) + ": the sweep has " +
                  std::to_string(plan.run_count()) + " runs (0.." +
                  std::to_string(plan.run_count() - 1) + ")");
      return kBadInput;
    }
    const std::string out =
        args.output.empty()
            ? default_output_path(plan.base.name + "-run" + std::to_string(k), ".h5")
            : check_output_path(args.output, args.overwrite);
    const SweepRun run = plan.expansion.run(k);
    ResultsAttributes attrs;
    attrs.snsim_version = kVersion;
    attrs.scenario_yaml = load_run_scenario(plan, run).resolved_yaml;
    attrs.command_line = args.command_line;
    attrs.created = utc_timestamp();
    ResultsWriter writer(out, attrs, args.overwrite);
    const RunRecord record = execute_sweep_run(plan, k);
    writer.write_run(record);
    writer.commit();
    if (args.quiet)
      std::printf("%s\n", out.c_str());
    else
      std::printf("wrote %s (run %llu of the sweep, seed %llu, %.2f s)\n", out.c_str(),
                  static_cast<unsigned long long>(k), static_cast<unsigned long long>(record.seed),
                  record.wall_time_s);
    return kOk;
  } catch (...) {
    return report_exception(Stage::running, "run failed: ");
  }
}

}  // namespace snsim::cli
