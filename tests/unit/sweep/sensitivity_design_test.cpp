// Sensitivity designs of the sweep block: the Sobol' sequence, Saltelli's and Morris' designs,
// named distributions, and their bad input.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "snsim/sweep/sobol_sequence.hpp"
#include "snsim/sweep/sweep_plan.hpp"
#include "snsim/sweep/sweep_spec.hpp"
#include "sweep_block.hpp"

using namespace snsim;
using snsim::test::error_of;
using snsim::test::spec_of;

namespace {

const std::string kThreeRanges =
    "    ranges:\n"
    "      brands[0].budget.money_per_step: {min: 10, max: 100}\n"
    "      word_of_mouth.rate: {min: 0.001, max: 0.1, log: true}\n"
    "      population.attention: {min: 4, max: 20, integer: true}\n";

}  // namespace

TEST_CASE("the unscrambled Sobol' sequence gives the published first points", "[sweep]") {
  // Joe and Kuo's dimensions 1 to 3, natural order: points 0..3 are 0, 1/2, then the
  // direction numbers v_2 = (1/4, 3/4, 3/4) and v_1 ^ v_2.
  const SobolSequence s(3, false, 0);
  const double want[4][3] = {{0, 0, 0}, {0.5, 0.5, 0.5}, {0.25, 0.75, 0.75}, {0.75, 0.25, 0.25}};
  for (unsigned i = 0; i < 4; ++i)
    for (unsigned d = 0; d < 3; ++d) CHECK(s.coordinate(i, d) == want[i][d]);
  // Dimension 512 (the last) at point 1 is 1/2, as every dimension's first direction number.
  CHECK(SobolSequence(512, false, 0).coordinate(1, 511) == 0.5);
}

TEST_CASE("scrambled Sobol' points keep one point per elementary interval", "[sweep]") {
  // The first 2^m points of every dimension fall one in each interval [c / 2^m, (c + 1) / 2^m):
  // the net property Saltelli's estimators rely on, kept by the linear scramble and shift.
  for (std::uint64_t seed : {1ULL, 99ULL}) {
    const SobolSequence s(40, true, seed);
    for (unsigned m = 1; m <= 8; ++m) {
      const std::uint64_t n = 1ULL << m;
      for (unsigned d = 0; d < 40; ++d) {
        std::set<std::uint64_t> cells;
        for (std::uint64_t i = 0; i < n; ++i) {
          const double u = s.coordinate(i, d);
          REQUIRE(u >= 0.0);
          REQUIRE(u < 1.0);
          cells.insert(static_cast<std::uint64_t>(u * static_cast<double>(n)));
        }
        CHECK(cells.size() == n);
      }
    }
  }
  CHECK(SobolSequence(2, true, 1).coordinate(3, 1) != SobolSequence(2, true, 2).coordinate(3, 1));
  CHECK_THROWS(SobolSequence(513, true, 1));
}

TEST_CASE("a Sobol' design expands into Saltelli's A, B and AB_i blocks", "[sweep]") {
  for (const bool second : {false, true}) {
    const SweepSpec spec =
        spec_of(std::string("sweep:\n  sobol:\n    base_samples: 8\n    second_order: ") +
                (second ? "true" : "false") + "\n" + kThreeRanges + "  replicates: 2\n");
    const std::uint64_t k = 3, blocks = second ? 2 * k + 2 : k + 2;
    REQUIRE(spec.sampling == SweepSampling::sobol);
    REQUIRE(spec.run_count() == 8 * blocks * 2);
    const SweepExpansion x(spec, 5);
    for (std::uint64_t j = 0; j < 8; ++j) {
      auto at = [&](std::uint64_t block) { return x.run((j * blocks + block) * 2); };
      const SweepRun a = at(0), b = at(1);
      CHECK(a.design_sample == j);
      CHECK(a.design_block == 0);
      CHECK(x.run((j * blocks) * 2 + 1).unit == a.unit);  // a replicate: same point, new seed
      CHECK(x.run((j * blocks) * 2 + 1).seed != a.seed);
      for (std::uint64_t i = 0; i < k; ++i) {
        const SweepRun ab = at(2 + i);
        CHECK(ab.design_block == static_cast<std::int64_t>(2 + i));
        for (std::uint64_t c = 0; c < k; ++c) CHECK(ab.unit[c] == (c == i ? b.unit[c] : a.unit[c]));
        if (!second) continue;
        const SweepRun ba = at(2 + k + i);
        for (std::uint64_t c = 0; c < k; ++c) CHECK(ba.unit[c] == (c == i ? a.unit[c] : b.unit[c]));
      }
      for (std::uint64_t c = 0; c < k; ++c) CHECK(a.unit[c] != b.unit[c]);
    }
    // Values come from the unit coordinates through each range: integers stay whole.
    const SweepRun r = x.run(0);
    CHECK(r.parameters.size() == 3);
    CHECK(r.parameters[2].second.find('.') == std::string::npos);
  }
}

TEST_CASE("a Morris trajectory moves each coordinate once by plus or minus Delta", "[sweep]") {
  for (std::uint64_t p : {2ULL, 4ULL, 5ULL, 6ULL}) {
    const SweepSpec spec =
        spec_of("sweep:\n  morris:\n    trajectories: 6\n    levels: " + std::to_string(p) + "\n" +
                kThreeRanges);
    REQUIRE(spec.run_count() == 6 * 4);
    const SweepExpansion x(spec, 11);
    const double delta = static_cast<double>(p / 2) / static_cast<double>(p - 1);
    for (std::uint64_t t = 0; t < 6; ++t) {
      std::set<std::int64_t> moved;
      SweepRun prev = x.run(t * 4);
      CHECK(prev.design_moved == -1);
      for (std::uint64_t s = 1; s <= 3; ++s) {
        const SweepRun cur = x.run(t * 4 + s);
        CHECK(cur.design_sample == t);
        CHECK(cur.design_block == static_cast<std::int64_t>(s));
        REQUIRE(cur.design_moved >= 0);
        moved.insert(cur.design_moved);
        for (std::size_t c = 0; c < 3; ++c) {
          const double level = cur.unit[c] * static_cast<double>(p - 1);
          CHECK(std::abs(level - std::round(level)) < 1e-9);  // on the grid of p levels
          if (static_cast<std::int64_t>(c) == cur.design_moved)
            CHECK(cur.unit[c] - prev.unit[c] == Approx(cur.design_delta));
          else
            CHECK(cur.unit[c] == prev.unit[c]);
        }
        CHECK(std::abs(cur.design_delta) == Approx(delta));
        prev = cur;
      }
      CHECK(moved.size() == 3);
    }
  }
}

TEST_CASE("named distributions map the unit interval through their inverse CDF", "[sweep]") {
  SweepRange normal;
  normal.distribution = SweepDistribution::truncated_normal;
  normal.mean = 0;
  normal.sd = 1;
  normal.min = -10;
  normal.max = 10;
  CHECK(std::stod(normal.value_at(0.5)) == Approx(0.0).margin(1e-12));
  CHECK(std::stod(normal.value_at(0.975)) == Approx(1.959963985).epsilon(1e-8));
  CHECK(std::stod(normal.value_at(0.0)) == -10);
  CHECK(std::stod(normal.value_at(1.0)) == 10);
  normal.min = 5;  // an interval far in the upper tail keeps its precision
  normal.max = 6;
  double last = 5;
  for (double u = 0.1; u < 1; u += 0.1) {
    const double v = std::stod(normal.value_at(u));
    CHECK(v > last);
    last = v;
  }
  // Quantiles of Z given Z in [5, 6] and in [-10, 10] (scipy.stats.truncnorm.ppf).
  CHECK(std::stod(normal.value_at(0.5)) == Approx(5.131371763283919).epsilon(1e-9));
  CHECK(std::stod(normal.value_at(0.9)) == Approx(5.421484350937918).epsilon(1e-9));
  normal.min = -10;
  normal.max = 10;
  CHECK(std::stod(normal.value_at(0.3)) == Approx(-0.5244005127080407).epsilon(1e-9));
  CHECK(std::stod(normal.value_at(0.999999)) == Approx(4.753424308817087).epsilon(1e-9));
  normal.mean = 3;  // location and scale: 3 + 0.5 Z given Z in [-1, 2]
  normal.sd = 0.5;
  normal.min = 2.5;
  normal.max = 4;
  CHECK(std::stod(normal.value_at(0.25)) == Approx(2.825179285353767).epsilon(1e-9));
  SweepRange log;
  log.distribution = SweepDistribution::log_uniform;
  log.log = true;
  log.min = 0.01;
  log.max = 1;
  CHECK(std::stod(log.value_at(0.5)) == Approx(0.1));
  SweepRange choice;
  choice.distribution = SweepDistribution::choice;
  choice.values = {"x", "y", "z"};
  CHECK(choice.value_at(0.0) == "x");
  CHECK(choice.value_at(0.5) == "y");
  CHECK(choice.value_at(1.0) == "z");
  CHECK(choice.check_values() == choice.values);
  const SweepSpec spec = spec_of(
      "sweep:\n  latin_hypercube:\n    samples: 4\n    ranges:\n"
      "      word_of_mouth.rate: {distribution: truncated_normal, mean: 0.01, sd: 0.004, min: 0, "
      "max: 0.03}\n      platform.ranking: {distribution: choice, values: [chronological, "
      "'mix']}\n");
  CHECK(spec.ranges[0].distribution == SweepDistribution::truncated_normal);
  CHECK(spec.ranges[1].values == std::vector<std::string>{"chronological", "'mix'"});
}

TEST_CASE("bad sensitivity designs are one-line errors naming the key", "[sweep]") {
  const std::string ranges1 = "    ranges:\n      word_of_mouth.rate: {min: 0, max: 0.1}\n";
  std::string e = error_of("sweep:\n  sobol:\n    base_samples: 100\n" + ranges1);
  CHECK(e.find("sweep.sobol.base_samples") != std::string::npos);
  CHECK(e.find("between 64 and 128") != std::string::npos);
  CHECK(error_of("sweep:\n  sobol:\n    base_samples: 1\n" + ranges1).find("power of two") !=
        std::string::npos);
  CHECK(error_of("sweep:\n  sobol:\n    base_samples: 8\n    ranges: {}\n").find("no ranges") !=
        std::string::npos);
  CHECK(error_of("sweep:\n  morris:\n    trajectories: 4\n    levels: 1\n" + ranges1)
            .find("sweep.morris.levels") != std::string::npos);
  CHECK(error_of("sweep:\n  morris:\n    trajectories: 1\n" + ranges1)
            .find("sweep.morris.trajectories") != std::string::npos);
  CHECK(error_of("sweep:\n  sobol:\n    base_samples: 8\n" + ranges1 +
                 "  morris:\n    trajectories: 4\n" + ranges1)
            .find("one sampler") != std::string::npos);
  e = error_of(
      "sweep:\n  sobol:\n    base_samples: 8\n    ranges:\n      word_of_mouth.rate: "
      "{distribution: truncated_normal, mean: 0.01, sd: 0, min: 0, max: 1}\n");
  CHECK(e.find("sweep.sobol.ranges.word_of_mouth.rate.sd") != std::string::npos);
  e = error_of(
      "sweep:\n  sobol:\n    base_samples: 8\n    ranges:\n      word_of_mouth.rate: "
      "{distribution: truncated_normal, mean: 0, sd: 0.001, min: 0.5, max: 1}\n");
  CHECK(e.find("standard deviations") != std::string::npos);
  CHECK(error_of("sweep:\n  sobol:\n    base_samples: 8\n    ranges:\n      platform.ranking: "
                 "{distribution: choice, values: [mix]}\n")
            .find("at least two values") != std::string::npos);
  CHECK(error_of("sweep:\n  sobol:\n    base_samples: 8\n    ranges:\n      platform.ranking: "
                 "{distribution: choice, values: [mix, sideways]}\n")
            .find("platform.ranking=sideways") != std::string::npos);
  CHECK(error_of("sweep:\n  sobol:\n    base_samples: 8\n    ranges:\n      word_of_mouth.rate: "
                 "{distribution: gamma, min: 0, max: 1}\n")
            .find("sweep.sobol.ranges.word_of_mouth.rate.distribution") != std::string::npos);
  CHECK(error_of("sweep:\n  sobol:\n    base_samples: 8\n    ranges:\n      word_of_mouth.rate: "
                 "{distribution: log_uniform, min: 0, max: 1}\n")
            .find("min > 0") != std::string::npos);
}

TEST_CASE("common seeds give replicate r of every point the same seed and streams", "[sweep]") {
  const SweepSpec spec = spec_of("sweep:\n  sobol:\n    base_samples: 4\n" + kThreeRanges +
                                 "  replicates: 3\n  common_seeds: true\n");
  const SweepExpansion x(spec, 5);
  for (std::uint64_t i = 0; i < x.size(); ++i) {
    const SweepRun r = x.run(i);
    CHECK(r.stream_run == r.replicate);
    CHECK(r.seed == derive_run_seed(5, r.replicate));
  }
  CHECK(x.run(0).seed != x.run(1).seed);  // replicates still differ
  const SweepExpansion own(
      spec_of("sweep:\n  sobol:\n    base_samples: 4\n" + kThreeRanges + "  replicates: 3\n"), 5);
  CHECK(own.run(4).stream_run == 4);
  CHECK(own.run(4).seed == derive_run_seed(5, 4));
}
