// Calibration of the social media channel against the 'target' rows of
// docs/parameters.md section 1: with the default parameters, a brand's organic post
// reaches about 5% of its followers (range 0.01-0.15, E1-E4) and draws about 0.001 engagements
// (likes, shares, replies) per follower (range 0.0003-0.05, E5, E6).
#include <catch2/catch.hpp>

#include "../unit/media/media_test_support.hpp"
#include "snsim/io/scenario_loader.hpp"

TEST_CASE("default parameters reproduce organic reach and engagement per follower",
          "[validation][media][calibration]") {
  const snsim::Scenario sc = snsim::load_scenario_text(
      "population: {size: 20000}\n"
      "time: {steps: 30}\n"
      "brands: [{name: b, strategy: {broadcast: 0, posts_per_step: 1}}]\n"
      "processes: [social_media]\n",
      "<calibration>");
  snsim::World world = snsim::build_world(sc, sc.seed);
  const snsim::RunSeries s = snsim::test::run_social_media(world, sc.seed, sc.time.steps);
  double reached = 0.0, engaged = 0.0, audience = 0.0;
  for (snsim::Step t = 5; t < sc.time.steps; ++t) {
    const double followers = s.at("followers", t, 0);
    audience += s.at("posts", t, 0) * followers;
    reached += s.at("impressions", t, 0);
    engaged += s.at("likes", t, 0) + s.at("shares", t, 0) + s.at("replies", t, 0);
  }
  REQUIRE(audience > 0);
  const double reach_rate = reached / audience;
  const double engagement = engaged / audience;
  INFO("organic reach per post " << reach_rate << " of followers; engagement per follower per post "
                                 << engagement);
  CHECK(reach_rate >= 0.01);
  CHECK(reach_rate <= 0.15);
  CHECK(reach_rate == Approx(0.05).margin(0.025));
  CHECK(engagement >= 0.0003);
  CHECK(engagement <= 0.05);
}
