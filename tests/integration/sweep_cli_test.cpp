// `snsim sweep`, `snsim run --sweep-run` and `snsim merge` as real processes: a run alone equals
// the same run in the sweep, --jobs 2 equals --jobs 1, shards merged equal the whole sweep, a sweep
// killed with SIGKILL at random moments and resumed equals an uninterrupted one, and bad input is
// one line and exit code 2 with nothing existing overwritten. (MPI and Slurm: sweep_tests.cmake.)
#include <catch2/catch.hpp>

#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../support/snsim_command.hpp"
#include "snsim/io/results_reader.hpp"
#include "snsim/io/results_writer.hpp"
#include "snsim/sweep/run_store.hpp"

namespace fs = std::filesystem;
using namespace snsim;

using Folder = snsim::test_support::SnsimFolder;
using snsim::test_support::Outcome;
using snsim::test_support::start_snsim;
using snsim::test_support::write_bytes;

namespace {

const std::string kScenario =
    "name: tiny_sweep\nseed: 11\ntime: {steps: 8}\npopulation: {size: 300, communities: 3}\n"
    "brands:\n  - name: a\n    budget: {money_per_step: 20}\n  - name: b\n"
    "sweep:\n  grid:\n    brands[0].budget.money_per_step: [5, 80]\n"
    "    word_of_mouth.rate: [0.004, 0.02]\n  replicates: 2\n";

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
  write_bytes(f / "s.yaml", kScenario);
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
  CHECK(partial_merge.code == 2);
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
  write_bytes(f / "s.yaml", kScenario);
  auto bad = [&](const std::string& args, const std::string& needle) {
    const Outcome o = f.snsim(args);
    INFO(args << " -> " << o.err);
    CHECK(o.code == 2);
    CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
    CHECK(o.err.rfind("snsim: ", 0) == 0);
    CHECK(o.err.find(needle) != std::string::npos);
  };
  write_bytes(f / "typo.yaml", kScenario.substr(0, kScenario.find("sweep:")) +
                                   "sweep:\n  grid:\n    word_of_mouth.rat: [1, 2]\n");
  bad("sweep typo.yaml -o x.h5", "did you mean");
  write_bytes(f / "empty.yaml",
              kScenario.substr(0, kScenario.find("sweep:")) + "sweep:\n  grid: {}\n");
  bad("sweep empty.yaml -o x.h5", "grid is empty");
  write_bytes(f / "minmax.yaml", kScenario.substr(0, kScenario.find("sweep:")) +
                                     "sweep:\n  random:\n    samples: 2\n    ranges:\n"
                                     "      word_of_mouth.rate: {min: 0.5, max: 0.1}\n");
  bad("sweep minmax.yaml -o x.h5", "greater than max");
  write_bytes(f / "zero.yaml", kScenario.substr(0, kScenario.find("sweep:")) +
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
  write_bytes(f / "s.yaml", text);
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
    const pid_t pid = start_snsim(
        f.path(),
        {"sweep", "s.yaml", "-o", "out.h5", "--resume", "--jobs", attempt % 2 == 0 ? "1" : "2"}, 1,
        {}, true);
    REQUIRE(pid >= 0);
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
          const std::string hash = sweep_hash_of_results(e.path().string());
          CHECK(hash.size() == 16);
          CHECK_NOTHROW(read_part_runs(e.path().string(), hash));
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
  write_bytes(
      f / "s.yaml",
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

namespace {

/// Returns a scenario of `keys` brands whose sweep varies each brand's money_per_step over two
/// Latin-hypercube samples: 2 runs, one parameter column per key.
std::string sweep_of_keys(int keys) {
  std::string text =
      "name: keys\nseed: 5\ntime: {steps: 2}\npopulation: {size: 60, communities: 2}\nbrands:\n";
  for (int b = 0; b < keys; ++b) text += "  - name: b" + std::to_string(b) + "\n";
  text += "sweep:\n  latin_hypercube:\n    samples: 2\n    ranges:\n";
  for (int b = 0; b < keys; ++b)
    text += "      brands[" + std::to_string(b) +
            "].budget.money_per_step: {min: 1, max: 50, integer: true}\n";
  return text;
}

/// Rewrites a part file as snsim wrote them before packed runs: each run a group in the single-run
/// layout, and "part" without a version in the first line of its scenario.
void make_legacy_part(const fs::path& part) {
  const std::string hash = sweep_hash_of_results(part.string());
  REQUIRE(hash.size() == 16);
  const std::vector<RunRecord> runs = read_part_runs(part.string(), hash);
  REQUIRE_FALSE(runs.empty());
  fs::remove(part);
  ResultsAttributes attrs;
  attrs.snsim_version = "0.9.0";
  attrs.scenario_yaml = "# snsim-sweep " + hash + " part\nname: keys\n";
  ResultsWriter writer(part.string(), attrs);
  for (const RunRecord& run : runs) writer.write_run(run);
  writer.commit();
}

/// Rewrites every run group of a part file with its attributes in dense storage, as snsim wrote
/// them before it kept them compact (a run of 4 or more swept keys has more than 8 attributes).
void make_run_attributes_dense(const fs::path& part) {
  const hid_t file = H5Fopen(part.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t runs = H5Gopen2(file, "runs", H5P_DEFAULT);
  std::vector<std::string> names;
  H5Literate(
      runs, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &names);
  for (const std::string& name : names) {
    const hid_t from = H5Gopen2(runs, name.c_str(), H5P_DEFAULT);
    // As the writer made run groups, but with attributes always dense.
    const hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
    REQUIRE(H5Pset_link_creation_order(gcpl, order) >= 0);
    REQUIRE(H5Pset_attr_creation_order(gcpl, order) >= 0);
    REQUIRE(H5Pset_attr_phase_change(gcpl, 0, 0) >= 0);
    const hid_t to = H5Gcreate2(runs, "dense", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    REQUIRE(to >= 0);
    // Attributes one by one (read and written as they are stored).
    const hsize_t count = [&] {
      H5O_info_t info;
      H5Oget_info2(from, &info, H5O_INFO_NUM_ATTRS);
      return info.num_attrs;
    }();
    REQUIRE(count >= 9);
    for (hsize_t i = 0; i < count; ++i) {
      const hid_t a =
          H5Aopen_by_idx(from, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT);
      char attr_name[256];
      H5Aget_name(a, sizeof attr_name, attr_name);
      const hid_t type = H5Aget_type(a), space = H5Aget_space(a);
      std::vector<unsigned char> buf(64);
      REQUIRE(H5Aread(a, type, buf.data()) >= 0);
      const hid_t b = H5Acreate2(to, attr_name, type, space, H5P_DEFAULT, H5P_DEFAULT);
      REQUIRE(H5Awrite(b, type, buf.data()) >= 0);
      if (H5Tis_variable_str(type) > 0) H5Dvlen_reclaim(type, space, H5P_DEFAULT, buf.data());
      H5Aclose(b);
      H5Sclose(space);
      H5Tclose(type);
      H5Aclose(a);
    }
    // Members moved, not copied: the dimension scales keep their references.
    std::vector<std::string> members;
    H5Literate(
        from, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr,
        [](hid_t, const char* n, const H5L_info_t*, void* data) -> herr_t {
          static_cast<std::vector<std::string>*>(data)->emplace_back(n);
          return 0;
        },
        &members);
    for (const std::string& m : members)
      REQUIRE(H5Lmove(runs, (name + "/" + m).c_str(), runs, ("dense/" + m).c_str(), H5P_DEFAULT,
                      H5P_DEFAULT) >= 0);
    H5Gclose(from);
    H5Gclose(to);
    H5Pclose(gcpl);
    REQUIRE(H5Ldelete(runs, name.c_str(), H5P_DEFAULT) >= 0);
    REQUIRE(H5Lmove(runs, "dense", runs, name.c_str(), H5P_DEFAULT, H5P_DEFAULT) >= 0);
  }
  H5Gclose(runs);
  REQUIRE(H5Fclose(file) >= 0);
}

}  // namespace

TEST_CASE("sweep: sweeps of 1 to 20 keys merge, one column per key", "[integration][sweep]") {
  // Regression: from 4 swept keys a run group had more than 8 attributes (dense storage), and
  // libhdf5 1.10.8's H5Ocopy crashed on them in the merge (SIGSEGV; --resume crashed again).
  // Every count up to 5 (the crash began at 4: 9 attributes), then 8, 12 and 20.
  Folder f;
  for (int keys : {1, 2, 3, 4, 5, 8, 12, 20}) {
    INFO(keys << " swept keys");
    const std::string name = "k" + std::to_string(keys);
    write_bytes(f / (name + ".yaml"), sweep_of_keys(keys));
    const Outcome o = f.snsim("sweep " + name + ".yaml -o " + name + ".h5 --quiet");
    INFO(o.err);
    REQUIRE(o.code == 0);
    const ResultsFile r = read_results((f / (name + ".h5")).string());
    REQUIRE(r.runs.size() == 2);
    for (const RunRecord& run : r.runs) {
      REQUIRE(run.parameters.size() == static_cast<std::size_t>(keys));
      CHECK(run.parameters.back().first ==
            "brands[" + std::to_string(keys - 1) + "].budget.money_per_step");
    }
  }
}

TEST_CASE("resume and merge read part files of an older snsim (run groups, dense attributes)",
          "[integration][sweep]") {
  // Parts written before packed runs held each run as a group in the single-run layout (and, for
  // 4 or more keys, older ones had its attributes in dense storage): an interrupted sweep of that
  // version resumes and merges with this one.
  Folder f;
  write_bytes(f / "s.yaml", sweep_of_keys(6));
  REQUIRE(f.snsim("sweep s.yaml -o whole.h5 --quiet").code == 0);
  REQUIRE(f.snsim("sweep s.yaml -o old.h5 --shard 0/2 --quiet").code == 0);
  std::vector<fs::path> parts;
  for (const auto& entry : fs::directory_iterator(f / "old.h5.runs"))
    if (entry.path().extension() == ".h5") parts.push_back(entry.path());
  REQUIRE(parts.size() == 1);
  make_legacy_part(parts[0]);
  make_run_attributes_dense(parts[0]);
  REQUIRE(pending_runs((f / "old.h5.runs").string(), 2, sweep_hash_of_results(parts[0].string())) ==
          std::vector<std::uint64_t>{1});
  const Outcome resumed = f.snsim("sweep s.yaml -o old.h5 --resume --quiet");
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  // Run 0 was not run again: the one new part holds run 1 alone.
  const std::string hash = sweep_hash_of_results(parts[0].string());
  for (const auto& entry : fs::directory_iterator(f / "old.h5.runs"))
    if (entry.path().extension() == ".h5" && entry.path() != parts[0]) {
      const std::vector<RunRecord> runs = read_part_runs(entry.path().string(), hash);
      REQUIRE(runs.size() == 1);
      CHECK(runs[0].index == 1);
    }
  require_same_results(f / "whole.h5", f / "old.h5");
}
