// What the scenario loader refuses as a whole document, rather than key by key: a second YAML
// document, aliases that name themselves or expand beyond the limits, and whole numbers that a
// double would round (seeds). And what it still accepts: aliases used as intended.
#include <catch2/catch.hpp>

#include <string>

#include "../../support/text_checks.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/sweep/sweep_runner.hpp"

using namespace snsim;
using snsim::test_support::contains;

namespace {

const std::string kBase =
    "name: t\nseed: 5\ntime: {steps: 3}\npopulation: {size: 100, communities: 2}\n";

/// Returns the message of the ScenarioError that loading text throws ("" if it loads).
std::string error_of(const std::string& text) {
  try {
    load_scenario_text(text, "s.yaml", {});
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("aliases used as intended read like the text written out", "[io][loader]") {
  const Scenario aliased =
      load_scenario_text(kBase +
                             "brands:\n  - name: a\n    budget: &budget {money_per_step: 9}\n"
                             "  - name: b\n    budget: *budget\n",
                         "s.yaml");
  const Scenario written =
      load_scenario_text(kBase +
                             "brands:\n  - name: a\n    budget: {money_per_step: 9}\n"
                             "  - name: b\n    budget: {money_per_step: 9}\n",
                         "s.yaml");
  CHECK(aliased.resolved_yaml == written.resolved_yaml);
}

TEST_CASE("an alias inside what it names, and alias bombs, are refused at their place",
          "[io][loader]") {
  const std::string brands = "brands: [{name: a}]\n";
  CHECK(error_of(kBase + brands + "processes: &p [broadcast, *p]\n") ==
        "s.yaml:6:27: the alias *p is inside the list or mapping it names (&p): it would repeat "
        "itself forever");
  std::string bomb = kBase + brands + "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'g'; ++c) {
    const std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  }
  CHECK(contains(error_of(bomb), "more than 1000000 values"));
  // 65 levels of lists.
  CHECK(contains(
      error_of(kBase + brands + "x: " + std::string(65, '[') + std::string(65, ']') + "\n"),
      "nested too deeply: more than 64 levels"));
  // 63 levels are fine as far as nesting goes (the key is then unknown).
  CHECK(contains(
      error_of(kBase + brands + "x: " + std::string(63, '[') + std::string(63, ']') + "\n"),
      "s.yaml:6:1: x: unknown key"));
}

TEST_CASE("a second YAML document is refused, a leading '---' is fine", "[io][loader]") {
  const std::string one = kBase + "brands: [{name: a}]\n";
  CHECK(error_of("---\n" + one).empty());
  CHECK(contains(error_of(one + "---\nseed: 8\n"), "s.yaml:6:"));
  CHECK(contains(error_of(one + "---\nseed: 8\n"), "a second YAML document"));
}

TEST_CASE("whole numbers are read exactly up to 2^64 - 1", "[io][loader]") {
  const auto seed_of = [](const std::string& text) {
    return load_scenario_text("seed: " + text + "\nbrands: [{name: a}]\n", "s.yaml").seed;
  };
  CHECK(seed_of("18446744073709551615") == 18446744073709551615ULL);
  CHECK(seed_of("18446744073709551614") == 18446744073709551614ULL);
  CHECK(seed_of("9007199254740993") == 9007199254740993ULL);
  CHECK(seed_of("1_000_000_000_000_000_001") == 1000000000000000001ULL);
  CHECK(seed_of("1e6") == 1000000);
  CHECK(contains(error_of("seed: 18446744073709551616\nbrands: [{name: a}]\n"),
                 "seed: expected a whole number from 0 to 18446744073709551615, got "
                 "18446744073709551616"));
  CHECK(contains(error_of("seed: -3\nbrands: [{name: a}]\n"), "got -3"));
  CHECK(contains(error_of("seed: 2e19\nbrands: [{name: a}]\n"), "must be written in digits"));
  CHECK(contains(error_of("time: {steps: 2000000000}\nbrands: [{name: a}]\n"),
                 "time.steps: expected a whole number from 1 to 1000000000, got 2000000000"));
}

TEST_CASE("mpirun's environment says how many ranks it started", "[sweep]") {
  struct Env {
    static const char* none(const char*) { return nullptr; }
    static const char* ompi3(const char* n) {
      const std::string k = n;
      return k == "OMPI_COMM_WORLD_SIZE" ? "3" : k == "OMPI_COMM_WORLD_RANK" ? "1" : nullptr;
    }
    static const char* pmix_rank2(const char* n) {
      return std::string(n) == "PMIX_RANK" ? "2" : nullptr;
    }
    static const char* pmi_one(const char* n) {
      const std::string k = n;
      return k == "PMI_SIZE" ? "1" : k == "PMI_RANK" ? "0" : nullptr;
    }
  };
  CHECK(mpirun_world_size(&Env::none) == 0);
  CHECK(mpirun_world_size(&Env::ompi3) == 3);
  CHECK(mpirun_world_size(&Env::pmix_rank2) == 2);  // no size given: a rank above 0 is not alone
  CHECK(mpirun_world_size(&Env::pmi_one) == 1);
}
