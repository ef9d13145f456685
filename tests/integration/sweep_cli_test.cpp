// `snsim sweep`, `snsim run --sweep-run` and `snsim merge` as real processes: a run alone equals
// the same run in the sweep, --jobs 2 equals --jobs 1, shards merged equal the whole sweep, a sweep
// killed with SIGKILL at random moments and resumed equals an uninterrupted one, and bad input is
// one line and exit code 2 with nothing existing overwritten. (MPI and Slurm: sweep_tests.cmake.)
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "snsim/io/results_reader.hpp"

namespace fs = std::filesystem;
using namespace snsim;

namespace {

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Folder {
 public:
  Folder() {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("snsim_sweep_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path operator/(const std::string& name) const { return dir_ / name; }
  const fs::path& path() const { return dir_; }

  /// Runs `snsim <args>` in this folder (args are shell words).
  Outcome snsim(const std::string& args) const {
    const std::string cmd = "cd '" + dir_.string() + "' && OMP_NUM_THREADS=1 '" SNSIM_BINARY "' " +
                            args + " >'" + (dir_ / ".out").string() + "' 2>'" +
                            (dir_ / ".err").string() + "'";
    const int status = std::system(cmd.c_str());
    Outcome o;
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = slurp(dir_ / ".out");
    o.err = slurp(dir_ / ".err");
    return o;
  }

 private:
  fs::path dir_;
};

const std::string kScenario =
    "name: tiny_sweep\nseed: 11\ntime: {steps: 8}\npopulation: {size: 300, communities: 3}\n"
    "brands:\n  - name: a\n    budget: {money_per_step: 20}\n  - name: b\n"
    "sweep:\n  grid:\n    brands[0].budget.money_per_step: [5, 80]\n"
    "    word_of_mouth.rate: [0.004, 0.02]\n  replicates: 2\n";

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

/// Checks that two runs hold the same series, value for value.
void require_same_series(const RunRecord& a, const RunRecord& b) {
  REQUIRE(a.index == b.index);
  REQUIRE(a.seed == b.seed);
  REQUIRE(a.parameters == b.parameters);
  REQUIRE(a.series.steps == b.series.steps);
  REQUIRE(a.series.metrics.size() == b.series.metrics.size());
  for (std::size_t m = 0; m < a.series.metrics.size(); ++m) {
    INFO("run " << a.index << " metric " << a.series.metrics[m].name);
    const auto& x = a.series.metrics[m].values;
    const auto& y = b.series.metrics[m].values;
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      REQUIRE((x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i]))));
  }
}

void require_same_results(const fs::path& a, const fs::path& b) {
  const ResultsFile x = read_results(a.string()), y = read_results(b.string());
  REQUIRE(x.runs.size() == y.runs.size());
  for (std::size_t r = 0; r < x.runs.size(); ++r) require_same_series(x.runs[r], y.runs[r]);
}

}  // namespace

TEST_CASE("sweep: --list, a run alone equals it in the sweep, --jobs 2 equals --jobs 1",
          "[integration][sweep]") {
  Folder f;
  write(f / "s.yaml", kScenario);
  const Outcome list = f.snsim("sweep s.yaml --list");
  REQUIRE(list.code == 0);
  CHECK(list.out.find("\n5 ") != std::string::npos);
  CHECK(list.out.find("brands[0].budget.money_per_step=5 word_of_mouth.rate=0.02") !=
        std::string::npos);

  REQUIRE(f.snsim("sweep s.yaml -o one.h5 --quiet").code == 0);
  REQUIRE(f.snsim("sweep s.yaml -o two.h5 --jobs 2 --quiet").code == 0);
  require_same_results(f / "one.h5", f / "two.h5");
  const ResultsFile sweep = read_results((f / "one.h5").string());
  REQUIRE(sweep.runs.size() == 8);
  CHECK(sweep.attributes.scenario_yaml.find("sweep:") != std::string::npos);

  REQUIRE(f.snsim("run s.yaml --sweep-run 5 -o alone.h5 --quiet").code == 0);
  const ResultsFile alone = read_results((f / "alone.h5").string());
  REQUIRE(alone.runs.size() == 1);
  require_same_series(alone.runs[0], sweep.runs[5]);
  // The run's own scenario is the base with its overrides, and no sweep block.
  CHECK(alone.attributes.scenario_yaml.find("sweep:") == std::string::npos);
  CHECK(alone.attributes.scenario_yaml.find("money_per_step: 5") != std::string::npos);

  // Shards 0/3, 1/3, 2/3 (one from Slurm's environment), then merge, equal the whole sweep.
  REQUIRE(f.snsim("sweep s.yaml -o sh.h5 --shard 0/3 --quiet").code == 0);
  REQUIRE(f.snsim("sweep s.yaml -o sh.h5 --shard 1/3 --quiet").code == 0);
  CHECK(!fs::exists(f / "sh.h5"));
  const Outcome partial_merge = f.snsim("merge -o sh.h5");
  CHECK(partial_merge.code == 1);
  CHECK(partial_merge.err.find("missing") != std::string::npos);
  CHECK(f.snsim("sweep s.yaml -o sh.h5 --quiet").code ==
        2);  // whole sweep into shards' folder: --resume
  REQUIRE(f.snsim("sweep s.yaml -o sh.h5 --quiet; SLURM_ARRAY_TASK_ID=7 SLURM_ARRAY_TASK_MIN=5 "
                  "SLURM_ARRAY_TASK_COUNT=3 '" SNSIM_BINARY "' sweep s.yaml -o sh.h5 --quiet")
              .code == 0);
  REQUIRE(f.snsim("merge -o sh.h5 sh.h5.runs").code == 0);
  require_same_results(f / "one.h5", f / "sh.h5");
}

TEST_CASE("sweep: bad input is one line, exit code 2, and nothing existing is overwritten",
          "[integration][sweep]") {
  Folder f;
  write(f / "s.yaml", kScenario);
  auto bad = [&](const std::string& args, const std::string& needle) {
    const Outcome o = f.snsim(args);
    INFO(args << " -> " << o.err);
    CHECK(o.code == 2);
    CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
    CHECK(o.err.rfind("snsim: ", 0) == 0);
    CHECK(o.err.find(needle) != std::string::npos);
  };
  write(f / "typo.yaml", kScenario.substr(0, kScenario.find("sweep:")) +
                             "sweep:\n  grid:\n    word_of_mouth.rat: [1, 2]\n");
  bad("sweep typo.yaml -o x.h5", "did you mean");
  write(f / "empty.yaml", kScenario.substr(0, kScenario.find("sweep:")) + "sweep:\n  grid: {}\n");
  bad("sweep empty.yaml -o x.h5", "grid is empty");
  write(f / "minmax.yaml", kScenario.substr(0, kScenario.find("sweep:")) +
                               "sweep:\n  random:\n    samples: 2\n    ranges:\n"
                               "      word_of_mouth.rate: {min: 0.5, max: 0.1}\n");
  bad("sweep minmax.yaml -o x.h5", "greater than max");
  write(f / "zero.yaml", kScenario.substr(0, kScenario.find("sweep:")) +
                             "sweep:\n  random:\n    samples: 0\n    ranges:\n"
                             "      word_of_mouth.rate: {min: 0.1, max: 0.5}\n");
  bad("sweep zero.yaml -o x.h5", "samples");
  bad("sweep s.yaml -o x.h5 --shard 3/2", "--shard 3/2");
  CHECK(!fs::exists(f / "x.h5"));
  CHECK(!fs::exists(f / "x.h5.runs"));

  // A finished sweep, then another scenario into the same output: refused, files untouched.
  REQUIRE(f.snsim("sweep s.yaml -o out.h5 --quiet").code == 0);
  const auto before = fs::last_write_time(f / "out.h5");
  bad("sweep s.yaml -o out.h5 --set seed=12 --resume", "different scenario");
  bad("sweep s.yaml -o out.h5", "--resume");
  CHECK(fs::last_write_time(f / "out.h5") == before);
  // Its runs folder alone also refuses another scenario.
  fs::remove(f / "out.h5");
  bad("sweep s.yaml -o out.h5 --set time.steps=9 --resume", "different scenario");
  bad("merge -o out.h5 out.h5.runs " + (f / "nowhere").string(), "not a sweep");
  REQUIRE(f.snsim("sweep s.yaml -o out.h5 --resume --quiet").code == 0);  // the right one finishes
  CHECK(fs::last_write_time(f / "out.h5") != before);
}

TEST_CASE(
    "sweep: killed with SIGKILL at random moments, --resume ends equal to an uninterrupted sweep",
    "[integration][sweep][slow]") {
  Folder f;
  // 24 runs of about 80 ms each (about 2 s in all), with parts closed every second, so that kills
  // land in runs, in part writes and in the merge, and a resumed sweep skips runs done before.
  std::string text = kScenario;
  text.replace(text.find("size: 300"), 9, "size: 3000");
  text.replace(text.find("steps: 8"), 8, "steps: 100");
  text.replace(text.find("replicates: 2"), 13, "replicates: 6");
  write(f / "s.yaml", text);
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(f.snsim("sweep s.yaml -o ref.h5 --quiet").code == 0);
  const auto sweep_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();

  // Kill between 5% and 80% of an uninterrupted sweep's time after each start. The reference ran
  // with one job, so the first attempt does too: with two it may end in about half that time,
  // before the kill, and no attempt would be cut (seen on an idle machine).
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<long> delay_ms(sweep_ms / 20, sweep_ms * 4 / 5);
  int kills = 0, kills_before_the_end = 0;
  std::size_t parts_seen = 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::setpgid(0, 0);
      if (::chdir(f.path().c_str()) != 0) ::_exit(99);
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::setenv("OMP_NUM_THREADS", "1", 1);
      ::execl(SNSIM_BINARY, SNSIM_BINARY, "sweep", "s.yaml", "-o", "out.h5", "--resume", "--jobs",
              attempt % 2 == 0 ? "1" : "2", static_cast<char*>(nullptr));
      ::_exit(98);
    }
    if (attempt == 0) {
      // The first kill lands as soon as the sweep has made its runs folder, so that at least one
      // kill cuts a sweep whatever the machine's load did to the reference's timing (a random
      // delay alone let a fast attempt finish first, now and then).
      for (int wait = 0; wait < 20000 && !fs::exists(f / "out.h5.runs"); ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    }
    kills += ::kill(-pid, SIGKILL) == 0;
    int status = 0;
    ::waitpid(pid, &status, 0);
    // Whatever is under a final name opens and reads back whole.
    std::size_t parts = 0;
    // A kill before the sweep made its runs folder leaves none (seen on a busy machine).
    if (fs::exists(f / "out.h5.runs"))
      for (const auto& e : fs::directory_iterator(f / "out.h5.runs"))
        if (e.path().extension() == ".h5") {
          ++parts;
          CHECK_NOTHROW(read_results(e.path().string()));
        }
    parts_seen = std::max(parts_seen, parts);
    if (fs::exists(f / "out.h5")) {
      CHECK_NOTHROW(read_results((f / "out.h5").string()));
      break;  // finished before the kill
    }
    kills_before_the_end += 1;
  }
  CHECK(kills_before_the_end > 0);
  INFO("part files kept from killed attempts: " << parts_seen);
  CHECK(kills > 0);
  const Outcome last = f.snsim("sweep s.yaml -o out.h5 --resume --quiet");
  REQUIRE(last.code == 0);
  require_same_results(f / "ref.h5", f / "out.h5");
  for (const auto& e : fs::recursive_directory_iterator(f.path())) {
    INFO(e.path());
    CHECK(e.path().string().find(".partial") == std::string::npos);
  }
}

TEST_CASE("sweep: a Sobol' design lists its blocks and runs through jobs and shards alike",
          "[integration][sweep]") {
  Folder f;
  write(f / "s.yaml",
        "name: tiny_sobol\nseed: 3\ntime: {steps: 5}\npopulation: {size: 200, communities: 2}\n"
        "brands:\n  - name: a\n    budget: {money_per_step: 20}\n  - name: b\n"
        "sweep:\n  sobol:\n    base_samples: 4\n    ranges:\n"
        "      brands[0].budget.money_per_step: {min: 5, max: 50}\n"
        "      word_of_mouth.rate: {distribution: truncated_normal, mean: 0.01, sd: 0.005, "
        "min: 0.001, max: 0.03}\n");
  const Outcome list = f.snsim("sweep s.yaml --list");
  REQUIRE(list.code == 0);
  CHECK(list.out.find("design: sobol") != std::string::npos);
  CHECK(list.out.find("= 16 runs") != std::string::npos);  // N (k + 2) = 4 x 4
  const Outcome csv = f.snsim("sweep s.yaml --list --csv");
  REQUIRE(csv.code == 0);
  CHECK(csv.out.rfind("index,seed,replicate,grid_point,design_sample,design_block,design_moved,"
                      "design_delta,unit:brands[0].budget.money_per_step,unit:word_of_mouth.rate,"
                      "brands[0].budget.money_per_step,word_of_mouth.rate\n",
                      0) == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 17);
  const Outcome bad = f.snsim("sweep s.yaml --csv -o x.h5");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--csv goes with --list") != std::string::npos);

  REQUIRE(f.snsim("sweep s.yaml -o two.h5 --jobs 2 --quiet").code == 0);
  REQUIRE(f.snsim("sweep s.yaml -o sh.h5 --shard 0/2 --quiet").code == 0);
  REQUIRE(f.snsim("sweep s.yaml -o sh.h5 --shard 1/2 --quiet").code == 0);
  REQUIRE(f.snsim("merge -o sh.h5 sh.h5.runs").code == 0);
  require_same_results(f / "two.h5", f / "sh.h5");
  const Outcome info = f.snsim("info two.h5");
  REQUIRE(info.code == 0);
}
