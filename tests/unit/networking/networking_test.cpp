// Unit tests of the networking subsystem: scenario keys, the tie overlay, brand relationships,
// conversations and negative word of mouth.
#include <omp.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>

#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/network/tie_overlay.hpp"
#include "snsim/networking/networking_state.hpp"

namespace {

const std::string kBase =
    "population: {size: 400, communities: 4}\n"
    "network: {generator: stochastic_block}\n"
    "networking: {community_names: [a, b, c, d]}\n"
    "brands: [{name: n, community: 0, budget: {money_per_step: 0, hours_per_step: 6},\n"
    "          strategy: {broadcast: 0, networking: 1, groups: [a], introductions: 10}}]\n";

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    (void)snsim::load_scenario_text(text, "<test>", overrides);
  } catch (const snsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("networking keys take their docs/parameters.md defaults", "[networking]") {
  const snsim::Scenario s = snsim::load_scenario_text("brands: [{name: b}]\n", "<test>");
  CHECK(s.networking.tie_decay == 0.005);
  CHECK(s.networking.tie_floor == 0.05);
  CHECK(s.networking.tie_gain == 0.05);
  CHECK(s.networking.brand_tie_cap == 0.5);
  CHECK(s.networking.intro_accept_prob == 0.2);
  CHECK(s.networking.minutes_per_conversation == 15.0);
  CHECK(s.networking.reply_answer_rate == 0.12);
  CHECK(s.networking.community_names.size() == s.population.communities);
  CHECK(s.brands[0].networking_share == 0.0);
  CHECK(s.word_of_mouth.negative_mult == 2.0);
}

TEST_CASE("groups are named by community index or name", "[networking]") {
  const snsim::Scenario s =
      snsim::load_scenario_text(kBase, "<test>", {"brands[0].strategy.groups=[b, 3]"});
  REQUIRE(s.brands[0].groups.size() == 2);
  CHECK(s.brands[0].groups[0] == 1);
  CHECK(s.brands[0].groups[1] == 3);
}

TEST_CASE("bad networking input names the key path", "[networking]") {
  CHECK_THAT(error_of(kBase, {"brands[0].strategy.groups=[gardeners]"}),
             Catch::Contains("brands[0].strategy.groups[0]") && Catch::Contains("gardeners"));
  CHECK_THAT(error_of(kBase, {"brands[0].strategy.groups=[4]"}), Catch::Contains("groups[0]"));
  CHECK_THAT(error_of(kBase, {"brands[0].budget.hours_per_step=-1"}),
             Catch::Contains("brands[0].budget.hours_per_step"));
  CHECK_THAT(error_of(kBase, {"networking.minutes_per_conversation=0"}),
             Catch::Contains("networking.minutes_per_conversation"));
  CHECK_THAT(error_of(kBase, {"networking.tie_decay=1"}), Catch::Contains("networking.tie_decay"));
  CHECK_THAT(error_of(kBase, {"networking.tie_floor=0"}), Catch::Contains("networking.tie_floor"));
  CHECK_THAT(error_of(kBase, {"networking.introduction.threshold=1.5"}),
             Catch::Contains("networking.introduction.threshold"));
  CHECK_THAT(error_of(kBase, {"networking.community_names=[a, b]"}),
             Catch::Contains("networking.community_names"));
  CHECK_THAT(error_of(kBase, {"networking.tie_gian=0.1"}), Catch::Contains("tie_gain"));
}

TEST_CASE("the tie overlay keeps ties once, decays them at compaction and breaks weak ones",
          "[networking][overlay]") {
  snsim::TieOverlay o(6);
  CHECK(o.add(1, 4, 0.3f));
  CHECK_FALSE(o.add(4, 1, 0.3f));  // same tie
  CHECK_FALSE(o.add(2, 2, 0.3f));  // self loop
  CHECK(o.add(0, 4, 0.06f));
  CHECK(o.add(4, 5, 0.3f));
  CHECK(o.num_ties() == 3);
  // Pending ties in order of addition, lower end first.
  REQUIRE(o.pending().size() == 3);
  CHECK((o.pending()[0].u == 1 && o.pending()[0].v == 4 && o.pending()[0].strength == 0.3f));
  CHECK((o.pending()[1].u == 0 && o.pending()[1].v == 4 && o.pending()[1].strength == 0.06f));
  CHECK((o.pending()[2].u == 4 && o.pending()[2].v == 5));
  o.compact(0.0, 0, 0.05);
  REQUIRE(o.neighbours(4).size() == 3);
  CHECK(o.neighbours(4)[0] == 0);
  CHECK(o.neighbours(4)[1] == 1);
  CHECK(o.neighbours(4)[2] == 5);
  CHECK(o.contains(5, 4));
  o.compact(0.2, 1, 0.05);  // 0.06 * 0.8 < 0.05: breaks
  CHECK(o.num_ties() == 2);
  CHECK(o.ties_broken() == 1);
  CHECK_FALSE(o.contains(0, 4));
  CHECK(o.strengths(1)[0] == Approx(0.24f));
}

// compact() merges the new ties into the sorted rows instead of sorting every tie: against a
// plain map of ties, over random rounds of additions (with repeats) and compactions with decay,
// every row stays sorted and symmetric and every strength and break count matches (new ties keep
// the strength they were added with until the next compaction decays them).
TEST_CASE("tie overlay compaction matches a map of ties over random rounds",
          "[networking][overlay]") {
  // 60 agents run the serial path; 40,000 the parallel one (rows rewritten in place in one block
  // a thread: 3 threads move blocks both up and down).
  const int threads_before = omp_get_max_threads();
  for (const auto& [kN, threads] :
       {std::pair{60u, 1}, std::pair{40000u, 2}, std::pair{40000u, 3}}) {
    omp_set_num_threads(threads);
    // 36,000 ties a round on 2 threads are sorted in two halves side by side.
    const int adds = kN < 1000 ? 50 : threads == 2 ? 36000 : 20000;
    const int rounds = kN < 1000 ? 40 : threads == 2 ? 4 : 10;
    snsim::TieOverlay o(kN);
    std::map<std::pair<snsim::AgentId, snsim::AgentId>, float> ref;
    std::uint64_t broken = 0;
    std::mt19937 rng(11);
    for (int round = 0; round < rounds; ++round) {
      std::map<std::pair<snsim::AgentId, snsim::AgentId>, float> added;  // pending: kept as given
      for (int k = 0; k < adds; ++k) {
        const auto u = static_cast<snsim::AgentId>(rng() % kN);
        const auto v = static_cast<snsim::AgentId>(rng() % kN);
        const float w = 0.05f + 0.5f * static_cast<float>(rng() % 1000) / 1000.0f;
        const auto key = std::minmax(u, v);
        const bool fresh = u != v && ref.count(key) == 0 && added.count(key) == 0;
        CHECK(o.add(u, v, w) == fresh);
        if (fresh) added[key] = w;
      }
      const std::uint32_t idle = 1 + static_cast<std::uint32_t>(rng() % 3);
      o.compact(0.1, idle, 0.05);
      const double factor = std::pow(0.9, static_cast<double>(idle));
      for (auto it = ref.begin(); it != ref.end();) {
        const auto x = static_cast<float>(it->second * factor);
        if (x < 0.05f) {
          ++broken;
          it = ref.erase(it);
        } else {
          it->second = x;
          ++it;
        }
      }
      ref.insert(added.begin(), added.end());
      REQUIRE(o.num_ties() == ref.size());
      REQUIRE(o.ties_broken() == broken);
      for (snsim::AgentId i = 0; i < kN; ++i) {
        const auto nb = o.neighbours(i);
        const auto w = o.strengths(i);
        REQUIRE(std::is_sorted(nb.begin(), nb.end()));
        for (std::size_t k = 0; k < nb.size(); ++k) {
          const auto it = ref.find(std::minmax(i, nb[k]));
          REQUIRE(it != ref.end());
          REQUIRE(w[k] == it->second);
        }
      }
    }
  }
  omp_set_num_threads(threads_before);
}

TEST_CASE("brand relationships find, add and remove ties in O(1)", "[networking]") {
  snsim::BrandRelationships r;
  CHECK(r.empty());
  CHECK(r.strength_of(3) == 0.0f);
  r.add(3, 0.2f);
  r.add(1, 0.4f);
  CHECK(r.strength_of(1) == 0.4f);
  r.remove(r.find(3));
  CHECK(r.size() == 1);
  CHECK(r.strength_of(3) == 0.0f);
  CHECK(r.find(3) == snsim::BrandRelationships::kNoTie);
  CHECK(r.find(1) == 0);  // the last tie moved into the removed one's place
}

TEST_CASE("a networking brand converses within its hours and its ties stay in range",
          "[networking]") {
  const snsim::Scenario s = snsim::load_scenario_text(kBase, "<test>", {"time.steps=40"});
  snsim::RunOptions o;
  o.seed = 3;
  const snsim::RunSeries r = snsim::run_scenario(s, o).series;
  const double max_talks = 6.0 * 60.0 / 15.0;
  double talks = 0.0;
  for (snsim::Step t = 0; t < 40; ++t) {
    CHECK(r.at("conversations", t, 0) <= max_talks);
    CHECK(r.at("networking_hours", t, 0) <= 6.0 + 1e-9);
    const double w = r.at("tie_strength_mean", t, 0);
    CHECK((w == 0.0 || (w >= 0.05 && w <= 0.5)));
    const double d = r.at("conversation_depth_mean", t, 0);
    CHECK((d == 0.0 || (d >= 1.0 && d <= 3.0)));
    CHECK(r.at("groups_joined", t, 0) == 1.0);
    talks += r.at("conversations", t, 0);
  }
  CHECK(talks > 0.0);
  CHECK(r.at("relationships", 39, 0) > 0.0);
}

TEST_CASE("a brand without networking hours or groups has no relationships", "[networking]") {
  const snsim::Scenario s = snsim::load_scenario_text(
      kBase, "<test>",
      {"brands[0].strategy.networking=0", "brands[0].strategy.groups=[]", "time.steps=10"});
  snsim::RunOptions o;
  const snsim::RunSeries r = snsim::run_scenario(s, o).series;
  for (snsim::Step t = 0; t < 10; ++t) {
    CHECK(r.at("relationships", t, 0) == 0.0);
    CHECK(r.at("conversations", t, 0) == 0.0);
  }
}

TEST_CASE("negative word of mouth spreads from people with negative trust", "[networking]") {
  // Nobody has positive talk weight; the seeded aware people carry no trust, so nothing spreads.
  const std::string text =
      "population: {size: 1000, communities: 1}\nnetwork: {generator: complete}\n"
      "word_of_mouth: {rate: 0.5}\n"
      "brands: [{name: b, initial_aware: 0.1, budget: {money_per_step: 0, hours_per_step: 0}}]\n"
      "processes: [word_of_mouth, funnel]\ntime: {steps: 5}\n";
  const snsim::Scenario s = snsim::load_scenario_text(text, "<test>");
  snsim::RunOptions o;
  const snsim::RunSeries r = snsim::run_scenario(s, o).series;
  CHECK(r.at("aware", 0, 0) == 100.0);
  CHECK(r.at("negative_referrals", 4, 0) == 0.0);
}

TEST_CASE("word of mouth's talkers are found alike on 1 and 2 threads", "[networking]") {
  // Large enough for find_talkers' parallel pass (kMinParallelAgents people); broadcast makes
  // people aware in every id range, and they talk.
  const std::string text =
      "population: {size: 40000, communities: 2}\n"
      "network: {generator: erdos_renyi, erdos_renyi: {mean_degree: 6}}\n"
      "word_of_mouth: {rate: 0.5}\n"
      "brands: [{name: b, initial_aware: 0.05, budget: {money_per_step: 2000}, "
      "strategy: {broadcast: 1}}]\n"
      "processes: [broadcast, word_of_mouth, funnel]\ntime: {steps: 6}\n";
  const snsim::Scenario s = snsim::load_scenario_text(text, "<test>");
  snsim::RunOptions o;
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const snsim::RunSeries one = snsim::run_scenario(s, o).series;
  omp_set_num_threads(2);
  const snsim::RunSeries two = snsim::run_scenario(s, o).series;
  omp_set_num_threads(before);
  CHECK(one.at("referrals", 5, 0) > 0.0);
  REQUIRE(one.metrics.size() == two.metrics.size());
  for (std::size_t k = 0; k < one.metrics.size(); ++k) {
    INFO(one.metrics[k].name);
    CHECK(
        std::equal(one.metrics[k].values.begin(), one.metrics[k].values.end(),
                   two.metrics[k].values.begin(), two.metrics[k].values.end(),
                   [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); }));
  }
}
