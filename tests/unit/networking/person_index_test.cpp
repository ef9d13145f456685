// Tests of PersonIndex (networking/person_index.hpp), the map from a person to a 32-bit index that
// finds a brand's tie with a person: set, insert, find and erase agree with std::map through long
// random sequences (growing and shrinking the table), ids that collide, clear(), and the brand
// relationships built on it keep the same tie order as a column of a slot per person.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include "snsim/networking/networking_state.hpp"
#include "snsim/networking/person_index.hpp"

using snsim::AgentId;
using snsim::PersonIndex;

namespace {

/// Checks that index holds exactly the entries of ref, and no id of [0, universe) more.
void check_same(const PersonIndex& index, const std::map<AgentId, std::uint32_t>& ref,
                AgentId universe) {
  REQUIRE(index.size() == ref.size());
  for (AgentId i = 0; i < universe; ++i) {
    const auto it = ref.find(i);
    REQUIRE(index.find(i) == (it == ref.end() ? PersonIndex::kNone : it->second));
  }
}

}  // namespace

TEST_CASE("a person index finds, adds, replaces and removes people", "[networking][person_index]") {
  PersonIndex index;
  CHECK(index.empty());
  CHECK(index.find(7) == PersonIndex::kNone);
  CHECK_FALSE(index.erase(7));
  CHECK(index.set(7, 3));
  CHECK_FALSE(index.set(7, 4));  // replaced
  CHECK(index.find(7) == 4);
  CHECK_FALSE(index.insert(7, 9));  // held: left as it was
  CHECK(index.find(7) == 4);
  CHECK(index.insert(8, 0));
  CHECK(index.contains(8));
  CHECK(index.size() == 2);
  // The largest id a population can have (2^32 - 2) is a person like any other.
  const AgentId top = std::numeric_limits<AgentId>::max() - 1;
  CHECK(index.set(top, 5));
  CHECK(index.find(top) == 5);
  CHECK(index.erase(7));
  CHECK_FALSE(index.contains(7));
  CHECK(index.find(8) == 0);
  index.clear();
  CHECK(index.empty());
  CHECK_FALSE(index.contains(8));
  CHECK_FALSE(index.contains(top));
  CHECK(index.insert(8, 1));
  CHECK(index.find(8) == 1);
}

TEST_CASE(
    "a person index agrees with std::map through random adds and removes, growing and "
    "shrinking",
    "[networking][person_index]") {
  std::mt19937_64 rng(20);
  // A small universe makes runs of collisions and removals inside them (backward shift); phases
  // of mostly adds then mostly removes grow the table to thousands of slots and halve it again.
  for (const AgentId universe : {AgentId{40}, AgentId{5000}}) {
    PersonIndex index;
    std::map<AgentId, std::uint32_t> ref;
    std::uniform_int_distribution<AgentId> pick(0, universe - 1);
    std::size_t most_bytes = 0;
    for (int phase = 0; phase < 6; ++phase) {
      const double add_share = phase % 2 == 0 ? 0.8 : 0.2;
      for (int op = 0; op < 6000; ++op) {
        const AgentId i = pick(rng);
        const auto v = static_cast<std::uint32_t>(rng() % 1000000);
        if (std::uniform_real_distribution<double>(0, 1)(rng) < add_share) {
          if (op % 3 == 0) {
            const bool added = ref.emplace(i, v).second;
            REQUIRE(index.insert(i, v) == added);
          } else {
            const bool added = ref.count(i) == 0;
            ref[i] = v;
            REQUIRE(index.set(i, v) == added);
          }
        } else {
          REQUIRE(index.erase(i) == (ref.erase(i) == 1));
        }
        // At most half full, at least an eighth full past the smallest table.
        REQUIRE(2 * index.size() <= index.bytes() / 8);
        REQUIRE((index.bytes() / 8 <= 16 || 8 * index.size() >= index.bytes() / 8));
      }
      most_bytes = std::max(most_bytes, index.bytes());
      check_same(index, ref, universe);
    }
    for (auto it = ref.begin(); it != ref.end();) {
      REQUIRE(index.erase(it->first));
      it = ref.erase(it);
    }
    check_same(index, ref, universe);
    CHECK(index.bytes() == 16 * 8);  // back to the smallest table
    if (universe > 1000) CHECK(most_bytes >= 4096 * 8);
  }
}

TEST_CASE("brand relationships keep the tie order of a slot per person", "[networking]") {
  // The tie order is part of the results (the brand visits its partners in it): compare with the
  // dense column the index replaced (slot[i] = position of i's tie).
  std::mt19937_64 rng(7);
  constexpr AgentId kPeople = 300;
  snsim::BrandRelationships ties;
  std::vector<AgentId> person;
  std::vector<std::uint32_t> slot(kPeople, snsim::BrandRelationships::kNoTie);
  for (int op = 0; op < 20000; ++op) {
    const auto i = static_cast<AgentId>(rng() % kPeople);
    if (slot[i] == snsim::BrandRelationships::kNoTie) {
      slot[i] = static_cast<std::uint32_t>(person.size());
      person.push_back(i);
      REQUIRE(ties.add(i, 0.5f) == slot[i]);
    } else if (rng() % 2 == 0) {
      const std::uint32_t k = slot[i];
      slot[i] = snsim::BrandRelationships::kNoTie;
      if (k + 1 != person.size()) {
        person[k] = person.back();
        slot[person[k]] = k;
      }
      person.pop_back();
      ties.remove(ties.find(i));
    }
    REQUIRE(ties.person == person);
  }
  for (AgentId i = 0; i < kPeople; ++i) REQUIRE(ties.find(i) == slot[i]);
  snsim::BrandRelationships rebuilt;
  rebuilt.person = ties.person;
  rebuilt.strength = ties.strength;
  rebuilt.introduced = ties.introduced;
  rebuilt.rebuild_index();  // as a checkpoint's load does
  for (AgentId i = 0; i < kPeople; ++i) REQUIRE(rebuilt.find(i) == slot[i]);
}
