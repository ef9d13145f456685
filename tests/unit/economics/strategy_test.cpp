// Strategies (economics/strategy.hpp): what each built-in strategy spends step by step, how the
// spending processes follow it, and the loader's checks on money shares and phases.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/core/world.hpp"
#include "snsim/economics/strategies/flighting.hpp"
#include "snsim/economics/strategies/mix.hpp"
#include "snsim/economics/strategy.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/io/scenario_loader.hpp"

using namespace snsim;

namespace {

const std::string kBase = R"(
time: {steps: 20}
population: {size: 2000, communities: 2}
network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 6}}
)";

Scenario load(const std::string& brands, const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(kBase + brands, "<strategy>", overrides);
}

RunSeries run(const Scenario& s) {
  RunOptions o;
  o.seed = s.seed;
  return run_scenario(s, o).series;
}

std::string error_of(const std::string& brands) {
  try {
    load(brands);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the mix strategy spends each phase's shares in its steps") {
  const Scenario s = load(R"(
brands:
  - name: a
    budget: {money_per_step: 100, hours_per_step: 2}
    strategy:
      phases:
        - {from: 0, to: 5, broadcast: 1}
        - {from: 5, to: 12, broadcast: 0.25, networking: 1}
        - {from: 12, promote: 0.5, answer: 1}
processes: [strategy, broadcast, social_media, social_networking, funnel, accounting]
)");
  REQUIRE(s.brands[0].phases.size() == 3);
  CHECK(s.brands[0].phases[2].to == 20);
  MixStrategy mix;
  const World w = build_world(s, 1);
  const auto at = [&](Step t) { return mix.allocate(s.brands[0], t, w); };
  CHECK(at(0).mix.broadcast == 1.0);
  CHECK(at(4).mix.networking == 0.0);
  CHECK(at(5).mix.broadcast == 0.25);
  CHECK(at(11).mix.networking == 1.0);
  CHECK(at(12).mix.promote == 0.5);
  CHECK(at(12).mix.broadcast == 0.0);
  CHECK(at(19).mix.answer == 1.0);
  CHECK(at(7).money == 100.0);
  CHECK(at(7).hours == 2.0);
}

TEST_CASE("the spending follows the phases: broadcast impressions stop when the phase ends") {
  const Scenario s = load(R"(
brands:
  - name: a
    budget: {money_per_step: 100, hours_per_step: 1}
    strategy: {phases: [{from: 0, to: 8, broadcast: 1}, {from: 8, networking: 1}]}
)");
  const RunSeries r = run(s);
  for (Step t = 0; t < 8; ++t) CHECK(r.at("impressions", t, 0) > 9000.0);
  for (Step t = 8; t < 20; ++t) CHECK(r.at("impressions", t, 0) == 0.0);
  // Cost: 100 USD a step of media for 8 steps, 35 USD of staff every step.
  CHECK(r.at("cost", 19, 0) == Approx(8 * 100.0 + 20 * 35.0).epsilon(0.01));
  CHECK(r.at("budget_money", 3, 0) == 100.0);
}

TEST_CASE("flighting spends the same money in bursts and keeps the hours every step") {
  const Scenario s = load(R"(
brands:
  - name: a
    budget: {money_per_step: 100, hours_per_step: 1}
    strategy: {name: flighting, broadcast: 1, flighting: {on: 2, off: 3}}
)");
  FlightingStrategy f;
  const World w = build_world(s, 1);
  double money = 0.0;
  for (Step t = 0; t < 20; ++t) {
    const Allocation a = f.allocate(s.brands[0], t, w);
    CHECK(a.hours == 1.0);
    CHECK(a.money == ((t % 5) < 2 ? 250.0 : 0.0));
    money += a.money_for(a.mix.broadcast);
  }
  CHECK(money == Approx(20 * 100.0));  // four whole cycles: the same total as a steady mix
  const RunSeries r = run(s);
  CHECK(r.at("impressions", 0, 0) > 20000.0);
  CHECK(r.at("impressions", 2, 0) == 0.0);
  CHECK(r.at("cost", 19, 0) == Approx(2000.0 + 20 * 35.0).epsilon(0.01));
}

TEST_CASE("a brand without a strategy process spends its keys' mix every step") {
  const Scenario s = load(R"(
brands: [{name: a, budget: {money_per_step: 10}, strategy: {broadcast: 0.5}}]
processes: [broadcast, funnel, accounting]
)");
  const RunSeries r = run(s);
  CHECK(r.at("cost", 19, 0) == Approx(20 * 5.0 + 20 * 1.5 * 35.0).epsilon(0.01));
}

TEST_CASE("the strategy registry knows the built-ins and rejects unknown names") {
  const auto names = StrategyRegistry::global().names();
  CHECK(names == std::vector<std::string>{"mix", "flighting"});
  CHECK_THROWS_AS(StrategyRegistry::global().create("nope"), std::out_of_range);
  CHECK_FALSE(StrategyRegistry::global().summary("flighting").empty());
}

TEST_CASE("money shares above the budget are an error saying by how much") {
  const std::string e =
      error_of("brands: [{name: a, strategy: {broadcast: 0.7, promote: 0.2, manipulate: 0.3}}]");
  CHECK_THAT(e, Catch::Contains("brands[0].strategy.manipulate"));
  CHECK_THAT(e, Catch::Contains("sum to 1.2, 0.2 more than the budget"));
  CHECK(error_of("brands: [{name: a, strategy: {broadcast: 0.7, promote: 0.2, manipulate: 0.1}}]\n"
                 "processes: [strategy, manipulation, broadcast, social_media, funnel, accounting]")
            .empty());
}

TEST_CASE("phases that leave a gap, overlap, start late or end early are errors naming the step") {
  CHECK_THAT(
      error_of("brands: [{name: a, strategy: {phases: [{from: 0, to: 5}, {from: 7}]}}]"),
      Catch::Contains("brands[0].strategy.phases[1].from") && Catch::Contains("a gap of 2 steps"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {phases: [{from: 0, to: 5}, {from: 3}]}}]"),
             Catch::Contains("an overlap of 2 steps"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {phases: [{from: 1}]}}]"),
             Catch::Contains("the first phase must start at step 0"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {phases: [{from: 0, to: 15}]}}]"),
             Catch::Contains("phases[0].to") && Catch::Contains("cover every step"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {phases: [{from: 0}, {from: 5}]}}]"),
             Catch::Contains("only the last phase may leave 'to' out"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {phases: [{from: 0, to: 20, broadcast: "
                      "0.9, promote: 0.2}]}}]"),
             Catch::Contains("phases[0].promote") && Catch::Contains("0.1 more than the budget"));
}

TEST_CASE("an unknown strategy name gets a suggestion, and flighting keys need flighting") {
  CHECK_THAT(
      error_of("brands: [{name: a, strategy: {name: fligting}}]"),
      Catch::Contains("brands[0].strategy.name") && Catch::Contains("did you mean 'flighting'"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {flighting: {on: 3}}}]"),
             Catch::Contains("need strategy name 'flighting'"));
}

TEST_CASE("a strategy that needs a process the pipeline lacks is an error") {
  CHECK_THAT(error_of("brands: [{name: a, strategy: {name: flighting}}]\n"
                      "processes: [broadcast, funnel, accounting]"),
             Catch::Contains("processes") && Catch::Contains("'strategy' process"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {broadcast: 0.5, manipulate: 0.5}}]\n"
                      "processes: [strategy, broadcast, funnel, accounting]"),
             Catch::Contains("no 'manipulation' process"));
  CHECK_THAT(error_of("brands: [{name: a, strategy: {broadcast: 0.5, ask_votes: 0.5}}]\n"
                      "processes: [strategy, broadcast, funnel, accounting]"),
             Catch::Contains("asking its circle for votes") &&
                 Catch::Contains("no 'manipulation' process"));
}
