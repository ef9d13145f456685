// Competition (issue 5 item 6): several brands in one population compete for the same limited
// attention, so a rival's posts take reads from a brand's posts.
#include <catch2/catch.hpp>

#include <string>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

using namespace snsim;

namespace {

// Small feeds and little attention: every brand post competes with the others for a few reads.
const std::string kText = R"(
seed: 9
time: {steps: 25}
population: {size: 3000, communities: 3, attention: 2}
network: {generator: barabasi_albert, barabasi_albert: {m: 4}}
platform: {ranking: chronological, feed_capacity: 4, background_items: 0, person_posts: 0,
           follow_graph: {brand_follow: 0.5}}
brands:
  - {name: a, budget: {money_per_step: 0}, strategy: {broadcast: 0, posts_per_step: 2}}
  - {name: b, budget: {money_per_step: 0}, strategy: {broadcast: 0, posts_per_step: 0}}
processes: [strategy, social_media, funnel, accounting]
)";

double impressions_of_a(const std::string& rival_posts) {
  const Scenario s = load_scenario_text(kText, "<competition>",
                                        {"brands[1].strategy.posts_per_step=" + rival_posts});
  RunOptions o;
  o.seed = s.seed;
  const RunSeries r = run_scenario(s, o).series;
  double x = 0;
  for (Step t = 0; t < r.steps; ++t) x += r.at("impressions", t, 0);
  return x;
}

}  // namespace

TEST_CASE("a rival brand posting more takes limited attention from a brand's posts") {
  const double alone = impressions_of_a("0");
  const double rival = impressions_of_a("2");
  const double loud = impressions_of_a("8");
  INFO("impressions of a: rival silent " << alone << ", rival 2 posts " << rival << ", rival 8 "
                                         << loud);
  CHECK(alone > 0.0);
  CHECK(rival < 0.9 * alone);
  CHECK(loud < 0.8 * rival);
}
