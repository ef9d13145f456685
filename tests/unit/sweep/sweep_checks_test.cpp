// The checks of a whole sweep block (sweep_checks.hpp): one key in two spellings, keys of the
// sweep block itself, and the run-count limit, each refused before anything is allocated.
#include <catch2/catch.hpp>

#include <string>

#include "../../support/text_checks.hpp"
#include "snsim/sweep/sweep_checks.hpp"
#include "snsim/sweep/sweep_spec.hpp"

using namespace snsim;
using snsim::test_support::contains;

namespace {

const std::string kBase =
    "name: t\nseed: 5\ntime: {steps: 3}\npopulation: {size: 100, communities: 2}\n"
    "brands:\n  - name: a\n  - name: b\n";

/// Returns the message of the ScenarioError parse_sweep throws ("" if it parses).
std::string error_of(const std::string& sweep) {
  try {
    parse_sweep(kBase + sweep, "t.yaml", {});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a key path is one key in any spelling", "[sweep]") {
  CHECK(canonical_sweep_key("brands[0].budget.money_per_step") == "brands.0.budget.money_per_step");
  CHECK(canonical_sweep_key("brands.0.x") == "brands.0.x");
  const std::string e = error_of(
      "sweep:\n  grid:\n    brands[1].budget.money_per_step: [1, 2]\n"
      "    brands.1.budget.money_per_step: [3]\n");
  CHECK(contains(e,
                 "t.yaml:11:5: sweep: key path 'brands.1.budget.money_per_step' is swept twice "
                 "(also as 'brands[1].budget.money_per_step' at line 10)"));
  CHECK(error_of("sweep:\n  grid:\n    brands[1].budget.money_per_step: [1, 2]\n"
                 "    brands[0].budget.money_per_step: [3]\n")
            .empty());
}

TEST_CASE("keys of the sweep block itself cannot be swept", "[sweep]") {
  CHECK(contains(error_of("sweep:\n  grid:\n    sweep.replicates: [1, 2]\n"), "cannot be swept"));
  CHECK(contains(error_of("sweep:\n  random:\n    samples: 2\n    ranges:\n"
                          "      sweep.replicates: {min: 1, max: 3}\n"),
                 "cannot be swept"));
}

TEST_CASE("a sweep of more than kMaxSweepRuns runs is refused with its count", "[sweep]") {
  // 1,000 x 1,000 = kMaxSweepRuns exactly is allowed; one replicate more is not.
  std::string values;
  for (int i = 1; i <= 1000; ++i) values += (i > 1 ? ", " : "") + std::to_string(i);
  const std::string grid = "sweep:\n  grid:\n    brands[0].budget.money_per_step: [" + values +
                           "]\n    brands[1].budget.money_per_step: [" + values + "]\n";
  CHECK(error_of(grid).empty());
  CHECK(error_of(grid + "  replicates: 2\n") ==
        "t.yaml:9:3: sweep: the sweep has 2000000 runs (1000 x 1000 x 2 replicates); a sweep has "
        "at most 1000000: split the study into several sweeps");
  CHECK(contains(error_of("sweep:\n  random:\n    samples: 4000000000\n    ranges:\n"
                          "      word_of_mouth.rate: {min: 0.001, max: 0.01}\n"),
                 "the sweep has 4000000000 runs (4000000000 samples x 1 replicates)"));
}
