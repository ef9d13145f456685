// The `snsim` command line, run as a real process: help, run, info, graph and validate on good
// input; on bad input exit code 2, exactly one "snsim: ..." line on stderr that names the place,
// nothing on stdout, and no results file (whole or partial) left behind.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "../support/snsim_command.hpp"
#include "../support/text_checks.hpp"
#include "snsim/io/results_reader.hpp"
#include "snsim/version.hpp"

namespace fs = std::filesystem;
using namespace snsim::test_support;

namespace {

/// A fresh temp folder per test, snsim running in its work() with two threads.
struct Sandbox : SnsimSandbox {
  Sandbox() : SnsimSandbox("OMP_NUM_THREADS=2") {}
};

/// A fast scenario: 500 agents, 5 steps, two brands.
const std::string kSmall =
    "name: small\n"
    "seed: 7\n"
    "time: {steps: 5}\n"
    "population: {size: 500, communities: 2}\n"
    "brands: [{name: alpha}, {name: beta}]\n";

/// One bad input: files to write, the arguments after the subcommand, what the error must name.
struct BadInput {
  std::string what;
  std::vector<std::pair<std::string, std::string>> files;
  std::string args;                ///< after `snsim run` / `snsim validate`
  std::vector<std::string> names;  ///< substrings the error line must contain
  bool for_validate = true;        ///< also a bad input for `snsim validate`
};

std::vector<BadInput> bad_inputs() {
  const std::string edge_scenario =
      "name: small\ntime: {steps: 5}\npopulation: {size: 500, communities: 2}\n"
      "network:\n  generator: edge_list\n  edge_list: {path: edges.txt}\n"
      "brands: [{name: alpha}]\n";
  return {
      {"malformed YAML",
       {{"bad.yaml",
         "name: small\npopulation: {size: 500\ntime: {steps: 5}\nbrands: [{name: a}]\n"}},
       "bad.yaml",
       {"bad.yaml:", "invalid YAML"}},
      {"an unknown key",
       {{"bad.yaml", kSmall + "seeed: 3\n"}},
       "bad.yaml",
       {"bad.yaml:6:1: seeed: ", "did you mean 'seed'"}},
      {"an out-of-range value",
       {{"bad.yaml",
         "time: {steps: 5}\npopulation: {size: 500, share: 1.5}\nbrands: [{name: a}]\n"}},
       "bad.yaml",
       {"bad.yaml:2:", "population.share: ", "[0, 1]"}},
      {"an unknown generator",
       {{"bad.yaml", kSmall + "network: {generator: holme_kimm}\n"}},
       "bad.yaml",
       {"bad.yaml:6:", "network.generator: ", "did you mean 'holme_kim'"}},
      {"a missing edge list",
       {{"bad.yaml", edge_scenario}},
       "bad.yaml",
       {"bad.yaml:6:", "network.edge_list.path: ", "edges.txt"}},
      {"an edge list with a bad line",
       {{"bad.yaml", edge_scenario}, {"edges.txt", "# ties\n0 1\n1 2\nfoo bar\n"}},
       "bad.yaml",
       {"bad.yaml:6:", "network.edge_list.path: ", "edges.txt:4: "}},
      {"an output folder that does not exist",
       {{"good.yaml", kSmall}},
       "good.yaml -o nodir/out.h5",
       {"nodir"},
       false},
      {"a file used as the output folder",
       {{"good.yaml", kSmall}, {"some_file.txt", "hello\n"}},
       "good.yaml -o some_file.txt/out.h5",
       {"some_file.txt"},
       false},
      {"an output folder under /proc",
       {{"good.yaml", kSmall}},
       "good.yaml -o /proc/out.h5",
       {"/proc/out.h5"},
       false},
      {"an unknown flag", {{"good.yaml", kSmall}}, "good.yaml --bogus", {"--bogus"}},
      {"--threads 0", {{"good.yaml", kSmall}}, "good.yaml --threads 0", {"--threads"}, false},
      {"--set with no '='",
       {{"good.yaml", kSmall}},
       "good.yaml --set time.steps",
       {"--set time.steps", "key.path=value"}},
      {"--set with a bad value",
       {{"good.yaml", kSmall}},
       "good.yaml --set time.steps=abc",
       {"--set time.steps=abc: time.steps: "}},
      {"a missing scenario file", {}, "nope.yaml", {"nope.yaml"}},
      {"a negative --seed, reported as typed",
       {{"good.yaml", kSmall}},
       "good.yaml --seed -3",
       {"--seed", "from 0 to 18446744073709551615, got '-3'"},
       false},
      {"a --seed above 2^64 - 1",
       {{"good.yaml", kSmall}},
       "good.yaml --seed 18446744073709551616",
       {"--seed", "got '18446744073709551616'"},
       false},
      {"an empty -o", {{"good.yaml", kSmall}}, "good.yaml -o ''", {"-o/--output is empty"}, false},
  };
}

/// Checks the contract of a bad input: code 2, one "snsim: " line naming the place, silent
/// stdout, no results file left behind.
void check_rejected(const Sandbox& box, const Outcome& o, const std::vector<std::string>& names) {
  INFO("stdout: " << o.out);
  INFO("stderr: " << o.err);
  CHECK(o.code == 2);
  CHECK(line_count(o.err) == 1);
  CHECK(o.err.rfind("snsim: ", 0) == 0);
  for (const auto& n : names) CHECK(contains(o.err, n));
  CHECK(o.out.empty());
  CHECK_FALSE(contains(o.out, "wrote"));
  CHECK(box.results_files().empty());
}

}  // namespace

TEST_CASE("every subcommand's --help exits 0 and prints its usage", "[cli]") {
  Sandbox box;
  for (const std::string args :
       {"--help", "run --help", "validate --help", "info --help", "graph --help"}) {
    INFO("snsim " << args);
    const Outcome o = box.snsim(args);
    CHECK(o.code == 0);
    CHECK(contains(o.out, "Usage:"));
    CHECK(o.err.empty());
  }
  CHECK(contains(box.snsim("run --help").out, "--set"));
  CHECK(contains(box.snsim("run --help").out, "--overwrite"));
}

TEST_CASE("snsim with no subcommand exits 2 with one line", "[cli]") {
  Sandbox box;
  const Outcome o = box.snsim("");
  CHECK(o.code == 2);
  CHECK(line_count(o.err) == 1);
  CHECK(o.err.rfind("snsim: ", 0) == 0);
}

TEST_CASE("snsim --version prints the version and the git commit it was built from", "[cli]") {
  Sandbox box;
  const Outcome o = box.snsim("--version");
  CHECK(o.code == 0);
  CHECK(o.err.empty());
  const std::string prefix = std::string("snsim ") + snsim::kVersion + " (commit ";
  INFO("stdout: " << o.out);
  REQUIRE(o.out.rfind(prefix, 0) == 0);
  REQUIRE(o.out.size() > prefix.size() + 2);
  CHECK(o.out.substr(o.out.size() - 2) == ")\n");
  const std::string commit = o.out.substr(prefix.size(), o.out.size() - prefix.size() - 2);
  CHECK_FALSE(commit.empty());
  // Semantic versioning: MAJOR.MINOR.PATCH.
  int dots = 0;
  for (const char* c = snsim::kVersion; *c; ++c) dots += *c == '.';
  CHECK(dots == 2);
  // Built from a git checkout with git installed: the commit is HEAD's (as of the last build,
  // which ctest follows), not "unknown".
  std::string hash;
  const std::string git =
      "git -C " + shell_quote(SNSIM_SOURCE_DIR) + " rev-parse --short HEAD 2>/dev/null";
  if (FILE* pipe = ::popen(git.c_str(), "r")) {
    char buf[128];
    while (std::fgets(buf, sizeof buf, pipe)) hash += buf;
    if (::pclose(pipe) != 0) hash.clear();
  }
  if (!hash.empty()) {
    hash = hash.substr(0, hash.find('\n'));
    INFO("HEAD " << hash << " (a binary built before the last commit fails here: rebuild it)");
    CHECK(contains(commit, hash));
  }
}

TEST_CASE("run writes results/<name>.h5, then numbers the next run and keeps the first intact",
          "[cli]") {
  Sandbox box;
  fs::copy_file(SNSIM_SOURCE_DIR "/scenarios/quickstart.yaml", box.work() / "quickstart.yaml");
  const Outcome first = box.snsim("run quickstart.yaml");
  INFO("stderr: " << first.err);
  REQUIRE(first.code == 0);
  for (const char* brand : {"broadcaster", "networker", "mixed"}) CHECK(contains(first.out, brand));
  for (const char* column : {"reach", "aware", "conversions", "ROI"})
    CHECK(contains(first.out, column));
  CHECK(contains(first.out, "wrote results/quickstart.h5"));
  const fs::path one = box.work() / "results" / "quickstart.h5";
  REQUIRE(fs::exists(one));
  const std::string bytes = read_bytes(one);
  CHECK(bytes.size() > 1000);

  const Outcome second = box.snsim("run quickstart.yaml");
  REQUIRE(second.code == 0);
  CHECK(contains(second.out, "wrote results/quickstart-2.h5"));
  CHECK(fs::exists(box.work() / "results" / "quickstart-2.h5"));
  CHECK(read_bytes(one) == bytes);
  // No temporary file survives a complete run.
  for (const auto& f : box.results_files())
    CHECK((f == "results/quickstart.h5" || f == "results/quickstart-2.h5"));
}

TEST_CASE("run --quiet prints only the results path", "[cli]") {
  Sandbox box;
  box.write("small.yaml", kSmall);
  const Outcome o = box.snsim("run small.yaml --quiet");
  REQUIRE(o.code == 0);
  CHECK(o.out == "results/small.h5\n");
  CHECK(fs::exists(box.work() / "results" / "small.h5"));
}

TEST_CASE("run -o onto an existing file needs --overwrite and leaves it unchanged otherwise",
          "[cli]") {
  Sandbox box;
  box.write("small.yaml", kSmall);
  REQUIRE(box.snsim("run small.yaml -o existing.h5").code == 0);
  const std::string bytes = read_bytes(box.work() / "existing.h5");
  REQUIRE_FALSE(bytes.empty());

  const Outcome o = box.snsim("run small.yaml -o existing.h5 --set seed=8");
  INFO("stderr: " << o.err);
  CHECK(o.code == 2);
  CHECK(line_count(o.err) == 1);
  CHECK(o.err.rfind("snsim: ", 0) == 0);
  CHECK(contains(o.err, "existing.h5"));
  CHECK(contains(o.err, "--overwrite"));
  CHECK(o.out.empty());
  CHECK(read_bytes(box.work() / "existing.h5") == bytes);
  CHECK(box.results_files() == std::vector<std::string>{"existing.h5"});

  const Outcome forced = box.snsim("run small.yaml -o existing.h5 --set seed=8 --overwrite");
  CHECK(forced.code == 0);
  CHECK(read_bytes(box.work() / "existing.h5") != bytes);
  CHECK(box.results_files() == std::vector<std::string>{"existing.h5"});
}

TEST_CASE("info names the metrics of a results file", "[cli]") {
  Sandbox box;
  box.write("small.yaml", kSmall);
  REQUIRE(box.snsim("run small.yaml -o small.h5 --quiet").code == 0);
  const Outcome o = box.snsim("info small.h5");
  INFO("stderr: " << o.err);
  CHECK(o.code == 0);
  for (const char* metric :
       {"reach", "aware", "engaged", "visits", "conversions", "cost", "revenue", "roi"})
    CHECK(contains(o.out, metric));
  CHECK(contains(o.out, "alpha"));
  CHECK(contains(o.out, "beta"));
}

TEST_CASE("info on a file that is not a results file exits 2 with one line", "[cli]") {
  Sandbox box;
  box.write("notes.h5", "not hdf5\n");
  const Outcome o = box.snsim("info notes.h5");
  CHECK(o.code == 2);
  CHECK(line_count(o.err) == 1);
  CHECK(o.err.rfind("snsim: ", 0) == 0);
  CHECK(contains(o.err, "notes.h5"));
  const Outcome missing = box.snsim("info missing.h5");
  CHECK(missing.code == 2);
  CHECK(line_count(missing.err) == 1);
}

TEST_CASE("graph prints statistics and writes GraphML and edge lists", "[cli]") {
  Sandbox box;
  box.write("small.yaml", kSmall);
  const Outcome g = box.snsim("graph small.yaml -o x.graphml");
  INFO("stderr: " << g.err);
  REQUIRE(g.code == 0);
  for (const char* word : {"agents", "ties", "clustering"}) CHECK(contains(g.out, word));
  CHECK(contains(g.out, "500"));
  CHECK(contains(g.out, "wrote x.graphml"));
  CHECK(read_bytes(box.work() / "x.graphml").rfind("<?xml", 0) == 0);

  const Outcome t = box.snsim("graph small.yaml -o x.txt");
  REQUIRE(t.code == 0);
  for (const char* word : {"agents", "ties", "clustering"}) CHECK(contains(t.out, word));
  const std::string edges = read_bytes(box.work() / "x.txt");
  CHECK(contains(edges, "\n0 "));

  // The same graph again (same seed): the edge list is identical.
  const Outcome again = box.snsim("graph small.yaml -o x.txt");
  CHECK(again.code == 2);  // exists already, no --overwrite
  CHECK(box.snsim("graph small.yaml -o y.txt").code == 0);
  CHECK(read_bytes(box.work() / "y.txt") == edges);
}

TEST_CASE("validate prints the resolved scenario, and --keys lists every key path", "[cli]") {
  Sandbox box;
  box.write("small.yaml", kSmall);
  const Outcome o = box.snsim("validate small.yaml --set brands[1].name=gamma");
  CHECK(o.code == 0);
  CHECK(contains(o.out, "is valid"));
  CHECK(contains(o.out, "interest_spread: 0.5"));
  CHECK(contains(o.out, "name: gamma"));
  const Outcome k = box.snsim("validate --keys");
  CHECK(k.code == 0);
  CHECK(contains(k.out, "population.activity.mean\n"));
  CHECK(contains(k.out, "brands[].budget.money_per_step\n"));
  CHECK(contains(k.out, "network.edge_list.path\n"));
}

TEST_CASE("run rejects each bad input with exit 2, one line naming the place, no results file",
          "[cli]") {
  for (const BadInput& bad : bad_inputs()) {
    INFO("bad input: " << bad.what << " (snsim run " << bad.args << ")");
    Sandbox box;
    for (const auto& [name, text] : bad.files) box.write(name, text);
    check_rejected(box, box.snsim("run " + bad.args), bad.names);
    CHECK_FALSE(fs::exists(box.work() / "results" / "small.h5"));
  }
}

TEST_CASE("run rejects an output folder without write permission", "[cli]") {
  Sandbox box;
  box.write("good.yaml", kSmall);
  fs::create_directories(box.work() / "locked");
  fs::permissions(box.work() / "locked", fs::perms::owner_read | fs::perms::owner_exec |
                                             fs::perms::group_read | fs::perms::group_exec |
                                             fs::perms::others_read | fs::perms::others_exec);
  if (::access((box.work() / "locked").c_str(), W_OK) == 0) {
    // root ignores permissions; "a file used as the output folder" covers this case instead.
    SUCCEED("running as root: the read-only folder is writable, check skipped");
    return;
  }
  check_rejected(box, box.snsim("run good.yaml -o locked/out.h5"), {"locked"});
}

TEST_CASE("validate rejects each bad scenario with exit 2 and one line", "[cli]") {
  for (const BadInput& bad : bad_inputs()) {
    if (!bad.for_validate) continue;
    INFO("bad input: " << bad.what << " (snsim validate " << bad.args << ")");
    Sandbox box;
    for (const auto& [name, text] : bad.files) box.write(name, text);
    check_rejected(box, box.snsim("validate " + bad.args), bad.names);
  }
}

TEST_CASE("run, merge and resume refuse FIFOs and devices as inputs at once", "[cli]") {
  // A FIFO with no writer blocked snsim forever; /dev/zero was read until memory ran out. Each
  // must be refused in one line with exit 2 (timeout: a regression fails instead of hanging).
  Sandbox box;
  box.write("small.yaml", kSmall);
  const std::string timeout = "timeout -s KILL 60";
  // The FIFOs made here have results-like names: check the line and the outputs by name.
  const auto refused = [&](const Outcome& o, const std::vector<std::string>& names) {
    INFO("stderr: " << o.err);
    CHECK(o.code == 2);
    CHECK(line_count(o.err) == 1);
    CHECK(o.err.rfind("snsim: ", 0) == 0);
    for (const auto& n : names) CHECK(contains(o.err, n));
    CHECK(o.out.empty());
    for (const char* out : {"out.h5", "out.h5.partial", "m.h5", "m.h5.partial"})
      CHECK_FALSE(fs::exists(box.work() / out));
  };
  REQUIRE(::mkfifo((box.work() / "fifo.yaml").c_str(), 0644) == 0);
  check_rejected(box, box.snsim("run fifo.yaml", timeout), {"fifo.yaml", "named pipe"});
  check_rejected(box, box.snsim("validate fifo.yaml", timeout), {"fifo.yaml", "named pipe"});
  check_rejected(box, box.snsim("graph fifo.yaml", timeout), {"fifo.yaml", "named pipe"});
  check_rejected(box, box.snsim("run /dev/urandom", timeout), {"/dev/urandom", "device"});
  // A checkpoint that is a FIFO.
  REQUIRE(::mkfifo((box.work() / "out.h5.checkpoint").c_str(), 0644) == 0);
  refused(box.snsim("run small.yaml -o out.h5 --resume", timeout),
          {"--resume: ", "out.h5.checkpoint", "named pipe"});
  fs::remove(box.work() / "out.h5.checkpoint");
  // A results file for info, a sweep's manifest and a part file for merge.
  REQUIRE(::mkfifo((box.work() / "fifo.h5").c_str(), 0644) == 0);
  refused(box.snsim("info fifo.h5", timeout), {"fifo.h5", "named pipe"});
  fs::create_directories(box.work() / "m.h5.runs");
  REQUIRE(::mkfifo((box.work() / "m.h5.runs/sweep.txt").c_str(), 0644) == 0);
  refused(box.snsim("merge -o m.h5", timeout), {"m.h5.runs", "named pipe"});
  box.write("sweep.yaml", kSmall + "sweep:\n  grid:\n    word_of_mouth.rate: [0.004, 0.02]\n");
  REQUIRE(box.snsim("sweep sweep.yaml -o s.h5 --shard 0/1 --quiet", timeout).code == 0);
  REQUIRE(::mkfifo((box.work() / "s.h5.runs/part_000000_fifo.h5").c_str(), 0644) == 0);
  const Outcome merge = box.snsim("merge -o s.h5", timeout);
  INFO(merge.err);
  CHECK(merge.code == 2);
  CHECK(line_count(merge.err) == 1);
  CHECK(contains(merge.err, "part_000000_fifo.h5: a named pipe"));
  CHECK_FALSE(fs::exists(box.work() / "s.h5"));
}

TEST_CASE("seeds are exact 64-bit integers from the scenario and --seed to the results file",
          "[cli]") {
  // Through a double, 2^64 - 1 and 2^64 - 2 (and 2^53 and 2^53 + 1) were the same seed.
  Sandbox box;
  box.write("small.yaml", kSmall);
  box.write("big_seed.yaml",
            "seed: 9007199254740993\n" + kSmall.substr(kSmall.find("time:")) + "name: small\n");
  const std::string top = "18446744073709551615", below = "18446744073709551614";
  REQUIRE(box.snsim("run small.yaml -o a.h5 --quiet --seed " + top).code == 0);
  REQUIRE(box.snsim("run small.yaml -o b.h5 --quiet --seed " + below).code == 0);
  REQUIRE(box.snsim("run big_seed.yaml -o c.h5 --quiet").code == 0);
  REQUIRE(box.snsim("run small.yaml -o d.h5 --quiet --set seed=9007199254740992").code == 0);
  const auto info = [&](const std::string& file) { return box.snsim("info " + file).out; };
  CHECK(contains(info("a.h5"), "seed " + top + ","));
  CHECK(contains(info("b.h5"), "seed " + below + ","));
  CHECK(contains(info("c.h5"), "seed 9007199254740993,"));
  CHECK(contains(info("d.h5"), "seed 9007199254740992,"));
  // Seeds one apart give different runs.
  const snsim::ResultsFile a = snsim::read_results((box.work() / "a.h5").string());
  const snsim::ResultsFile b = snsim::read_results((box.work() / "b.h5").string());
  REQUIRE(a.runs.size() == 1);
  REQUIRE(b.runs.size() == 1);
  CHECK(a.runs[0].seed == 18446744073709551615ULL);
  CHECK(b.runs[0].seed == 18446744073709551614ULL);
  bool differ = false;
  for (std::size_t m = 0; m < a.runs[0].series.metrics.size(); ++m)
    differ = differ || a.runs[0].series.metrics[m].values != b.runs[0].series.metrics[m].values;
  CHECK(differ);
  const Outcome list = box.snsim("validate big_seed.yaml");
  CHECK(contains(list.out, "seed: 9007199254740993"));
}

TEST_CASE("run refuses a scenario whose memory estimate exceeds the memory available", "[cli]") {
  Sandbox box;
  box.write("huge.yaml",
            "name: huge\ntime: {steps: 5}\npopulation: {size: 4000000000}\n"
            "brands: [{name: alpha}]\n");
  const Outcome o = box.snsim("run huge.yaml -o huge.h5");
  check_rejected(box, o,
                 {"huge.yaml: ", "GiB of memory (estimated), but", "--ignore-memory-estimate"});
  // The flag is accepted (here on a run that fits).
  box.write("small.yaml", kSmall);
  CHECK(box.snsim("run small.yaml -o small.h5 --quiet --ignore-memory-estimate").code == 0);
}

TEST_CASE("under mpirun with several ranks, commands that cannot share the work refuse in one line",
          "[cli]") {
  // Every rank would run the same work into the same files. Rank 0 says so; the others are silent.
  Sandbox box;
  box.write("small.yaml", kSmall);
  const Outcome rank0 =
      box.snsim("run small.yaml -o x.h5", "OMPI_COMM_WORLD_SIZE=3 OMPI_COMM_WORLD_RANK=0");
  check_rejected(box, rank0, {"mpirun", "3 ranks"});
  const Outcome rank2 = box.snsim("run small.yaml -o x.h5", "PMI_SIZE=3 PMI_RANK=2");
  CHECK(rank2.code == 2);
  CHECK(rank2.err.empty());
  check_rejected(box, box.snsim("graph small.yaml", "PMIX_RANK=0 PMIX_SIZE=2"), {"mpirun"});
  // One rank, or validate and info, are fine.
  CHECK(
      box.snsim("run small.yaml -o one.h5 --quiet", "OMPI_COMM_WORLD_SIZE=1 OMPI_COMM_WORLD_RANK=0")
          .code == 0);
  CHECK(box.snsim("validate small.yaml", "OMPI_COMM_WORLD_SIZE=3 OMPI_COMM_WORLD_RANK=0").code ==
        0);
}

TEST_CASE("graph -o refuses an unknown extension unless --format names one", "[cli]") {
  Sandbox box;
  box.write("small.yaml", kSmall);
  check_rejected(box, box.snsim("graph small.yaml -o g.csv"), {"g.csv", "unknown extension"});
  CHECK_FALSE(fs::exists(box.work() / "g.csv"));
  check_rejected(box, box.snsim("graph small.yaml -o ''"), {"-o/--output is empty"});
  CHECK(box.snsim("graph small.yaml -o g.csv --format edgelist").code == 0);
  CHECK(box.snsim("graph small.yaml -o g.edges").code == 0);
}
