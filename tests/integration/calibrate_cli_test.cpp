// `snsim calibrate` as a real process: it recovers the Bass rates of data snsim simulated (the
// 95% interval covers the truth), --jobs 2 gives the same posterior as --jobs 1, bitwise, a
// calibration killed with SIGKILL and resumed gives that posterior too, and bad input (observed
// file, calibrate block) is one line naming file:line or the key, exit code 2, nothing written.
#include <catch2/catch.hpp>

#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../support/snsim_command.hpp"

namespace fs = std::filesystem;

using Folder = snsim::test_support::SnsimFolder;
using snsim::test_support::Outcome;
using snsim::test_support::start_snsim;
using snsim::test_support::write_bytes;

namespace {

/// Returns a float64 or int64 dataset of a file as raw bytes (for bitwise comparison) and its
/// element count.
std::vector<unsigned char> dataset_bytes(const fs::path& file, const std::string& name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t d = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t type = H5Dget_type(d);
  const hid_t space = H5Dget_space(d);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  const bool integer = H5Tget_class(type) == H5T_INTEGER;
  std::vector<unsigned char> bytes(n * 8);
  if (n > 0)
    REQUIRE(H5Dread(d, integer ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                    H5P_DEFAULT, bytes.data()) >= 0);
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(d);
  H5Fclose(f);
  return bytes;
}

std::vector<double> doubles(const fs::path& file, const std::string& name) {
  const auto bytes = dataset_bytes(file, name);
  std::vector<double> out(bytes.size() / 8);
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

/// Checks that two posterior files hold the same numbers, bitwise.
void require_same_posterior(const fs::path& a, const fs::path& b) {
  for (const char* name :
       {"posterior/particles", "posterior/weights", "posterior/distances", "posterior/summaries",
        "generations/000/particles", "generations/001/particles", "generations/001/weights",
        "summaries/scale", "predictive/particle", "predictive/summaries", "predictive/series"}) {
    INFO(name);
    CHECK(dataset_bytes(a, name) == dataset_bytes(b, name));
  }
}

/// The Bass special case (scenarios/calibration/bass_recovery.yaml), small: p through the
/// broadcast's awareness chance a, q = word_of_mouth.rate.
std::string bass(int people, int steps, const std::string& calibrate) {
  return "name: bass_small\nseed: 5\ntime: {steps: " + std::to_string(steps) +
         "}\npopulation: {size: " + std::to_string(people) +
         ", communities: 1}\nnetwork: {generator: complete}\n"
         "funnel:\n  broadcast: {aware: 0.4, engage: 0, visit: 0}\n"
         "  referral: {aware: 1, engage: 0, visit: 0}\n"
         "  advocate_per_step: 0\n  churn_per_step: 0\n  repurchase_per_step: 0\n"
         "word_of_mouth:\n  rate: 0.15\n"
         "  talk_weight: {unaware: 0, aware: 1, engaged: 1, visitor: 1, customer: 1, advocate: 1}\n"
         "economics: {cpm: 10}\n"
         "brands:\n  - name: brand\n    budget: {money_per_step: 0.5, hours_per_step: 0}\n"
         "    strategy: {broadcast: 1.0}\n" +
         calibrate;
}

const std::string kPriors =
    "calibrate:\n  priors:\n    funnel.broadcast.aware: {min: 0.05, max: 1}\n"
    "    word_of_mouth.rate: {distribution: log_uniform, min: 0.02, max: 0.5}\n";

/// A calibration of a few dozen runs, for determinism and resume.
std::string tiny() {
  return bass(300, 20,
              kPriors +
                  "  summaries:\n    - {metric: aware, brand: brand, statistic: series}\n"
                  "    - {metric: aware, brand: brand, statistic: peak}\n"
                  "  population: 12\n  stop: {max_generations: 3, max_runs: 200}\n"
                  "  predictive: 3\n");
}

const std::string kObserved =
    "# aware, every 4 days\nstep,metric,brand,value\n0,aware,brand,5\n4,aware,brand,40\n"
    "8,aware,brand,120\n12,aware,brand,220\n16,aware,brand,280\n";

}  // namespace

TEST_CASE("calibrate: the Bass rates of snsim's own data are recovered (95% intervals cover them)",
          "[integration][calibrate]") {
  Folder f;
  const std::string text =
      bass(500, 30,
           kPriors +
               "  summaries:\n    - {metric: aware, brand: brand, statistic: series}\n"
               "  population: 30\n  tolerance: {quantile: 0.5}\n"
               "  stop: {max_generations: 3, max_runs: 1000}\n  predictive: 2\n");
  write_bytes(f / "bass.yaml", text);
  // The observed data: a run at the true values (a = 0.4, r = 0.15) with another seed, read
  // from its results file (every step of `aware`).
  REQUIRE(f.snsim("run bass.yaml --seed 77 -o truth.h5 --quiet").code == 0);
  const auto t0 = std::chrono::steady_clock::now();
  const Outcome o = f.snsim("calibrate bass.yaml --target truth.h5 -o post.h5 --jobs 2");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(o.err.find("generation 2:") != std::string::npos);
  WARN("Bass recovery: " << seconds << " s; " << o.out);
  const auto particles = doubles(f / "post.h5", "posterior/particles");
  const auto weights = doubles(f / "post.h5", "posterior/weights");
  REQUIRE(particles.size() == 2 * weights.size());
  const double truth[2] = {0.4, 0.15}, prior_width[2] = {0.95, 0.48};
  for (int a = 0; a < 2; ++a) {
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return particles[2 * x + a] < particles[2 * y + a];
    });
    double c = 0, lo = NAN, hi = NAN;
    for (std::size_t i : order) {
      c += weights[i];
      if (std::isnan(lo) && c >= 0.025) lo = particles[2 * i + a];
      if (std::isnan(hi) && c >= 0.975) hi = particles[2 * i + a];
    }
    INFO("parameter " << a << ": 95% interval [" << lo << ", " << hi << "], truth " << truth[a]);
    CHECK(lo <= truth[a]);
    CHECK(truth[a] <= hi);
    // The data taught something, even after 150 runs (3 generations of 30: a CI-sized study;
    // the shipped example's 1700 runs narrow it further, docs/calibration.md).
    CHECK(hi - lo < 0.9 * prior_width[a]);
  }
  // No working folder is left once the posterior file is written.
  CHECK_FALSE(fs::exists(f / "post.h5.calib"));
}

TEST_CASE("calibrate: --jobs 2 equals --jobs 1, and a kill at any moment resumes to the same",
          "[integration][calibrate]") {
  Folder f;
  write_bytes(f / "c.yaml", tiny());
  write_bytes(f / "obs.csv", kObserved);
  const std::string args = "calibrate c.yaml --target obs.csv --quiet";
  REQUIRE(f.snsim(args + " -o one.h5 --jobs 1").code == 0);
  REQUIRE(f.snsim(args + " -o two.h5 --jobs 2").code == 0);
  require_same_posterior(f / "one.h5", f / "two.h5");

  // Existing output or working folder: refused without --resume, nothing overwritten.
  const Outcome again = f.snsim(args + " -o one.h5");
  CHECK(again.code == 2);
  CHECK(again.err.find("--resume") != std::string::npos);
  CHECK(f.snsim(args + " -o one.h5 --resume").code == 0);  // complete already

  // Kills: the first as soon as the working folder exists, then at random moments.
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<long> delay_ms(50, 800);
  int kills_before_the_end = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const pid_t pid = start_snsim(f.path(),
                                  {"calibrate", "c.yaml", "--target", "obs.csv", "-o", "killed.h5",
                                   "--resume", "--jobs", attempt % 2 == 0 ? "2" : "1"},
                                  1, {}, true);
    REQUIRE(pid >= 0);
    if (attempt == 0) {
      for (int wait = 0; wait < 20000 && !fs::exists(f / "killed.h5.calib"); ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    }
    ::kill(-pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (fs::exists(f / "killed.h5")) break;  // finished before the kill
    ++kills_before_the_end;
  }
  CHECK(kills_before_the_end > 0);
  REQUIRE(f.snsim(args + " -o killed.h5 --resume").code == 0);
  require_same_posterior(f / "one.h5", f / "killed.h5");
  for (const auto& e : fs::directory_iterator(f.path())) {
    INFO(e.path());
    CHECK(e.path().string().find(".tmp") == std::string::npos);
  }
}

TEST_CASE("calibrate: bad input is one line naming file:line or the key, exit 2, nothing written",
          "[integration][calibrate]") {
  Folder f;
  write_bytes(f / "c.yaml", tiny());
  struct Case {
    std::string what, scenario, observed, expect, place;
  };
  const std::string ok = tiny();
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string t = ok;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    return t;
  };
  const std::string head = "step,metric,brand,value\n";
  const std::vector<Case> cases = {
      {"unknown metric", ok, head + "0,awre,brand,3\n", "did you mean 'aware'", "obs.csv:2:3:"},
      {"unknown brand", ok, head + "0,aware,brnd,3\n", "did you mean 'brand'", "obs.csv:2:9:"},
      {"step beyond the scenario", ok, head + "20,aware,brand,3\n", "beyond the scenario's 20",
       "obs.csv:2:1:"},
      {"non-numeric value", ok, head + "0,aware,brand,lots\n", "is not a number", "obs.csv:2:15:"},
      {"missing value", ok, head + "0,aware,brand,\n", "missing value", "obs.csv:2:"},
      {"duplicate row", ok, head + "0,aware,brand,1\n# again\n0,aware,brand,2\n", "also on line 2",
       "obs.csv:4:"},
      {"wrong header", ok, "time,metric,brand,value\n", "expected the header", "obs.csv:1:"},
      {"summary of a metric absent from the pipeline",
       with("{metric: aware, brand: brand, statistic: peak}",
            "{metric: awareness, brand: brand, statistic: peak}"),
       kObserved, "calibrate.summaries[1].metric: no metric 'awareness'", "c.yaml:"},
      {"prior outside the key's valid range",
       with("funnel.broadcast.aware: {min: 0.05, max: 1}",
            "funnel.broadcast.aware: {min: 0.05, max: 2}"),
       kObserved, "calibrate.priors.funnel.broadcast.aware", "c.yaml:"},
      {"prior on an unknown key", with("word_of_mouth.rate:", "word_of_mouth.rat:"), kObserved,
       "did you mean", "c.yaml:"},
      {"choice prior",
       with("funnel.broadcast.aware: {min: 0.05, max: 1}",
            "platform.ranking: {distribution: choice, values: [chronological, engagement]}"),
       kObserved, "a choice prior is not supported", "c.yaml:"},
      {"quantile that cannot progress",
       with("population: 12", "population: 12\n  tolerance: {quantile: 1}"), kObserved,
       "calibrate.tolerance.quantile", "c.yaml:"},
      {"run budget below one generation", with("max_runs: 200", "max_runs: 5"), kObserved,
       "too small for one generation", "c.yaml:"},
      {"population below 2", with("population: 12", "population: 1"), kObserved,
       "calibrate.population", "c.yaml:"},
      {"no calibrate block", ok.substr(0, ok.find("calibrate:")), kObserved,
       "has no calibrate: block", "c.yaml:"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    write_bytes(f / "c.yaml", c.scenario);
    write_bytes(f / "obs.csv", c.observed);
    const Outcome o = f.snsim("calibrate c.yaml --target obs.csv -o post.h5");
    INFO(o.err);
    CHECK(o.code == 2);
    CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
    CHECK(o.err.rfind("snsim: " + c.place, 0) == 0);
    CHECK(o.err.find(c.expect) != std::string::npos);
    CHECK(o.out.empty());
    CHECK_FALSE(fs::exists(f / "post.h5"));
    CHECK_FALSE(fs::exists(f / "post.h5.calib"));
  }
  // The calibrate block's own errors are found by `snsim validate` too.
  write_bytes(f / "c.yaml", with("population: 12", "population: 1"));
  const Outcome v = f.snsim("validate c.yaml");
  CHECK(v.code == 2);
  CHECK(v.err.find("calibrate.population") != std::string::npos);
}
