// Word of mouth alone on a well-mixed population is the Bass (1969) model with p = 0: the aware
// share follows the logistic curve of pure imitation (scenarios/validation/wom_bass.yaml).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

TEST_CASE("word of mouth alone on the complete graph follows the Bass curve with p = 0",
          "[validation][bass][networking]") {
  const snsim::Scenario sc =
      snsim::load_scenario_file(SNSIM_SOURCE_DIR "/scenarios/validation/wom_bass.yaml");
  const double n = sc.population.size;
  const double r = sc.word_of_mouth.rate;
  const double c = sc.funnel.response[snsim::index(snsim::Channel::referral)].aware;
  const double f0 = std::round(sc.brands.at(0).initial_aware * n) / n;
  const int steps = static_cast<int>(sc.time.steps);

  // The exact discrete dynamics, and Bass's continuous curve with p = 0, q = r c.
  std::vector<double> expected;
  double x = f0;
  for (int t = 0; t < steps; ++t) {
    x += (1.0 - x) * (1.0 - std::exp(-r * c * x * n / (n - 1.0)));
    expected.push_back(x);
  }
  const double q = r * c;
  const auto logistic = [&](double t) { return 1.0 / (1.0 + (1.0 - f0) / f0 * std::exp(-q * t)); };

  constexpr int kReplicates = 16;
  std::vector<double> sum(steps, 0.0), sum2(steps, 0.0);
  for (int rep = 0; rep < kReplicates; ++rep) {
    snsim::RunOptions o;
    o.seed = sc.seed + static_cast<std::uint64_t>(rep);
    const snsim::RunSeries s = snsim::run_scenario(sc, o).series;
    for (int t = 0; t < steps; ++t) {
      const double f = s.at("aware", static_cast<snsim::Step>(t), 0) / n;
      sum[t] += f;
      sum2[t] += f * f;
    }
  }
  for (int t = 0; t < steps; ++t) {
    const double mean = sum[t] / kReplicates;
    const double var = std::max(0.0, (sum2[t] - kReplicates * mean * mean) / (kReplicates - 1));
    const double se = std::sqrt(var / kReplicates);
    INFO("step " << t << ": mean " << mean << ", discrete Bass " << expected[t] << ", SE " << se);
    CHECK(std::abs(mean - expected[t]) <= 4.0 * se + 1.0 / n);
  }
  // The continuous curve (time measured at the end of step t, i.e. t + 1 steps of imitation)
  // matches the discrete one to within the discretisation error of q = 0.1 per step.
  CHECK(std::abs(expected[steps / 2] - logistic(steps / 2 + 1.0)) < 0.05);
  CHECK(expected.back() > 0.95);
}
