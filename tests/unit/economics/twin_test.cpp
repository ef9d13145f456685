// Counterfactual twins (economics/twin.hpp, docs/model.md section 8): a twin that changes nothing
// differs by exactly zero, and common random numbers make the twin difference far less noisy
// across seeds than the difference of independent runs.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/economics/twin.hpp"
#include "snsim/io/scenario_loader.hpp"

using namespace snsim;

namespace {

const std::string kText = R"(
time: {steps: 60}
population: {size: 4000, communities: 4}
network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 10}}
funnel: {purchase_per_visit: 0.1}
brands:
  - {name: a, budget: {money_per_step: 100, hours_per_step: 2}, strategy: {broadcast: 1, networking: 1, groups: [0]}}
  - {name: b, budget: {money_per_step: 100, hours_per_step: 1}, strategy: {broadcast: 1}}
)";

RunSeries run(const std::vector<std::string>& overrides, std::uint64_t seed) {
  std::vector<std::string> o = overrides;
  o.push_back("seed=" + std::to_string(seed));
  const Scenario s = load_scenario_text(kText, "<twin>", o);
  RunOptions opt;
  opt.seed = s.seed;
  return run_scenario(s, opt).series;
}

double total(const RunSeries& s, const std::string& m, BrandId b) {
  double x = 0;
  for (Step t = 0; t < s.steps; ++t) x += s.at(m, t, b);
  return x;
}

double variance(const std::vector<double>& v) {
  double mean = 0, ss = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (double x : v) ss += (x - mean) * (x - mean);
  return ss / static_cast<double>(v.size() - 1);
}

}  // namespace

TEST_CASE("a twin whose override changes nothing differs by exactly zero at every step") {
  RunSeries main = run({}, 11);
  const RunSeries twin = run({"brands[0].strategy.broadcast=1"}, 11);
  add_incremental_metrics(main, twin);
  for (const char* m : {"incremental/conversions", "incremental/revenue", "incremental/cost"}) {
    const MetricSeries* s = main.find(m);
    REQUIRE(s != nullptr);
    for (double v : s->values) CHECK(v == 0.0);
  }
  CHECK(total(main, "conversions", 0) > 0);
}

TEST_CASE("a strategy's twin difference varies far less across seeds than independent runs'") {
  // Brand a's networking (conversations, groups, introductions) against its twin without it.
  const std::vector<std::string> off{"brands[0].strategy.networking=0"};
  std::vector<double> crn, indep, effect;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RunSeries with = run({}, seed);
    const RunSeries twin = run(off, seed);
    const RunSeries other = run(off, seed + 1000);
    const double d = total(with, "conversions", 0) - total(twin, "conversions", 0);
    crn.push_back(d);
    indep.push_back(total(with, "conversions", 0) - total(other, "conversions", 0));
    add_incremental_metrics(with, twin);
    CHECK(total(with, "incremental/conversions", 0) == d);
    // brand b does not network: its twin difference is exactly zero unless the brands interact
    effect.push_back(total(with, "incremental/conversions", 1));
  }
  const double ratio = variance(indep) / variance(crn);
  std::printf(
      "twin test: var(independent difference) %.1f, var(twin difference) %.1f, ratio %.1f\n",
      variance(indep), variance(crn), ratio);
  CHECK(ratio > 5.0);
  for (double e : effect) CHECK(e == 0.0);
}
