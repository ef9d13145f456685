// Stop and continue (issue 9, part 5): a run stopped at a step boundary and resumed from its
// checkpoint gives bitwise the same series as an uninterrupted run, for every shipped scenario and
// with a different thread count; `snsim run` turns SIGTERM and SIGINT into a checkpoint and exit
// code 75, `--resume` continues, `--checkpoint-every` survives a SIGKILL, and a damaged or
// mismatched checkpoint is refused with exit code 2 and one line. A state member left out of a
// state_fields list makes the first test fail.
#include <catch2/catch.hpp>

#include <omp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "../support/file_bytes.hpp"
#include "../support/shipped_scenarios.hpp"
#include "../support/snsim_command.hpp"
#include "../support/temp_dir.hpp"
#include "snsim/core/checkpoint.hpp"
#include "snsim/core/engine.hpp"
#include "snsim/core/parallel.hpp"
#include "snsim/io/results_reader.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace fs = std::filesystem;

using snsim::test_support::first_difference;
using snsim::test_support::load_small_scenario;
using snsim::test_support::read_bytes;
using snsim::test_support::shipped_scenarios;
using snsim::test_support::TempDir;
using snsim::test_support::write_bytes;

namespace {

/// Loads a shipped scenario made small: at most 20 steps (enough to cross the follow graph's and
/// the person ties' compactions) and kMinParallelAgents + 1000 agents, except for tiny hand-made
/// scenarios (under 1,000 agents), which keep their size.
snsim::Scenario load_small(const fs::path& path) {
  return load_small_scenario(path, 20, [](const snsim::Scenario& as_shipped) {
    // Manipulation exposed within the few steps, so that a scandal's state (trust, penalty) is
    // carried across a checkpoint.
    const auto& procs = as_shipped.processes;
    return std::find(procs.begin(), procs.end(), "manipulation") != procs.end()
               ? std::vector<std::string>{"manipulation.exposure_hazard=0.05"}
               : std::vector<std::string>{};
  });
}

/// Runs s with `threads` threads and the given checkpoint options; returns the series, or an
/// empty series (steps == 0) when the run stopped.
snsim::RunSeries run(const snsim::Scenario& s, int threads, const snsim::CheckpointOptions& ck,
                     snsim::Step* stopped_at = nullptr) {
  const int before = omp_get_max_threads();
  omp_set_num_threads(threads);
  snsim::RunOptions options;
  options.seed = s.seed;
  options.checkpoint = ck;
  snsim::RunSeries out;
  try {
    out = snsim::run_scenario(s, options).series;
  } catch (const snsim::RunStopped& e) {
    if (stopped_at != nullptr) *stopped_at = e.step();
  }
  omp_set_num_threads(before);
  return out;
}

struct Outcome {
  int code = -1;  ///< exit code, or -1 if killed by a signal
  std::string err;
};

/// Returns the pid of `snsim args...` started in dir with OMP_NUM_THREADS=threads, stderr to
/// dir/stderr.txt.
pid_t start_snsim(const fs::path& dir, const std::vector<std::string>& args, int threads) {
  return snsim::test_support::start_snsim(dir, args, threads, dir / "stderr.txt");
}

Outcome wait_for(const fs::path& dir, pid_t pid) {
  const int status = snsim::test_support::wait_status(pid);
  Outcome o;
  if (WIFEXITED(status)) o.code = WEXITSTATUS(status);
  o.err = read_bytes(dir / "stderr.txt");
  return o;
}

Outcome snsim_run(const fs::path& dir, const std::vector<std::string>& args, int threads = 2) {
  return wait_for(dir, start_snsim(dir, args, threads));
}

/// Returns the arguments `base` followed by `extra`.
std::vector<std::string> joined(std::vector<std::string> base,
                                const std::vector<std::string>& extra) {
  base.insert(base.end(), extra.begin(), extra.end());
  return base;
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// Waits until `path` exists (or 60 s pass); returns whether it does.
bool wait_until_exists(const fs::path& path) {
  for (int k = 0; k < 6000 && !fs::exists(path); ++k)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return fs::exists(path);
}

snsim::RunSeries series_of(const fs::path& results) {
  return snsim::read_results(results.string()).runs.at(0).series;
}

}  // namespace

TEST_CASE(
    "checkpoint_resume: every shipped scenario stopped twice and resumed with other thread "
    "counts gives bitwise identical series",
    "[checkpoint][hardening]") {
  TempDir dir;
  for (const auto& path : shipped_scenarios()) {
    const snsim::Scenario s = load_small(path);
    INFO(path.filename().string() << ", " << s.population.size << " agents, " << s.time.steps
                                  << " steps");
    const snsim::RunSeries whole = run(s, 2, {});
    REQUIRE(whole.steps == s.time.steps);

    const std::string ck_path = (dir.path() / (path.stem().string() + ".h5.checkpoint")).string();
    const snsim::Step first_stop = s.time.steps / 3, second_stop = 2 * s.time.steps / 3;
    snsim::CheckpointOptions ck;
    ck.path = ck_path;
    ck.every = 2;
    ck.stop_after = first_stop;
    snsim::Step stopped = 999;
    CHECK(run(s, 1, ck, &stopped).steps == 0);
    REQUIRE(stopped == first_stop);
    REQUIRE(fs::exists(ck_path));
    CHECK_FALSE(fs::exists(ck_path + ".partial"));

    ck.resume = true;
    ck.stop_after = second_stop;
    CHECK(run(s, 4, ck, &stopped).steps == 0);
    REQUIRE(stopped == second_stop);

    ck.stop_after.reset();
    const snsim::RunSeries resumed = run(s, 3, ck);
    CHECK(first_difference(whole, resumed) == "");
  }
}

TEST_CASE("checkpoint_resume: a checkpoint of another scenario, seed or run is refused",
          "[checkpoint]") {
  TempDir dir;
  const std::string yaml = std::string(SNSIM_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  const snsim::Scenario s =
      snsim::load_scenario_file(yaml, {"population.size=2000", "time.steps=6"});
  snsim::CheckpointOptions ck;
  ck.path = (dir.path() / "q.h5.checkpoint").string();
  ck.stop_after = 3;
  run(s, 2, ck);
  REQUIRE(fs::exists(ck.path));
  const snsim::Scenario other =
      snsim::load_scenario_file(yaml, {"population.size=2000", "time.steps=6", "seed=7"});
  ck.resume = true;
  ck.stop_after.reset();
  snsim::RunOptions options;
  options.seed = other.seed;
  options.checkpoint = ck;
  CHECK_THROWS_AS(snsim::run_scenario(other, options), snsim::CheckpointError);
  options.seed = s.seed;
  options.run = 1;
  CHECK_THROWS_AS(snsim::run_scenario(s, options), snsim::CheckpointError);
}

TEST_CASE(
    "checkpoint_resume: SIGTERM and SIGINT stop snsim run with code 75 and a checkpoint, "
    "and --resume finishes it bitwise",
    "[checkpoint][hardening]") {
  TempDir dir;
  fs::copy_file(SNSIM_SOURCE_DIR "/scenarios/quickstart.yaml", dir.path() / "quickstart.yaml");
  const std::vector<std::string> base = {"run",           "quickstart.yaml",       "--quiet",
                                         "--set",         "population.size=50000", "--set",
                                         "time.steps=100"};
  auto with = [&](const std::vector<std::string>& extra) { return joined(base, extra); };
  REQUIRE(snsim_run(dir.path(), with({"-o", "whole.h5"})).code == 0);
  const snsim::RunSeries whole = series_of(dir.path() / "whole.h5");

  for (const int sig : {SIGTERM, SIGINT}) {
    INFO("signal " << sig);
    const std::string out = sig == SIGTERM ? "term.h5" : "int.h5";
    const fs::path final_path = dir.path() / out;
    const fs::path ck_path = dir.path() / (out + ".checkpoint");
    // SIGTERM lands in the steps, after a scheduled checkpoint (so never after the run ended);
    // SIGINT as soon as the .partial results file exists, in set-up (a checkpoint of step 0):
    // snsim installs its handlers before it creates any file, so no sleep is needed, and none
    // could guarantee that the signal comes before the run ends on a loaded machine.
    const pid_t pid = start_snsim(
        dir.path(),
        with(sig == SIGTERM ? std::vector<std::string>{"-o", out, "--checkpoint-every", "5"}
                            : std::vector<std::string>{"-o", out}),
        2);
    if (sig == SIGTERM) {
      REQUIRE(wait_until_exists(ck_path));
    } else {
      REQUIRE(wait_until_exists(dir.path() / (out + ".partial")));
    }
    ::kill(pid, sig);
    const auto sent = std::chrono::steady_clock::now();
    const Outcome stopped = wait_for(dir.path(), pid);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
    INFO(stopped.err);
    REQUIRE(stopped.code == 75);
    CHECK(seconds < 10.0);
    CHECK(fs::exists(ck_path));
    CHECK_FALSE(fs::exists(final_path));
    CHECK_FALSE(fs::exists(dir.path() / (out + ".partial")));
    CHECK(stopped.err.find("--resume") != std::string::npos);

    // Without --resume, the checkpoint is not silently replaced.
    const Outcome again = snsim_run(dir.path(), with({"-o", out}));
    CHECK(again.code == 2);
    CHECK(lines(again.err) == 1);

    const Outcome resumed = snsim_run(dir.path(), with({"-o", out, "--resume"}), 3);
    INFO(resumed.err);
    REQUIRE(resumed.code == 0);
    CHECK_FALSE(fs::exists(ck_path));
    CHECK(first_difference(whole, series_of(final_path)) == "");
  }
}

TEST_CASE(
    "checkpoint_resume: --checkpoint-every survives SIGKILL, --stop-after stops, and a "
    "damaged or mismatched checkpoint is refused with exit code 2",
    "[checkpoint][hardening]") {
  TempDir dir;
  fs::copy_file(SNSIM_SOURCE_DIR "/scenarios/networking_growth.yaml",
                dir.path() / "networking_growth.yaml");
  const std::vector<std::string> base = {"run",          "networking_growth.yaml", "--quiet",
                                         "--set",        "population.size=60000",  "--set",
                                         "time.steps=30"};
  auto with = [&](const std::vector<std::string>& extra) { return joined(base, extra); };
  REQUIRE(snsim_run(dir.path(), with({"-o", "whole.h5"})).code == 0);
  const snsim::RunSeries whole = series_of(dir.path() / "whole.h5");

  // A job killed by its time limit: the last scheduled checkpoint is whole and resumes.
  const pid_t pid = start_snsim(dir.path(), with({"-o", "k.h5", "--checkpoint-every", "3"}), 2);
  REQUIRE(wait_until_exists(dir.path() / "k.h5.checkpoint"));
  ::kill(pid, SIGKILL);
  wait_for(dir.path(), pid);
  CHECK_FALSE(fs::exists(dir.path() / "k.h5"));
  const Outcome resumed = snsim_run(dir.path(), with({"-o", "k.h5", "--resume"}), 1);
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  CHECK(first_difference(whole, series_of(dir.path() / "k.h5")) == "");

  // --stop-after stops as a signal does, after a scheduled checkpoint.
  const Outcome stopped =
      snsim_run(dir.path(), with({"-o", "a.h5", "--checkpoint-every", "4", "--stop-after", "10"}));
  REQUIRE(stopped.code == 75);
  const fs::path ck = dir.path() / "a.h5.checkpoint";
  REQUIRE(fs::exists(ck));
  const std::string good = read_bytes(ck);

  {  // a truncated, damaged, mismatched or missing checkpoint: exit code 2 and one line
    write_bytes(ck, good.substr(0, good.size() / 2));
    Outcome o = snsim_run(dir.path(), with({"-o", "a.h5", "--resume"}));
    CHECK(o.code == 2);
    CHECK(lines(o.err) == 1);
    CHECK(o.err.find("truncated") != std::string::npos);

    std::string damaged = good;
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x10);
    write_bytes(ck, damaged);
    o = snsim_run(dir.path(), with({"-o", "a.h5", "--resume"}));
    CHECK(o.code == 2);
    CHECK(lines(o.err) == 1);
    CHECK(o.err.find("checksum") != std::string::npos);

    write_bytes(ck, good);
    o = snsim_run(dir.path(), with({"-o", "a.h5", "--resume", "--set", "population.size=60001"}));
    CHECK(o.code == 2);
    CHECK(lines(o.err) == 1);
    o = snsim_run(dir.path(), with({"-o", "a.h5", "--resume", "--seed", "99"}));
    CHECK(o.code == 2);
    CHECK(lines(o.err) == 1);

    o = snsim_run(dir.path(), with({"-o", "none.h5", "--resume"}));
    CHECK(o.code == 2);
    CHECK(lines(o.err) == 1);
    // Runs that cannot be checkpointed, and --resume without the output it continues.
    for (const auto& extra : std::vector<std::vector<std::string>>{
             {"-o", "b.h5", "--resume", "--twin", "seed=3"},
             {"-o", "b.h5", "--checkpoint-every", "2", "--twin", "population.size=60001"},
             {"-o", "b.h5", "--stop-after", "2", "--sweep-run", "0"},
             {"--resume"}}) {
      o = snsim_run(dir.path(), with(extra));
      CHECK(o.code == 2);
      CHECK(lines(o.err) == 1);
    }
    CHECK_FALSE(fs::exists(dir.path() / "a.h5"));
  }
  {  // the scheduled checkpoint, whole again, resumes bitwise
    const Outcome o = snsim_run(dir.path(), with({"-o", "a.h5", "--resume"}), 4);
    INFO(o.err);
    REQUIRE(o.code == 0);
    CHECK_FALSE(fs::exists(ck));
    CHECK(first_difference(whole, series_of(dir.path() / "a.h5")) == "");
  }
}

TEST_CASE(
    "checkpoint_resume: SIGTERM to snsim sweep leaves nothing under a final name, and "
    "sweep --resume finishes it as if uninterrupted",
    "[checkpoint][hardening]") {
  // A sweep checkpoints at run granularity (its runs folder); it installs no handler, so SIGTERM
  // ends it like SIGKILL, and its workers die with it (PR_SET_PDEATHSIG).
  TempDir dir;
  fs::copy_file(SNSIM_SOURCE_DIR "/scenarios/sweeps/budget_word_of_mouth.yaml",
                dir.path() / "s.yaml");
  const std::vector<std::string> base = {
      "sweep", "s.yaml", "--quiet", "--set", "population.size=20000", "--jobs", "2"};
  auto with = [&](const std::vector<std::string>& extra) { return joined(base, extra); };
  REQUIRE(snsim_run(dir.path(), with({"-o", "whole.h5"}), 1).code == 0);

  const pid_t pid = start_snsim(dir.path(), with({"-o", "cut.h5"}), 1);
  // Wait for the first finished part, then stop the sweep in the middle.
  bool part = false;
  for (int k = 0; k < 6000 && !part; ++k) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir.path() / "cut.h5.runs", ec))
      part = part || e.path().extension() == ".h5";
    if (!part) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(part);
  ::kill(pid, SIGTERM);
  const Outcome cut = wait_for(dir.path(), pid);
  CHECK(cut.code != 0);
  CHECK_FALSE(fs::exists(dir.path() / "cut.h5"));

  const Outcome resumed = snsim_run(dir.path(), with({"-o", "cut.h5", "--resume"}), 1);
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  const snsim::ResultsFile a = snsim::read_results((dir.path() / "whole.h5").string());
  const snsim::ResultsFile b = snsim::read_results((dir.path() / "cut.h5").string());
  REQUIRE(a.runs.size() == b.runs.size());
  for (std::size_t r = 0; r < a.runs.size(); ++r)
    CHECK(first_difference(a.runs[r].series, b.runs[r].series) == "");
}
