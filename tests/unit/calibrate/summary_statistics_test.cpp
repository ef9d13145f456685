// Summary statistics (summary_statistics.hpp): computed over the observed steps, alike on the
// observed rows and on a run's series.
#include <catch2/catch.hpp>

#include <cmath>

#include "snsim/calibrate/summary_statistics.hpp"

using namespace snsim;

namespace {

SummarySpec spec(const std::string& statistic) {
  SummarySpec s;
  s.metric = "aware";
  s.brand = "b";
  s.statistic = statistic;
  s.path = "calibrate.summaries[0]";
  return s;
}

}  // namespace

TEST_CASE("summaries read the observed steps: series, final, peak, peak_step, time_to_half",
          "[calibrate]") {
  ObservedData obs;
  obs.path = "obs.csv";
  const double v[] = {0, 10, 40, 30};
  for (int t = 0; t < 4; ++t) obs.rows.push_back({t * 2, "aware", "b", v[t], t + 2});
  const auto defs = define_summaries(
      {spec("series"), spec("final"), spec("peak"), spec("peak_step"), spec("time_to_half")}, obs);
  REQUIRE(defs.size() == 8);
  CHECK(defs[1].name == "aware[b]@2");
  CHECK(defs[1].step == 2);
  CHECK(defs[4].name == "aware[b]:final");
  CHECK(defs[4].observed == 30);
  CHECK(defs[5].observed == 40);
  CHECK(defs[6].observed == 4);  // peak at step 4
  CHECK(defs[7].observed == 4);  // first observed step >= 20
  CHECK(defs[7].step == -1);

  // A run of 8 steps, one brand: summaries read steps 0, 2, 4, 6 only.
  RunSeries run;
  run.steps = 8;
  run.brands = {"b"};
  MetricSeries m;
  m.name = "aware";
  m.values = {0, 100, 5, 100, 6, 100, 8, 100};
  run.metrics.push_back(m);
  const auto x = compute_summaries(defs, run);
  CHECK(x[0] == 0);
  CHECK(x[3] == 8);
  CHECK(x[4] == 8);  // final = step 6
  CHECK(x[5] == 8);  // peak
  CHECK(x[6] == 6);  // peak_step
  CHECK(x[7] == 2);  // half the peak is 4: 5 at step 2 reaches it
  RunSeries none = run;
  none.metrics.clear();
  CHECK(std::isnan(compute_summaries(defs, none)[0]));
}

TEST_CASE("a summary whose metric has no observed rows is refused at its place", "[calibrate]") {
  ObservedData obs;
  obs.path = "obs.csv";
  obs.rows.push_back({0, "reach", "b", 1, 2});
  CHECK_THROWS_WITH(
      define_summaries({spec("final")}, obs),
      Catch::Contains("calibrate.summaries[0]") && Catch::Contains("has no rows of aware[b]"));
}
