// Tests of OpenTable (core/open_table.hpp), the open-addressing table under PersonIndex and
// FlatKeySet: insert, find, erase and clear agree with std::unordered_map through random sequences
// that grow the table to thousands of slots and shrink it again, with a good hash and with one that
// sends every key to one of four homes (long runs that wrap around the table's end, so backward
// shift moves entries across it); the table stays between an eighth and a half full; reset() makes
// room without growing; a PodArray holds the slots as a std::vector does.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <unordered_map>

#include "snsim/core/open_table.hpp"
#include "snsim/core/pod_array.hpp"

using snsim::OpenTable;

namespace {

struct Pair {
  std::uint32_t key;
  std::uint32_t value;
};

/// Slots of (key, value) with key 0 free and Fibonacci hashing.
struct Spread {
  using Slot = Pair;
  using Key = std::uint32_t;
  static constexpr Slot kFree{0, 0};
  static constexpr std::size_t kMinSlots = 8;
  static constexpr Key key(const Slot& s) { return s.key; }
  static std::uint64_t hash(Key k) { return std::uint64_t{k} * 0x9E3779B97F4A7C15ull; }
};

/// The same slots with a hash whose every home is the last slot of a quarter of the table.
struct Clumped : Spread {
  static std::uint64_t hash(Key k) { return ~std::uint64_t{0} - (std::uint64_t{k % 4} << 62); }
};

/// Applies random inserts, erases and (rarely, in the first four phases) clears to table and to a
/// std::unordered_map, checking that they agree; phases of mostly inserts then mostly erases grow
/// and shrink the table.
template <class Table>
void agree_with_unordered_map(Table& table, std::uint32_t universe, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::unordered_map<std::uint32_t, std::uint32_t> ref;
  std::size_t most_slots = 0;
  // clear() keeps the slots, so the table may be less than an eighth full from a clear until
  // insertions fill it again; from then on erasures keep it so.
  bool floor_holds = true;
  for (int phase = 0; phase < 6; ++phase) {
    const std::uint64_t insert_share = phase % 2 == 0 ? 80 : 20;  // percent
    for (int op = 0; op < 4000; ++op) {
      const auto k = static_cast<std::uint32_t>(1 + rng() % universe);
      const auto v = static_cast<std::uint32_t>(rng());
      const std::uint64_t roll = rng() % 1000;
      if (roll == 0 && phase < 4) {
        table.clear();
        ref.clear();
        floor_holds = false;
      } else if (roll % 100 < insert_share) {
        const auto [it, added] = ref.emplace(k, v);
        const auto [slot, stored] = table.insert({k, v});
        REQUIRE(stored == added);
        REQUIRE(slot->key == k);
        REQUIRE(slot->value == it->second);
      } else {
        REQUIRE(table.erase(k) == (ref.erase(k) == 1));
      }
      REQUIRE(table.size() == ref.size());
      REQUIRE(2 * table.size() <= table.slots());
      const bool eighth_full = table.slots() <= 8 || 8 * table.size() >= table.slots();
      if (floor_holds) {
        REQUIRE(eighth_full);
      } else {
        floor_holds = eighth_full;
      }
    }
    most_slots = std::max(most_slots, table.slots());
    for (std::uint32_t k = 1; k <= universe; ++k) {
      const auto it = ref.find(k);
      const Pair* slot = table.find(k);
      REQUIRE((slot == nullptr) == (it == ref.end()));
      if (slot != nullptr) REQUIRE(slot->value == it->second);
    }
  }
  REQUIRE(floor_holds);
  for (const auto& [k, v] : ref) REQUIRE(table.erase(k));
  CHECK(table.empty());
  CHECK(table.slots() == 8);  // shrunk back to the smallest table
  if (universe >= 2000) CHECK(most_slots >= 2048);
}

}  // namespace

TEST_CASE("an open table agrees with std::unordered_map, growing and shrinking",
          "[core][open_table]") {
  SECTION("spread hash, many keys") {
    OpenTable<Spread> table;
    agree_with_unordered_map(table, 3000, 1);
  }
  SECTION("spread hash, few keys") {
    OpenTable<Spread> table;
    agree_with_unordered_map(table, 40, 2);
  }
  SECTION("clumped hash: runs wrap around the end") {
    OpenTable<Clumped> table;
    agree_with_unordered_map(table, 300, 3);
  }
  SECTION("slots in a PodArray") {
    OpenTable<Spread, snsim::PodArray<Pair>> table;
    agree_with_unordered_map(table, 3000, 4);
  }
}

TEST_CASE("an open table doubles past half full, and reset() makes room without growing",
          "[core][open_table]") {
  OpenTable<Spread> table;
  CHECK(table.slots() == 0);
  CHECK(table.full());
  CHECK_FALSE(table.contains(5));
  for (std::uint32_t k = 1; k <= 4; ++k) CHECK(table.insert({k, k}).second);
  CHECK(table.slots() == 8);
  CHECK(table.full());
  CHECK_FALSE(table.insert({2, 9}).second);  // held: neither stored nor grown
  CHECK(table.find(2)->value == 2);
  CHECK(table.slots() == 8);
  CHECK(table.insert({5, 5}).second);
  CHECK(table.slots() == 16);
  CHECK(table.bytes() == 16 * sizeof(Pair));
  table.clear();  // keeps the slots
  CHECK(table.empty());
  CHECK(table.slots() == 16);
  CHECK_FALSE(table.contains(5));
  table.release();
  CHECK(table.slots() == 0);
  CHECK(table.bytes() == 0);
  table.reset(100);
  CHECK(table.slots() == 256);
  for (std::uint32_t k = 1; k <= 100; ++k) CHECK(table.insert({k, k}).second);
  CHECK(table.slots() == 256);
  CHECK(table.full() == false);
}
