// Manipulation (economics/manipulation.hpp, docs/model.md step 8): fake likes lift reach under
// engagement ranking; the exposure hazard grows with the volume; a scandal shocks trust by
// skepticism, starts negative word of mouth, makes customers leave and cuts the brand's reach.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "snsim/core/engine.hpp"
#include "snsim/economics/manipulation.hpp"
#include "snsim/io/scenario_loader.hpp"

using namespace snsim;

namespace {

// One brand posting to its followers; buying fakes or not is the only difference between twins.
const std::string kText = R"(
seed: 5
time: {steps: 30}
population: {size: 3000, communities: 3}
network: {generator: barabasi_albert, barabasi_albert: {m: 4}}
platform: {ranking: engagement, follow_graph: {brand_follow: 0.2}}
funnel: {purchase_per_visit: 0.2}
brands:
  - name: a
    budget: {money_per_step: 100, hours_per_step: 1}
    strategy: {broadcast: 0, manipulate: 0, posts_per_step: 2}
    initial_aware: 0.5
processes: [strategy, manipulation, social_media, word_of_mouth, funnel, accounting]
)";

RunSeries run(const std::vector<std::string>& overrides) {
  const Scenario s = load_scenario_text(kText, "<manipulation>", overrides);
  RunOptions o;
  o.seed = s.seed;
  return run_scenario(s, o).series;
}

double total(const RunSeries& r, const std::string& m) {
  double x = 0;
  for (Step t = 0; t < r.steps; ++t) x += r.at(m, t, 0);
  return x;
}

}  // namespace

TEST_CASE("the exposure chance is zero without fakes and grows with the volume bought") {
  CHECK(Manipulation::exposure_chance(5e-4, 0.0) == 0.0);
  CHECK(Manipulation::exposure_chance(5e-4, 10000.0) == Approx(1.0 - std::exp(-5e-3)));
  CHECK(Manipulation::exposure_chance(5e-4, 20000.0) > Manipulation::exposure_chance(5e-4, 1e4));
  CHECK(Manipulation::exposure_chance(1e9, 1.0) == Approx(1.0));
}

TEST_CASE("bought fake likes are booked, cost money and lift reach under engagement ranking") {
  const RunSeries honest = run({"manipulation.exposure_hazard=0"});
  const RunSeries faked =
      run({"manipulation.exposure_hazard=0", "brands[0].strategy.manipulate=1"});
  // 100 USD a step at 10 USD per 1000: 10,000 fakes a step.
  CHECK(faked.at("fake_engagement", 29, 0) == Approx(30 * 10000.0));
  CHECK(faked.at("fake_online", 0, 0) == Approx(10000.0));
  CHECK(faked.at("fake_online", 1, 0) == Approx(10000.0 * 0.995 + 10000.0));
  CHECK(faked.at("cost", 29, 0) == Approx(honest.at("cost", 29, 0) + 3000.0));
  CHECK(faked.at("detections", 29, 0) == 0.0);
  CHECK(honest.at("fake_engagement", 29, 0) == 0.0);
  // Inflated like counts rank the brand's posts first in every feed they reach.
  const double more = total(faked, "impressions") / total(honest, "impressions");
  INFO("impressions with fakes / without: " << more);
  CHECK(more > 1.2);
}

TEST_CASE("a scandal shocks trust by skepticism, starts negative referrals and cuts reach") {
  const std::vector<std::string> scandal{
      "brands[0].strategy.manipulate=0.01", "manipulation.exposure_hazard=1e6",
      "manipulation.penalty_steps=1000", "manipulation.reach_penalty=0"};
  const RunSeries calm =
      run({"brands[0].strategy.manipulate=0.01", "manipulation.exposure_hazard=0"});
  const RunSeries hit = run(scandal);
  // Exposed at once, and again every step it keeps buying.
  CHECK(hit.at("detections", 0, 0) == 1.0);
  CHECK(hit.at("detections", 29, 0) == 30.0);
  CHECK(hit.at("reach_penalty", 5, 0) == 0.0);
  CHECK(calm.at("reach_penalty", 5, 0) == 1.0);
  // Step 0: everyone aware loses 0.5 x skepticism (mean 0.5) of trust.
  const double drop = hit.at("trust_mean", 0, 0) - calm.at("trust_mean", 0, 0);
  INFO("trust drop at the scandal " << drop);
  CHECK(drop == Approx(-0.25).margin(0.03));
  CHECK(total(hit, "negative_referrals") > 0.0);
  CHECK(total(calm, "negative_referrals") == 0.0);
  // With the penalty at 0 the brand's posts reach no follower after step 0.
  CHECK(total(hit, "impressions") < 0.2 * total(calm, "impressions"));
}

TEST_CASE("on a scandal each customer leaves with the churn chance") {
  const std::vector<std::string> exposed{"brands[0].strategy.manipulate=0.01",
                                         "manipulation.exposure_hazard=1e6",
                                         "funnel.churn_per_step=0",
                                         "funnel.purchase_per_visit=1",
                                         "funnel.post.engage=0.5",
                                         "funnel.post.visit=0.5"};
  std::vector<std::string> stay = exposed, leave = exposed;
  stay.push_back("manipulation.churn=0");
  leave.push_back("manipulation.churn=1");
  const RunSeries kept = run(stay);
  const RunSeries lost = run(leave);
  CHECK(kept.at("customers", 29, 0) > 2.0 * kept.at("conversions", 29, 0));
  // Exposed every step with churn 1: every customer leaves at the next step's exposure, so only
  // the customers won in the last step's funnel remain.
  CHECK(lost.at("customers", 29, 0) == lost.at("conversions", 29, 0));
}

TEST_CASE("asking the circle gives as many likes as the hours allow and the circle can give") {
  // 1 hour at 20 likes an hour: 20 a step while the circle is large enough.
  const RunSeries asked = run({"brands[0].strategy.ask_votes=1", "manipulation.exposure_hazard=0"});
  CHECK(asked.at("votes_asked", 29, 0) == Approx(30 * 20.0));
  CHECK(asked.at("fake_engagement", 29, 0) == Approx(30 * 20.0));
  CHECK(asked.at("cost", 29, 0) == Approx(30 * 35.0));  // staff time only, no money
  const RunSeries small = run({"brands[0].strategy.ask_votes=1", "manipulation.exposure_hazard=0",
                               "manipulation.circle_size=5"});
  CHECK(small.at("votes_asked", 29, 0) == Approx(30 * 5.0));
  // Asked likes carry the same exposure risk as bought ones.
  const RunSeries exposed =
      run({"brands[0].strategy.ask_votes=1", "manipulation.exposure_hazard=1e6"});
  CHECK(exposed.at("detections", 0, 0) == 1.0);
}
