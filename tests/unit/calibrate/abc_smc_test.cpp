// ABC-SMC (abc_smc.hpp) on toy models whose posterior is known in closed form: normal means with
// a known variance. The posterior's mean and sd match the analytic ones, the 95% intervals of
// many synthetic data sets cover the truth about 95% of the time (simulation-based calibration),
// the result does not depend on how it was interrupted, and it stops for the documented reasons.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "snsim/calibrate/abc_smc.hpp"
#include "snsim/core/random_stream.hpp"

using namespace snsim;

namespace {

SweepRange uniform(const std::string& key, double lo, double hi) {
  SweepRange r;
  r.key = key;
  r.min = lo;
  r.max = hi;
  return r;
}

/// The toy simulator: the mean of n draws of N(theta_a, 1) for each coordinate a, with noise
/// from a stream keyed by (data set, generation, proposal), as snsim keys its runs.
AbcSimulate normal_means(std::uint64_t n, std::uint64_t dataset) {
  return [n, dataset](std::uint64_t g, std::uint64_t first,
                      const std::vector<std::vector<double>>& thetas) {
    std::vector<std::vector<double>> out;
    for (std::size_t i = 0; i < thetas.size(); ++i) {
      RandomStream rs(StreamKey{dataset, g, first + i, 7, 0, 0});
      std::vector<double> s;
      for (double theta : thetas[i]) {
        // The mean of n unit normals is N(0, 1/n): one Box-Muller draw scaled.
        const double u1 = 1.0 - rs.uniform01(), u2 = rs.uniform01();
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        s.push_back(theta + z / std::sqrt(static_cast<double>(n)));
      }
      out.push_back(std::move(s));
    }
    return out;
  };
}

/// Returns the weighted mean and sd of coordinate a of a generation.
std::pair<double, double> moments(const AbcGeneration& g, std::size_t a) {
  double m = 0, v = 0;
  for (std::size_t i = 0; i < g.particles.size(); ++i) m += g.weights[i] * g.particles[i][a];
  for (std::size_t i = 0; i < g.particles.size(); ++i)
    v += g.weights[i] * std::pow(g.particles[i][a] - m, 2);
  return {m, std::sqrt(v)};
}

/// Returns the weighted q-quantile of coordinate a of a generation.
double weighted_quantile(const AbcGeneration& g, std::size_t a, double q) {
  std::vector<std::size_t> order(g.particles.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return g.particles[x][a] < g.particles[y][a]; });
  double c = 0;
  for (std::size_t i : order)
    if ((c += g.weights[i]) >= q) return g.particles[i][a];
  return g.particles[order.back()][a];
}

}  // namespace

TEST_CASE("ABC-SMC finds the analytic posterior of normal means (uniform and normal priors)",
          "[calibrate]") {
  // y_1..y_4 ~ N(mu, 1): with a flat prior the posterior of mu is N(ybar, 1/4); with a
  // N(0, 2^2) prior it is N(ybar * 4 / 4.25, 1 / 4.25) (precisions add). Truncation at +-10 is
  // far in the tails.
  SweepRange normal = uniform("b", -10, 10);
  normal.distribution = SweepDistribution::truncated_normal;
  normal.mean = 0;
  normal.sd = 2;
  const std::vector<SweepRange> priors = {uniform("a", -10, 10), normal};
  const std::vector<double> observed = {1.3, 2.0};
  AbcSettings s;
  s.population = 500;
  s.quantile = 0.5;
  s.max_generations = 12;  // tolerance 0.035 of the summaries' scales (about 7 and 3) by then
  s.max_runs = 1000000;
  s.seed = 42;
  const AbcState st = run_abc_smc(priors, observed, s, normal_means(4, 1), nullptr);
  CHECK(st.stop_reason == "max_generations");
  REQUIRE(st.generations.size() == 12);
  const AbcGeneration& post = st.generations.back();
  const auto [ma, sa] = moments(post, 0);
  const auto [mb, sb] = moments(post, 1);
  CHECK(ma == Approx(1.3).margin(0.1));  // 0.2 posterior sd
  CHECK(sa == Approx(0.5).epsilon(0.15));
  CHECK(mb == Approx(2.0 * 4 / 4.25).margin(0.1));
  CHECK(sb == Approx(1 / std::sqrt(4.25)).epsilon(0.15));
  CHECK(std::accumulate(post.weights.begin(), post.weights.end(), 0.0) == Approx(1.0));
  CHECK(post.ess > 100);
  // Tolerances fall, runs add up.
  for (std::size_t g = 2; g < st.generations.size(); ++g)
    CHECK(st.generations[g].tolerance < st.generations[g - 1].tolerance);
  CHECK(st.runs_used == post.runs_total);
}

TEST_CASE("ABC-SMC's 95% intervals cover the truth about 95% of the time (SBC, 60 data sets)",
          "[calibrate]") {
  // Simulation-based calibration: theta from the prior, data from theta, posterior from data;
  // a calibrated method's 95% interval covers theta in 95% of data sets (binomial sd 2.8% here).
  const std::vector<SweepRange> priors = {uniform("mu", -3, 3)};
  int covered = 0;
  const int datasets = 60;
  for (int d = 0; d < datasets; ++d) {
    RandomStream truth(StreamKey{99, static_cast<std::uint64_t>(d), 0, 1, 0, 0});
    const double theta = -3 + 6 * truth.uniform01();
    const auto data = normal_means(4, 1000 + d)(0, 0, {{theta}});
    AbcSettings s;
    s.population = 200;
    s.max_generations = 7;
    s.seed = static_cast<std::uint64_t>(d);
    const AbcState st = run_abc_smc(priors, data[0], s, normal_means(4, 5000 + d), nullptr);
    const AbcGeneration& post = st.generations.back();
    const double lo = weighted_quantile(post, 0, 0.025), hi = weighted_quantile(post, 0, 0.975);
    covered += lo <= theta && theta <= hi ? 1 : 0;
  }
  const double coverage = static_cast<double>(covered) / datasets;
  INFO("coverage " << coverage);
  CHECK(coverage >= 0.85);
  CHECK(coverage <= 1.0);
}

TEST_CASE("ABC-SMC resumed from its finished generations gives the same posterior, bitwise",
          "[calibrate]") {
  const std::vector<SweepRange> priors = {uniform("a", -5, 5), uniform("b", 0.1, 4)};
  const std::vector<double> observed = {0.5, 1.5};
  AbcSettings s;
  s.population = 50;
  s.max_generations = 5;
  s.seed = 3;
  const AbcState whole = run_abc_smc(priors, observed, s, normal_means(4, 1), nullptr);
  // Stop after generation 2 (as a kill would), then resume from the two finished generations.
  AbcState part = whole;
  part.generations.resize(2);
  part.stop_reason.clear();
  const AbcState resumed = run_abc_smc(priors, observed, s, normal_means(4, 1), nullptr, part);
  REQUIRE(resumed.generations.size() == whole.generations.size());
  for (std::size_t g = 0; g < whole.generations.size(); ++g) {
    CHECK(resumed.generations[g].particles == whole.generations[g].particles);
    CHECK(resumed.generations[g].weights == whole.generations[g].weights);
  }
  CHECK(resumed.runs_used == whole.runs_used);
}

TEST_CASE("ABC-SMC stops by its run budget, acceptance rate and tolerance", "[calibrate]") {
  const std::vector<SweepRange> priors = {uniform("a", -5, 5)};
  AbcSettings s;
  s.population = 20;
  s.max_generations = 50;
  s.seed = 1;
  SECTION("max_runs: the last batch is cut to the budget; the posterior is the last full one") {
    s.max_runs = 70;
    const AbcState st = run_abc_smc(priors, {0.0}, s, normal_means(4, 1), nullptr);
    CHECK(st.stop_reason == "max_runs");
    CHECK(st.runs_used == 70);
    CHECK(st.generations.back().runs_total <= 70);
  }
  SECTION("acceptance: a generation filled below min_acceptance ends it") {
    s.min_acceptance = 0.3;
    const AbcState st = run_abc_smc(priors, {0.0}, s, normal_means(4, 1), nullptr);
    CHECK(st.stop_reason == "acceptance");
    CHECK(st.generations.size() < 50);
  }
  SECTION("tolerance: a generation at or below the target tolerance is the last") {
    s.stop_tolerance = 0.05;
    const AbcState st = run_abc_smc(priors, {0.0}, s, normal_means(4, 1), nullptr);
    CHECK(st.stop_reason == "tolerance");
    CHECK(st.generations.back().tolerance <= 0.05);
  }
}

TEST_CASE("summary scales, distances and quantiles guard their edge cases", "[calibrate]") {
  CHECK(summary_scale({1, 2, 3, 4, 5}, 0) == Approx(1.4826));
  CHECK(summary_scale({2, 2, 2, 2, 10}, 0) > 0);  // MAD 0: the sd
  CHECK(summary_scale({3, 3, 3}, -4) == 4);       // no spread: |observed|
  CHECK(summary_scale({0, 0}, 0) == 1);
  CHECK(std::isinf(abc_distance({std::nan("")}, {1}, {1})));
  CHECK(abc_distance({3, 4}, {0, 0}, {1, 2}) == Approx(std::sqrt(9 + 4)));
  CHECK(abc_quantile({1, 2, 3, 4}, 0.5) == 2.5);
  CHECK(weighted_pick({0, 1, 0}, 0.99) == 1);
  CHECK(weighted_pick({1, 1}, 0.25) == 0);
  CHECK(weighted_pick({1, 1}, 0.75) == 1);
}
