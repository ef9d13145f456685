// population.community_sizes: fixed community sizes, dealt to people in a random order; without
// the key communities are drawn as before.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "snsim/core/world.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/io/scenario_loader.hpp"

namespace {

// Returns the people per community of the world built from a scenario text.
std::vector<std::uint32_t> sizes_of(const std::string& population) {
  const snsim::Scenario s =
      snsim::load_scenario_text("population: " + population +
                                    "\nnetwork: {generator: erdos_renyi, erdos_renyi: "
                                    "{mean_degree: 2}}\nbrands: [{name: b}]\n",
                                "<test>");
  const snsim::World w = snsim::build_world(s, s.seed);
  std::vector<std::uint32_t> count(s.population.communities, 0);
  for (std::uint16_t c : w.population().community) ++count[c];
  return count;
}

}  // namespace

TEST_CASE("population.community_sizes fixes each community's size exactly", "[core][population]") {
  CHECK(sizes_of("{size: 1000, community_sizes: [800, 200]}") ==
        std::vector<std::uint32_t>{800, 200});
  CHECK(sizes_of("{size: 10, communities: 3, community_sizes: [1, 2, 7]}") ==
        std::vector<std::uint32_t>{1, 2, 7});
  // Without the key the sizes are drawn: about n / communities each, not exact.
  const auto drawn = sizes_of("{size: 1000, communities: 2}");
  CHECK(drawn[0] + drawn[1] == 1000);
  CHECK(drawn[0] != 500);
}

TEST_CASE("people are dealt to fixed-size communities in a random order, not by id",
          "[core][population]") {
  const snsim::Scenario s = snsim::load_scenario_text(
      "population: {size: 1000, community_sizes: [500, 500]}\nbrands: [{name: b}]\n", "<test>");
  const snsim::World w = snsim::build_world(s, s.seed);
  const auto& c = w.population().community;
  // The first half of the ids holds about half of each community.
  const auto first_half_in_0 = std::count(c.begin(), c.begin() + 500, std::uint16_t{0});
  CHECK(first_half_in_0 > 200);
  CHECK(first_half_in_0 < 300);
}

TEST_CASE("community sizes that do not sum to the population are refused by key path",
          "[core][population]") {
  auto fails = [](const std::string& population) {
    try {
      snsim::load_scenario_text("population: " + population + "\nbrands: [{name: b}]\n", "<test>");
    } catch (const snsim::ScenarioError& e) {
      return std::string(e.what()).find("population.community_sizes") != std::string::npos;
    }
    return false;
  };
  CHECK(fails("{size: 1000, community_sizes: [800, 100]}"));
  CHECK(fails("{size: 1000, communities: 3, community_sizes: [800, 200]}"));
  CHECK(fails("{size: 1000, community_sizes: [1000, 0]}"));
  CHECK(fails("{size: 1000, community_sizes: []}"));
}
