// The scenario loader's strict schema (docs/model.md section 7): every bad input is one
// ScenarioError that names the place (file:line:column, or the `--set` override) and the key path;
// the resolved scenario reads back to itself; scenarios/README.md and docs/parameters.md document
// every key path (the latter with the loader's defaults), and docs/model.md names only real keys.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "../../support/temp_dir.hpp"
#include "../../support/text_checks.hpp"
#include "snsim/io/detail/yaml_tree.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace fs = std::filesystem;
using snsim::load_scenario_file;
using snsim::load_scenario_text;
using snsim::ScenarioError;
using snsim::test_support::contains;
using snsim::test_support::starts_with;
using snsim::test_support::TempDir;

namespace {

/// The message and key path of the ScenarioError a load throws.
struct Failure {
  std::string what;
  std::string key_path;
};

/// Returns the error of loading `text` as "s.yaml"; fails the test if it loads.
Failure failure_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_text(text, "s.yaml", overrides);
  } catch (const ScenarioError& e) {
    return {e.what(), e.key_path()};
  }
  FAIL("the scenario loaded, but an error was expected:\n" << text);
  return {};
}

/// Returns the error of loading the file at path; fails the test if it loads.
Failure file_failure_of(const std::string& path, const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_file(path, overrides);
  } catch (const ScenarioError& e) {
    return {e.what(), e.key_path()};
  }
  FAIL("the scenario file loaded, but an error was expected: " << path);
  return {};
}

const std::string kBrand = "brands: [{name: a}]\n";

}  // namespace

// ---- malformed YAML -----------------------------------------------------------------------------

TEST_CASE("an unclosed flow list is reported at the line where the parser gives up",
          "[io][loader]") {
  const Failure f = failure_of("brands: [{name: a}\ntime: {steps: 5}\n");
  CHECK(starts_with(f.what, "s.yaml:2:1: "));
  CHECK(contains(f.what, "invalid YAML"));
  CHECK(contains(f.what, "flow"));
}

TEST_CASE("a value indented deeper than its siblings is invalid YAML at its line and column",
          "[io][loader]") {
  const Failure f = failure_of("time:\n  steps: 5\n   unit: day\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:3:8: "));
  CHECK(contains(f.what, "invalid YAML"));
}

TEST_CASE("a tab in indentation is reported at the tab and named", "[io][loader]") {
  const Failure f = failure_of("time:\n\tsteps: 5\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:2:1: "));
  CHECK(contains(f.what, "tab"));
}

TEST_CASE("an unclosed quote is reported where it opens, with its key path", "[io][loader]") {
  const Failure f = failure_of("name: \"abc\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:1:7: name: "));
  CHECK(contains(f.what, "never closed"));
  CHECK(f.key_path == "name");
}

TEST_CASE("a duplicate key names the line of the second and of the first", "[io][loader]") {
  const Failure f = failure_of("time: {steps: 5}\nseed: 1\ntime: {steps: 6}\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:3:1: time: "));
  CHECK(contains(f.what, "duplicate key"));
  CHECK(contains(f.what, "line 1"));
  CHECK(f.key_path == "time");
}

TEST_CASE("a duplicate key inside a nested block names its full key path", "[io][loader]") {
  const Failure f = failure_of("population:\n  size: 500\n  size: 600\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:3:3: population.size: duplicate key"));
  CHECK(contains(f.what, "line 2"));
}

// ---- unknown keys
// ---------------------------------------------------------------------------------

TEST_CASE("an unknown top-level key gets a did-you-mean suggestion", "[io][loader]") {
  const Failure f = failure_of("seeed: 1\n" + kBrand);
  CHECK(f.what == "s.yaml:1:1: seeed: unknown key (did you mean 'seed'?)");
  CHECK(f.key_path == "seeed");
}

TEST_CASE("an unknown key in population.activity gets a did-you-mean suggestion", "[io][loader]") {
  const Failure f = failure_of("population:\n  activity:\n    meen: 3\n" + kBrand);
  CHECK(f.what == "s.yaml:3:5: population.activity.meen: unknown key (did you mean 'mean'?)");
}

TEST_CASE("an unknown key in the second brand's budget names the second brand and suggests",
          "[io][loader]") {
  const Failure f =
      failure_of("brands:\n  - name: a\n  - name: b\n    budget:\n      money_per_stpe: 3\n");
  CHECK(
      f.what ==
      "s.yaml:5:7: brands[1].budget.money_per_stpe: unknown key (did you mean 'money_per_step'?)");
  CHECK(f.key_path == "brands[1].budget.money_per_stpe");
}

TEST_CASE("an unknown key with no close match lists the keys known in its block", "[io][loader]") {
  const Failure f = failure_of("population:\n  zzzzqqq: 3\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:2:3: population.zzzzqqq: unknown key; known keys here: "));
  for (const char* k : {"activity", "attention", "communities", "interest_spread", "reply", "share",
                        "size", "skepticism", "topics"})
    CHECK(contains(f.what, k));
  CHECK_FALSE(contains(f.what, "did you mean"));
}

TEST_CASE("a present but unused generator block is still checked for unknown keys",
          "[io][loader]") {
  const Failure f = failure_of(
      "network:\n  generator: complete\n  watts_strogatz: {k: 4, betta: 0.1}\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:3:"));
  CHECK(contains(f.what, "network.watts_strogatz.betta: unknown key (did you mean 'beta'?)"));
}

// ---- wrong types
// ------------------------------------------------------------------------------------

TEST_CASE("a word where a number is expected is a type error at the value", "[io][loader]") {
  const Failure f = failure_of("time:\n  steps: many\n" + kBrand);
  CHECK(f.what == "s.yaml:2:10: time.steps: expected a number, got 'many'");
}

TEST_CASE("a quoted number is a string, never a number", "[io][loader]") {
  const Failure f = failure_of("time:\n  steps: \"5\"\n" + kBrand);
  CHECK(f.what == "s.yaml:2:10: time.steps: expected a number, got a quoted string");
  const Failure g = failure_of("funnel:\n  broadcast: {aware: '0.5'}\n" + kBrand);
  CHECK(starts_with(g.what, "s.yaml:2:22: funnel.broadcast.aware: "));
  CHECK(contains(g.what, "quoted string"));
}

TEST_CASE("a list where a mapping is expected is a type error at the list", "[io][loader]") {
  const Failure f = failure_of("time: [1, 2]\n" + kBrand);
  CHECK(f.what == "s.yaml:1:7: time: expected a mapping of keys, got a list");
}

TEST_CASE("a mapping where a number is expected is a type error", "[io][loader]") {
  const Failure f = failure_of("economics:\n  cpm: {a: 1}\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:2:8: economics.cpm: expected a number, got a mapping"));
}

TEST_CASE("yes is not read as a boolean or a number", "[io][loader]") {
  // The schema has no boolean key today, so `yes` can only be tested where a number is expected:
  // it stays the word 'yes' (YAML 1.1's boolean spelling is not honoured).
  const Failure f = failure_of("time:\n  steps: yes\n" + kBrand);
  CHECK(f.what == "s.yaml:2:10: time.steps: expected a number, got 'yes'");
}

TEST_CASE("digit groups like 1_000 read as numbers", "[io][loader]") {
  const snsim::Scenario s = load_scenario_text("population: {size: 1_000}\n" + kBrand, "s.yaml");
  CHECK(s.population.size == 1000);
}

// ---- ranges ------------------------------------------------------------------------------------

TEST_CASE("a negative population size is rejected at its value", "[io][loader]") {
  const Failure f = failure_of("population:\n  size: -5\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:2:9: population.size: expected a whole number"));
  CHECK(contains(f.what, "-5"));
}

TEST_CASE("zero steps are rejected with the allowed range", "[io][loader]") {
  const Failure f = failure_of("time:\n  steps: 0\n" + kBrand);
  CHECK(f.what == "s.yaml:2:10: time.steps: expected a whole number from 1 to 1000000000, got 0");
}

TEST_CASE("a fractional count is rejected", "[io][loader]") {
  const Failure f = failure_of("time:\n  steps: 2.5\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:2:10: time.steps: expected a whole number"));
}

TEST_CASE("a probability of 1.5 is rejected with [0, 1]", "[io][loader]") {
  const Failure f = failure_of("funnel:\n  broadcast:\n    aware: 1.5\n" + kBrand);
  CHECK(f.what == "s.yaml:3:12: funnel.broadcast.aware: expected a number in [0, 1], got 1.5");
}

TEST_CASE("an odd watts_strogatz.k is rejected", "[io][loader]") {
  const Failure f =
      failure_of("network:\n  generator: watts_strogatz\n  watts_strogatz: {k: 5}\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:3:23: network.watts_strogatz.k: must be even"));
}

TEST_CASE("barabasi_albert.m at or above population.size is rejected", "[io][loader]") {
  const Failure f = failure_of(
      "population: {size: 50, communities: 1}\nnetwork:\n  barabasi_albert: {m: 50}\n" + kBrand);
  CHECK(f.what ==
        "s.yaml:3:24: network.barabasi_albert.m: must be smaller than population.size (50)");
}

TEST_CASE("more communities than agents are rejected", "[io][loader]") {
  const Failure f = failure_of("population: {size: 5, communities: 6}\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:1:"));
  CHECK(contains(f.what, "population.communities: "));
}

// ---- names: generators, processes, brands -------------------------------------------------------

TEST_CASE("an unknown generator gets a suggestion and the list of generators", "[io][loader]") {
  const Failure f = failure_of("network:\n  generator: barabasi_albret\n" + kBrand);
  CHECK(starts_with(f.what,
                    "s.yaml:2:14: network.generator: unknown value 'barabasi_albret' "
                    "(did you mean 'barabasi_albert'?)"));
  CHECK(contains(f.what, "watts_strogatz"));
  CHECK(contains(f.what, "edge_list"));
}

TEST_CASE("an unknown process name gets a suggestion", "[io][loader]") {
  const Failure f = failure_of("processes: [broadcast, word_of_muoth]\n" + kBrand);
  CHECK(starts_with(f.what,
                    "s.yaml:1:24: processes[1]: unknown process 'word_of_muoth' "
                    "(did you mean 'word_of_mouth'?)"));
  for (const char* known : {"known: ", "broadcast", "word_of_mouth", "funnel", "accounting"})
    CHECK(contains(f.what, known));
  CHECK(f.key_path == "processes[1]");
}

TEST_CASE("a process listed twice is rejected", "[io][loader]") {
  const Failure f = failure_of("processes: [broadcast, funnel, broadcast]\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:1:32: processes[2]: "));
  CHECK(contains(f.what, "twice"));
}

TEST_CASE("the default pipeline runs broadcast, word_of_mouth, funnel, accounting in order",
          "[io][loader]") {
  // Other processes may sit between them; these four keep their order and accounting comes last.
  const snsim::Scenario s = load_scenario_text(kBrand, "s.yaml");
  std::size_t next = 0;
  for (const std::string p : {"broadcast", "word_of_mouth", "funnel", "accounting"}) {
    const auto it =
        std::find(s.processes.begin() + static_cast<std::ptrdiff_t>(next), s.processes.end(), p);
    CHECK(it != s.processes.end());
    if (it != s.processes.end()) next = static_cast<std::size_t>(it - s.processes.begin());
  }
  CHECK(s.processes.back() == "accounting");
}

TEST_CASE("a scenario without brands runs processes that act on people only", "[io][loader]") {
  // A classic model of diffusion needs no brand: `brands:` left out, or an empty list.
  for (const std::string text :
       {"processes: [contagion]\n", "brands: []\nprocesses: [memes, person_ties]\n"}) {
    const snsim::Scenario s = load_scenario_text(text, "s.yaml");
    CHECK(s.brands.empty());
    // The resolved scenario says so, and reads back to itself.
    CHECK(contains(s.resolved_yaml, "\nbrands: []\n"));
    CHECK(load_scenario_text(s.resolved_yaml, "r.yaml").resolved_yaml == s.resolved_yaml);
  }
}

TEST_CASE("a scenario without brands is refused at the first process that acts on brands",
          "[io][loader]") {
  const Failure f = failure_of("processes: [contagion, funnel]\n");
  CHECK(f.what ==
        "s.yaml:1:24: processes[1]: process 'funnel' acts on brands, and the scenario has no "
        "brands: add a brands: list, or remove 'funnel' (processes that act on people only: "
        "person_ties, contagion, memes)");
  CHECK(f.key_path == "processes[1]");
  CHECK(contains(failure_of("brands: []\nprocesses: [market]\n").what,
                 "s.yaml:2:13: processes[0]: process 'market' acts on brands"));
  // Through --set too: the place is the override.
  CHECK(starts_with(
      failure_of("processes: [contagion]\n", {"processes=[sales_cycle]"}).what,
      "--set processes=[sales_cycle]: processes[0]: process 'sales_cycle' acts on brands"));
}

TEST_CASE("a scenario without brands and without processes is refused at brands", "[io][loader]") {
  // The default pipeline (strategy, broadcast, funnel, accounting, ...) acts on brands.
  const Failure f = failure_of("seed: 3\n");
  CHECK(f.what ==
        "s.yaml:1:1: brands: the scenario has no brands and no processes: list, and the default "
        "pipeline acts on brands: add a brands: list, or a processes: list of processes that act "
        "on people only (person_ties, contagion, memes)");
  CHECK(starts_with(failure_of("seed: 3\nbrands: []\n").what, "s.yaml:2:9: brands: "));
  // `brand:` is a typo of `brands`, not a missing list.
  CHECK(failure_of("brand: [{name: a}]\n").what ==
        "s.yaml:1:1: brand: unknown key (did you mean 'brands'?)");
}

TEST_CASE("a key of a brand cannot be set in a scenario without brands", "[io][loader][set]") {
  // Indexing an absent list would otherwise make a mapping of it ("brands: expected a list").
  CHECK(failure_of("processes: [contagion]\n", {"brands[0].name=x"}).what ==
        "--set brands[0].name=x: brands.0: index out of range: the scenario has no 'brands' list");
  CHECK(failure_of("brands: []\nprocesses: [contagion]\n", {"brands[0].name=x"}).what ==
        "--set brands[0].name=x: brands.0: index out of range: the list has 0 items");
}

TEST_CASE("a brand without a name is reported at the brand's mapping", "[io][loader]") {
  const Failure f = failure_of("brands:\n  - name: a\n  - budget: {money_per_step: 1}\n");
  CHECK(f.what == "s.yaml:3:5: brands[1].name: required key is missing");
}

TEST_CASE("two brands with the same name are rejected at the second", "[io][loader]") {
  const Failure f = failure_of("brands:\n  - name: a\n  - name: a\n");
  CHECK(f.what == "s.yaml:3:5: brands[1].name: duplicate brand name 'a'");
}

TEST_CASE("a brand name with spaces is rejected", "[io][loader]") {
  const Failure f = failure_of("brands:\n  - name: my brand\n");
  CHECK(starts_with(f.what, "s.yaml:2:11: brands[0].name: "));
}

// ---- whole documents ---------------------------------------------------------------------------

TEST_CASE("an empty file is rejected as empty", "[io][loader]") {
  const Failure f = failure_of("");
  CHECK(f.what ==
        "s.yaml:1:1: the scenario is empty; it must be a mapping of keys (name, seed, ...)");
  CHECK(f.key_path.empty());
  const Failure g = failure_of("# only a comment\n");
  CHECK(starts_with(g.what, "s.yaml:1:1: the scenario is empty"));
}

TEST_CASE("a file that is a YAML list is rejected", "[io][loader]") {
  const Failure f = failure_of("- a\n- b\n");
  CHECK(f.what == "s.yaml:1:1: the scenario must be a mapping of keys (name, seed, ...)");
}

TEST_CASE("binary garbage is rejected at its first control byte", "[io][loader]") {
  const Failure f = failure_of(std::string("seed: 1\x01\x02\nbrands: []\n"));
  CHECK(f.what == "s.yaml:1:8: not a text file: control byte 0x01");
  const Failure g = failure_of(std::string("seed: 1\nname: a\0b\n", 18));
  CHECK(f.key_path.empty());
  CHECK(starts_with(g.what, "s.yaml:2:8: not a text file: control byte 0x00"));
}

TEST_CASE("a missing scenario file names its path", "[io][loader]") {
  TempDir tmp;
  const std::string path = (tmp.path() / "nope.yaml").string();
  const Failure f = file_failure_of(path);
  CHECK(starts_with(f.what, path + ": cannot open: "));
}

TEST_CASE("a folder given as the scenario file is rejected", "[io][loader]") {
  TempDir tmp;
  const Failure f = file_failure_of(tmp.path().string());
  CHECK(starts_with(f.what, tmp.path().string() + ": "));
  CHECK(contains(f.what, "folder"));
}

TEST_CASE("errors in a scenario file name the file's path", "[io][loader]") {
  TempDir tmp;
  const std::string path = tmp.write("bad.yaml", "time:\n  stpes: 3\n" + kBrand);
  const Failure f = file_failure_of(path);
  CHECK(f.what == path + ":2:3: time.stpes: unknown key (did you mean 'steps'?)");
}

// ---- edge lists
// ----------------------------------------------------------------------------------

namespace {
std::string edge_list_scenario(const std::string& path, int size = 10) {
  return "population: {size: " + std::to_string(size) +
         ", communities: 1}\nnetwork:\n  generator: edge_list\n  edge_list: {path: " + path +
         "}\n" + kBrand;
}
}  // namespace

TEST_CASE("an edge-list path is resolved against the scenario's folder", "[io][loader]") {
  TempDir tmp;
  tmp.write("sub/edges.txt", "# a triangle\n0 1\n1 2\n2 0\n");
  const std::string scenario = tmp.write("sub/s.yaml", edge_list_scenario("edges.txt"));
  const snsim::Scenario s = load_scenario_file(scenario);
  CHECK(s.network.generator == snsim::GraphGenerator::edge_list);
  CHECK(fs::equivalent(s.network.edge_list_path, tmp.path() / "sub" / "edges.txt"));
}

TEST_CASE("a missing edge-list file names the scenario's place and the missing path",
          "[io][loader]") {
  TempDir tmp;
  const std::string scenario = tmp.write("s.yaml", edge_list_scenario("edges.txt"));
  const Failure f = file_failure_of(scenario);
  CHECK(starts_with(f.what, scenario + ":4:21: network.edge_list.path: "));
  CHECK(contains(f.what, (tmp.path() / "edges.txt").string()));
  CHECK(contains(f.what, "cannot open"));
  CHECK(f.key_path == "network.edge_list.path");
}

TEST_CASE("an edge list with a bad line says which line of which file", "[io][loader]") {
  TempDir tmp;
  const std::string edges = tmp.write("edges.txt", "0 1\n1 2\n# comment\n3 x\n");
  const std::string scenario = tmp.write("s.yaml", edge_list_scenario("edges.txt"));
  const Failure f = file_failure_of(scenario);
  CHECK(starts_with(f.what, scenario + ":4:21: network.edge_list.path: "));
  CHECK(contains(f.what, edges + ":4: "));
  CHECK(contains(f.what, "'3 x'"));
}

TEST_CASE("an edge list naming a node outside the population is rejected", "[io][loader]") {
  TempDir tmp;
  tmp.write("edges.txt", "0 1\n1 20\n");
  const std::string scenario = tmp.write("s.yaml", edge_list_scenario("edges.txt"));
  const Failure f = file_failure_of(scenario);
  CHECK(starts_with(f.what, scenario + ":4:21: network.edge_list.path: "));
  CHECK(contains(f.what, "node 20"));
  CHECK(contains(f.what, "population.size 10"));
  // node 9 with size 10 is fine: ids are 0-based.
  tmp.write("edges.txt", "0 1\n1 9\n");
  CHECK_NOTHROW(load_scenario_file(scenario));
}

TEST_CASE("the edge_list generator requires a path", "[io][loader]") {
  const Failure f = failure_of("network: {generator: edge_list}\n" + kBrand);
  CHECK(starts_with(f.what, "s.yaml:1:"));
  CHECK(contains(f.what, "network.edge_list.path: required key is missing"));
}

// ---- --set overrides ---------------------------------------------------------------------------

TEST_CASE("an override --set sets a nested key", "[io][loader][set]") {
  const snsim::Scenario s =
      load_scenario_text(kBrand, "s.yaml", {"population.activity.mean=3", "time.steps=1_000"});
  CHECK(s.population.activity_mean == 3.0);
  CHECK(s.time.steps == 1000);
}

TEST_CASE("an override --set replaces a value given in the file", "[io][loader][set]") {
  const snsim::Scenario s = load_scenario_text("seed: 5\n" + kBrand, "s.yaml", {"seed=9"});
  CHECK(s.seed == 9);
}

TEST_CASE("an override --set indexes a list item as brands[1] and as brands.1",
          "[io][loader][set]") {
  const std::string two = "brands:\n  - name: a\n  - name: b\n";
  const snsim::Scenario s = load_scenario_text(two, "s.yaml", {"brands[1].name=zed"});
  CHECK(s.brands.at(1).name == "zed");
  const snsim::Scenario t = load_scenario_text(two, "s.yaml", {"brands.1.budget.money_per_step=7"});
  CHECK(t.brands.at(1).money_per_step == 7.0);
  CHECK(t.brands.at(0).money_per_step == 50.0);
}

TEST_CASE("an override --set with a bad value names the override and the key path",
          "[io][loader][set]") {
  const Failure f = failure_of(kBrand, {"time.steps=abc"});
  CHECK(f.what == "--set time.steps=abc: time.steps: expected a number, got 'abc'");
  CHECK(f.key_path == "time.steps");
  const Failure g = failure_of(kBrand, {"funnel.referral.aware=2"});
  CHECK(g.what ==
        "--set funnel.referral.aware=2: funnel.referral.aware: expected a number in [0, 1], got 2");
}

TEST_CASE("an override --set of an unknown key gets a suggestion", "[io][loader][set]") {
  const Failure f = failure_of(kBrand, {"popluation.size=5"});
  CHECK(f.what == "--set popluation.size=5: popluation: unknown key (did you mean 'population'?)");
  const Failure g = failure_of(kBrand, {"population.sise=5"});
  CHECK(g.what == "--set population.sise=5: population.sise: unknown key (did you mean 'size'?)");
}

TEST_CASE("an override --set with a list index out of range says how many items there are",
          "[io][loader][set]") {
  const Failure f = failure_of("brands:\n  - name: a\n  - name: b\n", {"brands[5].name=x"});
  CHECK(starts_with(f.what, "--set brands[5].name=x: "));
  CHECK(contains(f.what, "index out of range: the list has 2 items"));
  // The key path is spelled brands.5 here, brands[5] elsewhere; either names the item.
  CHECK((f.key_path == "brands.5" || f.key_path == "brands[5]"));
}

TEST_CASE("an override --set without '=' is rejected", "[io][loader][set]") {
  const Failure f = failure_of(kBrand, {"time.steps"});
  CHECK(f.what == "--set time.steps: expected key.path=value");
}

TEST_CASE("an override --set with a word as a list index is rejected", "[io][loader][set]") {
  const Failure f = failure_of(kBrand, {"brands.x.name=q"});
  CHECK(starts_with(f.what, "--set brands.x.name=q: brands.x: "));
}

TEST_CASE("an override --set of a quoted number is a string", "[io][loader][set]") {
  const Failure f = failure_of(kBrand, {"time.steps=\"5\""});
  CHECK(contains(f.what, "time.steps: expected a number, got a quoted string"));
}

// ---- resolved scenario -------------------------------------------------------------------------

TEST_CASE("the resolved scenario reads back to itself and shows every default", "[io][loader]") {
  const snsim::Scenario a = load_scenario_file(SNSIM_SOURCE_DIR "/scenarios/quickstart.yaml");
  const snsim::Scenario b = load_scenario_text(a.resolved_yaml, "<resolved>");
  CHECK(b.resolved_yaml == a.resolved_yaml);
  for (const char* line : {"interest_spread: 0.5", "repurchase_per_step: 9e-04", "rate: 0.0083",
                           "cpm: 10", "processes:", "- word_of_mouth", "trust_bonus: 0.3"})
    CHECK(contains(a.resolved_yaml, line));
}

TEST_CASE("names that look like numbers or booleans survive the round trip", "[io][loader]") {
  const snsim::Scenario a = load_scenario_text(
      "name: \"2024.1\"\nnetwork: {generator: watts_strogatz}\n"
      "brands:\n  - name: \"on\"\n  - name: \"007\"\n  - name: 'true'\n",
      "s.yaml", {"population.reply=0.00012345"});
  const snsim::Scenario b = load_scenario_text(a.resolved_yaml, "<resolved>");
  CHECK(b.resolved_yaml == a.resolved_yaml);
  CHECK(b.name == "2024.1");
  CHECK(b.brands.at(0).name == "on");
  CHECK(b.brands.at(1).name == "007");
  CHECK(b.brands.at(2).name == "true");
  CHECK(b.population.reply_prob == 0.00012345);
}

// ---- the docs test -----------------------------------------------------------------------------

TEST_CASE("scenarios/README.md documents every scenario key path", "[io][loader][docs]") {
  std::ifstream in(SNSIM_SOURCE_DIR "/scenarios/README.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const auto paths = snsim::scenario_key_paths();
  REQUIRE(paths.size() > 40);
  for (const auto& p : paths) {
    INFO("key path " << p << " must appear in scenarios/README.md as `" << p << "`");
    CHECK(contains(readme, "`" + p + "`"));
  }
}

namespace {

// Returns the text of a file of the source tree ("" if it cannot be read).
std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(SNSIM_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Returns true if text is one number and nothing else, stored in value.
bool whole_number(const std::string& text, double& value) {
  if (text.empty()) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// Returns key path -> scalar text of the resolved scenario of one brand, for every generator (the
// generator blocks are resolved only when chosen). List items are `[]`, as in --keys.
std::map<std::string, std::string> resolved_defaults() {
  std::map<std::string, std::string> out;
  auto walk = [&](auto&& self, const snsim::detail::YamlNode& n, const std::string& at) -> void {
    using Kind = snsim::detail::YamlNode::Kind;
    if (n.kind == Kind::map) {
      for (const auto& e : n.map) self(self, e.second, at.empty() ? e.first : at + "." + e.first);
    } else if (n.kind == Kind::seq && !n.seq.empty() && n.seq.front().kind == Kind::map) {
      self(self, n.seq.front(), at + "[]");
    } else if (n.kind == Kind::scalar) {
      out.emplace(at, n.scalar);
    }
  };
  // The scenario without a network block first: the first value of a path is kept, so
  // network.generator is the default generator, not the last one asked for.
  for (const char* g : {"", "complete", "erdos_renyi", "barabasi_albert", "watts_strogatz",
                        "stochastic_block", "holme_kim"}) {
    const std::string network = *g ? std::string("network: {generator: ") + g + "}\n" : "";
    const snsim::Scenario s = load_scenario_text(network + "brands: [{name: b}]\n", "<docs test>");
    walk(walk, snsim::detail::parse_yaml(s.resolved_yaml, "<resolved>"), "");
  }
  return out;
}

}  // namespace

TEST_CASE("docs/parameters.md gives every key path its default, as the loader resolves it",
          "[io][loader][docs]") {
  const std::string doc = source_file("docs/parameters.md");
  REQUIRE(!doc.empty());
  const auto paths = snsim::scenario_key_paths();
  for (const auto& p : paths) {
    INFO("key path " << p << " must appear in docs/parameters.md as `" << p << "`");
    CHECK(contains(doc, "`" + p + "`"));
  }
  // A table row `| `key` | default | ...`: a default written as one number (or one name in code
  // font) must be the loader's default, so the page cannot drift from the code.
  const auto defaults = resolved_defaults();
  const std::regex row(R"(^\| `([^`]+)` \| ([^|]*?) \|)");
  std::size_t compared = 0;
  std::istringstream lines(doc);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    const auto it = defaults.find(m[1].str());
    if (it == defaults.end()) continue;
    std::string cell = m[2].str();
    if (cell.size() > 2 && cell.front() == '`' && cell.back() == '`')
      cell = cell.substr(1, cell.size() - 2);
    double documented = 0.0, resolved = 0.0;
    INFO("docs/parameters.md row of " << m[1].str() << ": default '" << cell << "', the loader's '"
                                      << it->second << "'");
    if (whole_number(cell, documented)) {
      REQUIRE(whole_number(it->second, resolved));
      CHECK(documented == Approx(resolved).epsilon(1e-12));
      ++compared;
    } else if (cell.find_first_of(" ,[") == std::string::npos) {
      CHECK(cell == it->second);
      ++compared;
    }
  }
  CHECK(compared > 100);
}

TEST_CASE("every key path docs/model.md and docs/parameters.md name exists", "[io][loader][docs]") {
  const auto paths = snsim::scenario_key_paths();
  // A path names a key, or a block that holds keys (`platform.follow_graph`).
  auto known = [&](const std::string& p) {
    return std::any_of(paths.begin(), paths.end(), [&](const std::string& k) {
      return k == p || k.rfind(p + ".", 0) == 0 || k.rfind(p + "[].", 0) == 0;
    });
  };
  const std::regex code(
      R"(`((?:time|population|network|funnel|word_of_mouth|networking|economics|manipulation|attribution|market|platform|brands)(?:\[\d*\])?[.][^`]*)`)");
  for (const char* page : {"docs/model.md", "docs/parameters.md"}) {
    const std::string doc = source_file(page);
    REQUIRE(!doc.empty());
    for (auto it = std::sregex_iterator(doc.begin(), doc.end(), code); it != std::sregex_iterator();
         ++it) {
      std::string p = (*it)[1].str();
      if (p.find_first_of("<* =") != std::string::npos) continue;  // a pattern or an example
      p = std::regex_replace(p, std::regex(R"(\[\d+\])"), "[]");
      INFO(page << " names `" << p << "`, which is not a key path of snsim validate --keys");
      CHECK(known(p));
    }
  }
}
