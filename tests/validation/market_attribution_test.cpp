// Attribution credits the market's purchases and the sales cycle's won deals to channels
// (docs/model.md step 7, "Attribution"; economics/attribution_tally.hpp): with the market on, every
// purchase carries the true cause of the buyer's last funnel move, so the per-channel true
// purchases and conversions sum to the market's, a channel whose spending produced purchases has a
// return, and turning attribution on changes none of the market's draws. A won deal's value is
// credited to the touch that made its lead.
#include <omp.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "../support/run_text.hpp"
#include "../support/shipped_scenarios.hpp"
#include "snsim/core/channel.hpp"
#include "snsim/economics/attribution.hpp"

using namespace snsim;

namespace {

using test_support::run_text;
using test_support::total;

/// Returns the sum over channels (and `direct` when asked) of total(prefix + channel).
double over_channels(const RunSeries& r, const std::string& prefix, BrandId b, bool direct) {
  double x = direct ? total(r, prefix + "direct", b) : 0.0;
  for (const auto ch : kChannelNames) x += total(r, prefix + std::string(ch), b);
  return x;
}

// Two brands in a market nobody knows at first: a broadcasts, b networks (conversations, groups
// and introductions), so purchases come through several channels.
const std::string kMarket = R"(
seed: 16
time: {steps: 40}
population: {size: 3000, communities: 3}
network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 8}}
market: {category_rate: 0.1, no_purchase_weight: 1}
brands:
  - {name: a, budget: {money_per_step: 50, hours_per_step: 0}, strategy: {broadcast: 1}}
  - {name: b, budget: {money_per_step: 0, hours_per_step: 3},
     strategy: {broadcast: 0, networking: 1, groups: [0], introductions: 3}}
processes: [strategy, broadcast, person_ties, social_networking, word_of_mouth, funnel, market,
            accounting]
)";

}  // namespace

TEST_CASE("attribution credits every market purchase to its true cause and changes no draw",
          "[market][attribution][validation]") {
  const RunSeries off = run_text(kMarket, {});
  const RunSeries on = run_text(kMarket, {"attribution.enabled=true"});
  for (const char* m : {"purchases", "conversions", "market_share", "category_purchases", "aware",
                        "engaged", "revenue", "cost", "roi"})
    CHECK(off.find(m)->values == on.find(m)->values);
  for (BrandId b = 0; b < 2; ++b) {
    INFO("brand " << b);
    const double purchases = total(on, "purchases", b);
    const double conversions = total(on, "conversions", b);
    CHECK(purchases > 0.0);
    // Nobody is aware at set-up, so every buyer got there by a touch: nothing goes uncredited.
    CHECK(over_channels(on, "purchases_true/", b, false) == purchases);
    CHECK(over_channels(on, "conversions_true/", b, false) == conversions);
    for (const auto model : kAttributionModelNames)
      CHECK(over_channels(on, "conversions_measured/" + std::string(model) + "/", b, true) ==
            Approx(conversions));
  }
  // The channels the brands pay for produced purchases, and so a return: ROI above -1.
  const Step last = on.steps - 1;
  CHECK(total(on, "purchases_true/broadcast", 0) > 0.0);
  CHECK(on.at("roi_true/broadcast", last, 0) > -1.0);
  CHECK(on.at("roi_measured/last_touch/broadcast", last, 0) > -1.0);
  CHECK(total(on, "purchases_true/conversation", 1) > 0.0);
  CHECK(on.at("roi_true/conversation", last, 1) > -1.0);
  CHECK(std::isfinite(on.at("attribution_error/last_touch", last, 0)));
}

TEST_CASE("the market's attribution does not depend on the thread count",
          "[market][attribution][validation]") {
  // Above the size at which the market and the funnel run in parallel (core/parallel.hpp).
  const std::vector<std::string> big{"population.size=33000", "time.steps=8",
                                     "attribution.enabled=true",
                                     "brands[0].budget.money_per_step=400"};
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const RunSeries one = run_text(kMarket, big);
  omp_set_num_threads(3);
  const RunSeries three = run_text(kMarket, big);
  omp_set_num_threads(before);
  CHECK(total(one, "purchases_true/broadcast", 0) > 0.0);
  CHECK(test_support::first_difference(one, three).empty());
}

TEST_CASE("attribution credits a won deal's value to the touch that made its lead",
          "[sales][attribution][validation]") {
  // The b2b setting of the claims: deals only; many prospects and quick stages so that deals
  // are won within the run.
  const std::vector<std::string> b2b{
      "processes=[strategy, broadcast, person_ties, social_networking, word_of_mouth, "
      "sales_cycle, funnel, accounting]",
      "economics.order_value=0",
      "sales.prospects=0.5",
      "sales.stages.lead.advance=0.3",
      "sales.stages.qualified.advance=0.3",
      "sales.stages.opportunity.advance=0.3",
      "time.steps=60"};
  std::vector<std::string> with = b2b;
  with.push_back("attribution.enabled=true");
  const RunSeries off = run_text(kMarket, b2b);
  const RunSeries on = run_text(kMarket, with);
  for (const char* m : {"deals_won", "deal_revenue", "leads_created", "revenue", "roi"})
    CHECK(off.find(m)->values == on.find(m)->values);
  const Step last = on.steps - 1;
  for (BrandId b = 0; b < 2; ++b) {
    INFO("brand " << b);
    const double revenue = on.at("deal_revenue", last, b);
    CHECK(revenue > 0.0);
    double credited = 0.0;
    for (const auto ch : kChannelNames)
      credited += on.at("deal_revenue_true/" + std::string(ch), last, b);
    CHECK(credited == Approx(revenue));  // every lead was made by a touch
  }
  CHECK(on.at("deal_revenue_true/broadcast", last, 0) > 0.0);
  CHECK(on.at("roi_true/broadcast", last, 0) > -1.0);
  // The networker's deals came through its relationships.
  double networking = 0.0;
  for (const char* ch : {"conversation", "introduction", "group"})
    networking += on.at("deal_revenue_true/" + std::string(ch), last, 1);
  CHECK(networking > 0.0);
}
