// The brand's network grows faster than linearly while introductions flow, and it is the
// introductions (triadic closure) that make it so: the same brand without them grows at most
// linearly (scenarios/networking_growth.yaml).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace {

// Returns, per replicate, the growth of `relationships` in the second half of the run divided by
// its growth in the first half (1 for linear growth, > 1 for super-linear).
std::vector<double> growth_ratios(const std::vector<std::string>& overrides, int replicates,
                                  double* introductions = nullptr) {
  const snsim::Scenario sc =
      snsim::load_scenario_file(SNSIM_SOURCE_DIR "/scenarios/networking_growth.yaml", overrides);
  const auto last = sc.time.steps - 1, mid = sc.time.steps / 2;
  std::vector<double> ratios;
  for (int rep = 0; rep < replicates; ++rep) {
    snsim::RunOptions o;
    o.seed = sc.seed + static_cast<std::uint64_t>(rep);
    const snsim::RunSeries s = snsim::run_scenario(sc, o).series;
    const double r0 = s.at("relationships", 0, 0), rm = s.at("relationships", mid, 0),
                 r1 = s.at("relationships", last, 0);
    ratios.push_back((r1 - rm) / std::max(1.0, rm - r0));
    if (introductions != nullptr)
      for (snsim::Step t = 0; t <= last; ++t) *introductions += s.at("introductions", t, 0);
  }
  return ratios;
}

void mean_se(const std::vector<double>& x, double& mean, double& se) {
  mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  se = std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size()));
}

}  // namespace

TEST_CASE("a networking brand's relationships grow faster than linearly through introductions",
          "[validation][networking]") {
  constexpr int kReplicates = 8;
  double intros = 0.0;
  double mean = 0.0, se = 0.0;
  mean_se(growth_ratios({}, kReplicates, &intros), mean, se);
  INFO("growth ratio with introductions: " << mean << " +- " << se << "; introductions " << intros);
  CHECK(intros > 0.0);
  CHECK(mean - 3.0 * se > 1.0);

  double mean0 = 0.0, se0 = 0.0;
  mean_se(growth_ratios({"brands[0].strategy.introductions=0"}, kReplicates), mean0, se0);
  INFO("growth ratio without introductions: " << mean0 << " +- " << se0);
  CHECK(mean0 + 3.0 * se0 < mean);
  CHECK(mean0 < 1.0 + 3.0 * se0);
}
