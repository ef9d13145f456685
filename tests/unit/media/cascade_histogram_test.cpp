// Cascade distributions recorded every step: they count every brand root post once, and the largest
// cascade falls in the highest non-empty size bin.
#include <catch2/catch.hpp>

#include <bit>
#include <string>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"

TEST_CASE("cascade size and depth histograms count every brand post and hold the largest cascade",
          "[media]") {
  const snsim::Scenario s = snsim::load_scenario_file(
      SNSIM_SOURCE_DIR "/scenarios/media_reach.yaml", {"time.steps=15", "population.size=5000"});
  snsim::RunOptions options;
  options.seed = s.seed;
  const snsim::RunSeries series = snsim::run_scenario(s, options).series;
  const snsim::Step last = series.steps - 1;
  for (snsim::BrandId b = 0; b < series.brands.size(); ++b) {
    double posts = 0;
    for (snsim::Step t = 0; t < series.steps; ++t) posts += series.at("posts", t, b);
    double by_size = 0, by_depth = 0;
    int highest = -1;
    for (const auto& m : series.metrics) {
      if (!m.per_brand) continue;  // population-wide series have no brand axis
      const double v = m.values[static_cast<std::size_t>(last) * series.brands.size() + b];
      if (m.name.rfind("cascade_size_histogram/", 0) == 0) {
        by_size += v;
        if (v > 0) {
          const auto lo = std::stoull(m.name.substr(m.name.find('/') + 1));
          highest = std::max(highest, static_cast<int>(std::bit_width(lo)) - 1);
        }
      }
      if (m.name.rfind("cascade_depth_histogram/", 0) == 0) by_depth += v;
    }
    INFO("brand " << series.brands[b]);
    CHECK(posts > 0);
    // Every root post (own posts, influencers' posts and promoted posts) is in one bin of each.
    CHECK(by_size >= posts);
    CHECK(by_depth == by_size);
    const auto largest = static_cast<unsigned long long>(series.at("cascade_largest", last, b));
    CHECK(highest == static_cast<int>(std::bit_width(largest)) - 1);
  }
}
