// A run packed for a sweep's part file (sim/sweep/packed_run.hpp) unpacks exactly as it was, and
// damaged bytes are refused with one line instead of read.
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

#include "../../../sim/sweep/packed_run.hpp"
#include "../../support/run_record_checks.hpp"

namespace snsim {
namespace {

RunRecord sample_run() {
  RunRecord run;
  run.index = 123456789;
  run.seed = 0xFFFFFFFFFFFFFFFFULL;
  run.replicate = 7;
  run.status = "complete";
  run.wall_time_s = 0.125;
  run.parameters = {{"brands[0].budget.money_per_step", "50"}, {"platform.ranking", "mix"}};
  run.series.steps = 3;
  run.series.brands = {"Acme", "Bolt \xC3\xA9"};
  run.series.metrics.push_back(
      MetricSeries{"reach", "agents", "people reached", true, {1, 2, 3, 4, 5, 6}});
  run.series.metrics.push_back(MetricSeries{
      "visits_true/post",
      "1",
      "",
      false,
      {-0.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}});
  run.series.id_lists.push_back(IdList{"seeds", {0, 42, 1ULL << 63}});
  return run;
}

}  // namespace

TEST_CASE("a packed run unpacks exactly as it was, value bits, order and text", "[sweep]") {
  const RunRecord run = sample_run();
  const RunRecord back = detail::unpack_run(detail::pack_run(run), "part.h5: /runs/123456789");
  test_support::check_same_run(back, run, true);
  REQUIRE(back.series.id_lists.size() == 1);
  CHECK(back.series.id_lists[0].name == "seeds");
  CHECK(back.series.id_lists[0].ids == run.series.id_lists[0].ids);
}

TEST_CASE("a run without brands, steps or metrics packs too", "[sweep]") {
  RunRecord run;
  run.index = 3;
  const RunRecord back = detail::unpack_run(detail::pack_run(run), "p");
  CHECK(back.index == 3);
  CHECK(back.series.steps == 0);
  CHECK(back.series.brands.empty());
  CHECK(back.series.metrics.empty());
}

TEST_CASE("damaged or truncated packed runs are refused with one line naming where", "[sweep]") {
  const std::vector<unsigned char> bytes = detail::pack_run(sample_run());
  const std::string where = "s.h5.runs/part_000000_x.h5: /runs/123456789";
  const std::string message = where + ": the packed run is damaged or not a packed run";
  for (std::size_t at : {std::size_t{0}, std::size_t{9}, bytes.size() / 2, bytes.size() - 1}) {
    INFO("byte " << at << " of " << bytes.size());
    std::vector<unsigned char> damaged = bytes;
    damaged[at] ^= 0x5A;
    CHECK_THROWS_WITH(detail::unpack_run(damaged, where), message);
  }
  for (std::size_t keep : {std::size_t{0}, std::size_t{7}, bytes.size() - 1}) {
    INFO("first " << keep << " bytes");
    const std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + keep);
    CHECK_THROWS_WITH(detail::unpack_run(cut, where), message);
  }
}

}  // namespace snsim
