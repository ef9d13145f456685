// Reproducibility (docs/model.md section 8): the same scenario and seed give bitwise identical
// series for any number of threads; another seed gives other series.
#include <catch2/catch.hpp>

#include <omp.h>

#include <cstring>
#include <string>

#include "../support/run_text.hpp"
#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

using snsim::test_support::run_with_threads;

namespace {

bool bitwise_equal(const snsim::RunSeries& a, const snsim::RunSeries& b) {
  if (a.metrics.size() != b.metrics.size()) return false;
  for (std::size_t m = 0; m < a.metrics.size(); ++m) {
    const auto& x = a.metrics[m].values;
    const auto& y = b.metrics[m].values;
    if (x.size() != y.size() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) != 0)
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("1 and 2 threads give bitwise identical series on every generator", "[determinism]") {
  // 40,000 agents: above kMinParallelAgents, so the parallel loops really run in parallel.
  for (const std::string generator : {"barabasi_albert", "complete", "watts_strogatz",
                                      "erdos_renyi", "stochastic_block", "holme_kim"}) {
    INFO("generator " << generator);
    // Word of mouth from customers on, so that every process has work to do.
    const snsim::Scenario s = snsim::load_scenario_file(
        SNSIM_SOURCE_DIR "/scenarios/quickstart.yaml",
        {"population.size=40000", "time.steps=15", "network.generator=" + generator,
         "word_of_mouth.rate=0.2", "word_of_mouth.talk_weight.engaged=1"});
    const auto one = run_with_threads(s, 1, s.seed);
    const auto two = run_with_threads(s, 2, s.seed);
    CHECK(bitwise_equal(one, two));
    CHECK(one.at("referrals", 14, 0) > 0);
  }
}

TEST_CASE("changing only the seed changes the series", "[determinism]") {
  const snsim::Scenario s = snsim::load_scenario_file(SNSIM_SOURCE_DIR "/scenarios/quickstart.yaml",
                                                      {"population.size=3000", "time.steps=20"});
  CHECK(bitwise_equal(run_with_threads(s, 2, 1), run_with_threads(s, 2, 1)));
  CHECK_FALSE(bitwise_equal(run_with_threads(s, 2, 1), run_with_threads(s, 2, 2)));
}
