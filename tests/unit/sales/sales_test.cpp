// The business-to-business sales cycle (sales_cycle): its keys, its stage chain against the
// absorbing Markov chain's exact results, what hours and relationships do to it, and its revenue
// in the brand's accounts.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/sales/sales_spec.hpp"

using namespace snsim;

namespace {

// Every person is aware from step 0 and half of them are prospects, so every prospect becomes a
// lead at step 0 and the run follows one cohort of leads to its end. Each stage is left with
// chance 0.2 a step (a geometric stay of mean 5 steps); no money, no ties.
const std::string kCohort = R"(
seed: 5
time: {steps: 160}
population: {size: 12000, communities: 2}
network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 4}}
word_of_mouth: {rate: 0}
sales:
  prospects: 0.5
  lead_stage: aware
  stages:
    lead: {advance: 0.1, lose: 0.1}
    qualified: {advance: 0.15, lose: 0.05}
    opportunity: {advance: 0.1, lose: 0.1}
  deal_value: {mean: 1000, sigma: 0.5}
brands:
  - {name: seller, initial_aware: 1.0, budget: {money_per_step: 0, hours_per_step: 0},
     strategy: {broadcast: 0}}
processes: [word_of_mouth, sales_cycle, accounting]
)";

RunSeries run(const std::string& text, const std::vector<std::string>& overrides = {}) {
  const Scenario s = load_scenario_text(text, "<sales>", overrides);
  RunOptions o;
  o.seed = s.seed;
  return run_scenario(s, o).series;
}

std::string error_of(const std::string& text, const std::vector<std::string>& overrides) {
  try {
    (void)load_scenario_text(text, "<sales>", overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

/// Returns P(T <= t) for the steps T from lead to close (won or lost), by stepping the chain's
/// state probabilities: the exact distribution the simulation must follow.
std::vector<double> closed_by_step(const SalesSpec& spec, int steps) {
  std::array<double, kOpenDealStages> open{1.0, 0.0, 0.0};
  std::vector<double> closed(static_cast<std::size_t>(steps) + 1, 0.0);
  double done = 0.0;
  for (int t = 1; t <= steps; ++t) {
    std::array<double, kOpenDealStages> next{};
    for (std::size_t s = 0; s < kOpenDealStages; ++s) {
      const StageTransition& x = spec.stages[s];
      next[s] += open[s] * (1.0 - x.advance - x.lose);
      done += open[s] * x.lose;
      if (s + 1 < kOpenDealStages)
        next[s + 1] += open[s] * x.advance;
      else
        done += open[s] * x.advance;
    }
    open = next;
    closed[static_cast<std::size_t>(t)] = done;
  }
  return closed;
}

}  // namespace

TEST_CASE("the sales block's defaults and the closed forms of its chain", "[sales]") {
  const Scenario s = load_scenario_text(
      "brands: [{name: b}]\nprocesses: [strategy, broadcast, word_of_mouth, sales_cycle, funnel, "
      "accounting]\n",
      "<sales>");
  CHECK(s.sales.prospect_share == 0.05);
  CHECK(s.sales.lead_stage == Stage::engaged);
  CHECK(s.sales.deal_value_mean == 30000.0);
  // The defaults: stage conversions 0.30, 0.27, 0.25 and stays of 20, 30 and 40 days.
  CHECK(win_probability(s.sales) == Approx(0.30 * 0.27 * 0.25).epsilon(0.01));
  CHECK(expected_won_cycle_steps(s.sales) == Approx(90.0).epsilon(0.01));
  CHECK(expected_cycle_steps(s.sales) == Approx(20.0 + 0.30 * (30.0 + 0.27 * 40.0)).epsilon(0.01));
  // A lead that can never leave its stage never closes.
  SalesSpec stuck = s.sales;
  stuck.stages[1] = {0.0, 0.0};
  CHECK(std::isinf(expected_won_cycle_steps(stuck)));
  CHECK(win_probability(stuck) == 0.0);
}

TEST_CASE("bad sales input names the key path", "[sales]") {
  const std::string base =
      "brands: [{name: b}]\nprocesses: [strategy, broadcast, sales_cycle, accounting]\n";
  CHECK_THAT(error_of(base, {"sales.stages.lead.lose=0.99"}),
             Catch::Contains("sales.stages.lead.lose") && Catch::Contains("at most 1"));
  CHECK_THAT(error_of(base, {"sales.stages.opportunity.advance=-0.1"}),
             Catch::Contains("sales.stages.opportunity.advance"));
  CHECK_THAT(error_of(base, {"sales.stages.qualified.advance=1.5"}),
             Catch::Contains("sales.stages.qualified.advance"));
  CHECK_THAT(error_of(base, {"sales.deal_value.mean=0"}), Catch::Contains("sales.deal_value.mean"));
  CHECK_THAT(error_of(base, {"sales.lead_stage=unaware"}), Catch::Contains("sales.lead_stage"));
  CHECK_THAT(error_of("brands: [{name: b}]\nsales: {prospects: 0.1}\n", {}),
             Catch::Contains("sales") && Catch::Contains("sales_cycle"));
  CHECK_THAT(error_of("brands: [{name: b}]\nprocesses: [broadcast, accounting, sales_cycle]\n", {}),
             Catch::Contains("before 'accounting'"));
}

TEST_CASE("advance chances rise with hours and ties, and never crowd out losing", "[sales]") {
  SalesSpec spec;
  spec.stages[0] = {0.2, 0.3};
  CHECK(advance_chance(spec, 0, 0.0, 0.0, 0.5) == 0.2);
  // Hours at the half-saturation point give half the hours' lift.
  CHECK(advance_chance(spec, 0, spec.hours_half_saturation, 0.0, 0.5) ==
        Approx(0.2 * (1.0 + 0.5 * spec.hours_lift)));
  // A tie at the cap gives the whole relationship lift; a weaker one a proportional part.
  CHECK(advance_chance(spec, 0, 0.0, 0.5, 0.5) == Approx(0.2 * (1.0 + spec.relationship_lift)));
  CHECK(advance_chance(spec, 0, 0.0, 0.25, 0.5) ==
        Approx(0.2 * (1.0 + 0.5 * spec.relationship_lift)));
  // Both at once triple it; from 0.3 that would be 0.9 > 1 - 0.3: capped so that
  // advance + lose <= 1.
  spec.stages[0] = {0.3, 0.3};
  CHECK(advance_chance(spec, 0, 1e9, 0.5, 0.5) == Approx(0.7));
}

TEST_CASE("a cohort of leads closes as the absorbing Markov chain says", "[sales][validation]") {
  const Scenario s = load_scenario_text(kCohort, "<sales>");
  const RunSeries r = run(kCohort);
  const Step last = r.steps - 1;
  const double leads = r.at("leads_created", 0, 0);
  REQUIRE(leads > 5000.0);
  CHECK(r.at("leads_created", last, 0) == leads);  // one cohort: nobody else is a prospect
  const double won = r.at("deals_won", last, 0), lost = r.at("deals_lost", last, 0);
  CHECK(won + lost == leads);  // all closed after 160 steps (P(open) < 1e-10)

  // Won share against prod a / (a + l), within 4 standard errors.
  const double p = win_probability(s.sales);
  const double se = std::sqrt(p * (1.0 - p) / leads);
  INFO("won share " << won / leads << ", expected " << p);
  CHECK(std::abs(won / leads - p) < 4.0 * se);

  // Mean cycle of won deals against sum 1 / (a + l) = 15 steps: a sum of three geometric stays
  // of variance (1 - 0.2) / 0.2^2 = 20 each.
  const double mean = r.at("cycle_length_mean", last, 0);
  INFO("mean won cycle " << mean << ", expected " << expected_won_cycle_steps(s.sales));
  CHECK(std::abs(mean - expected_won_cycle_steps(s.sales)) < 4.0 * std::sqrt(60.0 / won));

  // The whole distribution of the time to close, won or lost, against the chain stepped exactly:
  // Kolmogorov distance within the 1% critical value 1.63 / sqrt(n).
  const std::vector<double> exact = closed_by_step(s.sales, static_cast<int>(last));
  double distance = 0.0, mean_close = 0.0;
  for (Step t = 1; t <= last; ++t) {
    const double closed = (r.at("deals_won", t, 0) + r.at("deals_lost", t, 0)) / leads;
    distance = std::max(distance, std::abs(closed - exact[t]));
    mean_close += 1.0 - closed;  // E[T] = sum over t >= 0 of P(T > t); P(T > 0) = 1
  }
  mean_close += 1.0;
  CHECK(distance < 1.63 / std::sqrt(leads));
  INFO("mean steps to close " << mean_close << ", expected " << expected_cycle_steps(s.sales));
  CHECK(mean_close == Approx(expected_cycle_steps(s.sales)).epsilon(0.03));

  // Every won deal's value reaches the ledger: with no purchases, revenue is the deals' value.
  CHECK(r.at("revenue", last, 0) == Approx(r.at("deal_revenue", last, 0)));
  CHECK(r.at("deal_revenue", last, 0) / won == Approx(1000.0).epsilon(0.1));
}

TEST_CASE("staff hours on open deals raise the won share and shorten the cycle as documented",
          "[sales][validation]") {
  // 24 staff hours a step on a few thousand deals is well above a half-saturation of 1e-4 hours
  // per deal, so every advance chance is (1 + lift) a = 2a, capped at 1 - l.
  const std::vector<std::string> hours{"brands[0].budget.hours_per_step=24",
                                       "brands[0].strategy.selling=1",
                                       "sales.hours.half_saturation=0.0001"};
  const RunSeries base = run(kCohort), worked = run(kCohort, hours);
  Scenario s = load_scenario_text(kCohort, "<sales>");
  for (auto& t : s.sales.stages) t.advance = std::min(2.0 * t.advance, 1.0 - t.lose);
  const Step last = base.steps - 1;
  const double leads = worked.at("leads_created", last, 0);
  const double won = worked.at("deals_won", last, 0);
  const double p = win_probability(s.sales);
  INFO("won share with hours " << won / leads << ", expected " << p << "; without "
                               << base.at("deals_won", last, 0) / leads);
  CHECK(std::abs(won / leads - p) < 4.0 * std::sqrt(p * (1.0 - p) / leads));
  CHECK(won > 1.5 * base.at("deals_won", last, 0));
  const double cycle = worked.at("cycle_length_mean", last, 0);
  INFO("won cycle with hours " << cycle << ", expected " << expected_won_cycle_steps(s.sales));
  CHECK(cycle == Approx(expected_won_cycle_steps(s.sales)).epsilon(0.05));
  CHECK(cycle < base.at("cycle_length_mean", last, 0));
  CHECK(worked.at("selling_hours", 1, 0) == 24.0);
}

TEST_CASE("introductions make leads and relationships move them faster", "[sales]") {
  // A networker talks to everyone it can and is introduced on; every person is a prospect, but
  // only introductions make leads (inbound only at advocate; no referrals).
  const std::string text = R"(
seed: 11
time: {steps: 120}
population: {size: 3000, communities: 3}
network: {generator: stochastic_block}
networking: {introduction: {accept_prob: 0.5}}
sales:
  prospects: 1.0
  lead_stage: advocate
  leads_from: {referral: false}
  stages:
    lead: {advance: 0.03, lose: 0.03}
    qualified: {advance: 0.03, lose: 0.03}
    opportunity: {advance: 0.03, lose: 0.03}
brands:
  - {name: networker, budget: {money_per_step: 0, hours_per_step: 8},
     strategy: {broadcast: 0, networking: 1, groups: [0], introductions: 5, follow_ups: true}}
processes: [strategy, social_networking, sales_cycle, funnel, accounting]
)";
  const RunSeries with = run(text);
  const Step last = with.steps - 1;
  const double leads = with.at("leads_created", last, 0);
  INFO("leads " << leads << ", from ties " << with.at("leads_from_ties", last, 0));
  CHECK(leads > 50.0);
  CHECK(with.at("leads_from_ties", last, 0) == leads);
  // The same run without the relationship lift: same leads (the lift acts after), fewer wins.
  const RunSeries without = run(text, {"sales.relationship_lift=0"});
  CHECK(without.at("leads_created", last, 0) == leads);
  CHECK(with.at("deals_won", last, 0) + with.at("opportunities", last, 0) >
        1.2 * (without.at("deals_won", last, 0) + without.at("opportunities", last, 0)));
}
