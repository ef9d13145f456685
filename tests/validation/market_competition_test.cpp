// Brands in a market take purchases from each other (issue 16 items 2 and 3).
// Conservation: with a fixed category demand (market.no_purchase_weight 0: every occasion of a
// person who knows some brand ends in a purchase) and everyone aware of every brand from step 0,
// the occasions depend only on the market's own random streams, so total purchases across brands
// are exactly the same however the brands divide their spending; only the shares move.
// Competition: a louder rival lowers a brand's purchases under choice (broadcast) and under
// limited attention (a social-media feed, where the rival's posts also take the brand's reads);
// a twin of one brand's strategy (economics/twin.hpp) has a nonzero effect on its rival.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/run_text.hpp"
#include "snsim/core/engine.hpp"
#include "snsim/economics/twin.hpp"
#include "snsim/io/scenario_loader.hpp"

using namespace snsim;

namespace {

using test_support::run_text;
using test_support::total;

// Nobody knows the brands at first: broadcast makes them known and engages people
// (kFixedDemand below turns it into a market of fixed category demand).
const std::string kBroadcast = R"(
seed: 6
time: {steps: 40}
population: {size: 4000, communities: 2}
network: {generator: barabasi_albert, barabasi_albert: {m: 3}}
market: {category_rate: 0.1, no_purchase_weight: 1}
brands:
  - {name: a, budget: {money_per_step: 20, hours_per_step: 0}}
  - {name: b, budget: {money_per_step: 0, hours_per_step: 0}}
processes: [strategy, broadcast, word_of_mouth, funnel, market, accounting]
)";

// Fixed category demand: everyone aware of both brands from step 0, no outside option; both
// brands spend 100 USD a step unless a test divides it otherwise.
const std::vector<std::string> kFixedDemand{
    "market.no_purchase_weight=0", "brands[0].initial_aware=1", "brands[1].initial_aware=1",
    "brands[0].budget.money_per_step=100", "brands[1].budget.money_per_step=100"};

/// Returns kFixedDemand followed by more overrides.
std::vector<std::string> fixed_demand(std::vector<std::string> more) {
  std::vector<std::string> all = kFixedDemand;
  all.insert(all.end(), more.begin(), more.end());
  return all;
}

// A feed read under limited attention (as in tests/unit/economics/competition_test.cpp).
const std::string kFeed = R"(
seed: 9
time: {steps: 40}
population: {size: 3000, communities: 3, attention: 2}
network: {generator: barabasi_albert, barabasi_albert: {m: 4}}
platform: {ranking: chronological, feed_capacity: 4, background_items: 0, person_posts: 0,
           follow_graph: {brand_follow: 0.5}}
market: {category_rate: 0.1, no_purchase_weight: 1}
brands:
  - {name: a, budget: {money_per_step: 0}, strategy: {broadcast: 0, posts_per_step: 2}}
  - {name: b, budget: {money_per_step: 0}, strategy: {broadcast: 0, posts_per_step: 0}}
processes: [strategy, social_media, funnel, market, accounting]
)";

}  // namespace

TEST_CASE("with fixed category demand, total purchases do not depend on how spending is divided",
          "[market][validation]") {
  const RunSeries even = run_text(kBroadcast, kFixedDemand);
  const RunSeries a_only = run_text(
      kBroadcast,
      fixed_demand({"brands[0].budget.money_per_step=200", "brands[1].budget.money_per_step=0"}));
  const RunSeries b_only = run_text(
      kBroadcast,
      fixed_demand({"brands[0].budget.money_per_step=0", "brands[1].budget.money_per_step=200"}));
  for (const RunSeries* r : {&a_only, &b_only}) {
    REQUIRE(r->find("category_purchases") != nullptr);
    CHECK(r->find("category_purchases")->values == even.find("category_purchases")->values);
    for (Step t = 0; t < r->steps; ++t)
      CHECK(r->at("purchases", t, 0) + r->at("purchases", t, 1) ==
            even.at("purchases", t, 0) + even.at("purchases", t, 1));
  }
  // ... while the division of the purchases follows the spending.
  const double share_a_only = total(a_only, "purchases", 0),
               share_b_only = total(b_only, "purchases", 0);
  INFO("purchases of a: a spends all " << share_a_only << ", b spends all " << share_b_only);
  CHECK(total(even, "purchases", 0) > 0.0);
  CHECK(share_a_only > 1.1 * share_b_only);
}

TEST_CASE("a louder rival lowers a brand's purchases under choice", "[market][validation]") {
  const RunSeries quiet = run_text(kBroadcast, {});
  const RunSeries loud = run_text(kBroadcast, {"brands[1].budget.money_per_step=200"});
  const double a_quiet = total(quiet, "purchases", 0), a_loud = total(loud, "purchases", 0);
  INFO("purchases of a: rival silent " << a_quiet << ", rival loud " << a_loud);
  CHECK(a_quiet > 0.0);
  CHECK(a_loud < 0.9 * a_quiet);
  CHECK(loud.at("market_share", loud.steps - 1, 0) < quiet.at("market_share", quiet.steps - 1, 0));
}

TEST_CASE("a louder rival lowers a brand's reads and purchases under limited attention",
          "[market][validation]") {
  const RunSeries quiet = run_text(kFeed, {});
  const RunSeries loud = run_text(kFeed, {"brands[1].strategy.posts_per_step=8"});
  INFO("a: impressions " << total(quiet, "impressions", 0) << " -> "
                         << total(loud, "impressions", 0) << ", purchases "
                         << total(quiet, "purchases", 0) << " -> " << total(loud, "purchases", 0));
  CHECK(total(loud, "impressions", 0) < 0.8 * total(quiet, "impressions", 0));
  CHECK(total(quiet, "purchases", 0) > 0.0);
  CHECK(total(loud, "purchases", 0) < 0.9 * total(quiet, "purchases", 0));
  CHECK(total(loud, "share_of_voice", 0) < total(quiet, "share_of_voice", 0));
}

TEST_CASE("a twin of one brand's strategy has an effect on its rival", "[market][validation]") {
  RunSeries base = run_text(kBroadcast, {"brands[1].budget.money_per_step=50"});
  const RunSeries twin = run_text(kBroadcast, {"brands[1].budget.money_per_step=0"});
  add_incremental_metrics(base, twin);
  // b's spending takes purchases from a: a's incremental revenue is below zero.
  const double a_incremental = base.at("incremental/revenue", base.steps - 1, 0);
  const double b_incremental = base.at("incremental/revenue", base.steps - 1, 1);
  INFO("incremental revenue from b's spending: a " << a_incremental << ", b " << b_incremental);
  CHECK(a_incremental < 0.0);
  CHECK(b_incremental > 0.0);
}
