// Tests of FlatKeySet (network/flat_key_set.hpp): membership against std::unordered_set over many
// random keys with repeats, growth by doubling at half full, and reset() with room to spare.
#include <algorithm>
#include <cstdint>
#include <random>
#include <unordered_set>

#include <catch2/catch.hpp>

#include "snsim/network/flat_key_set.hpp"

using snsim::FlatKeySet;

TEST_CASE("a flat key set answers as std::unordered_set over random keys with repeats",
          "[network][flat_key_set]") {
  std::mt19937_64 rng(5);
  FlatKeySet set;
  std::unordered_set<std::uint64_t> ref;
  CHECK_FALSE(set.contains(42));
  // Tie keys (u << 32 | v, u < v) from 3,000 agents, so pairs repeat, and keys differing only in
  // their high half (u) or their low half (v).
  for (int k = 0; k < 200000; ++k) {
    const auto a = static_cast<std::uint32_t>(rng() % 3000);
    const auto b = static_cast<std::uint32_t>(rng() % 3000);
    if (a == b) continue;
    const std::uint64_t key = static_cast<std::uint64_t>(std::min(a, b)) << 32 | std::max(a, b);
    const bool fresh = ref.insert(key).second;
    REQUIRE(set.insert(key) == fresh);
    REQUIRE(set.size() == ref.size());
    // At most half full, a power of two.
    REQUIRE(2 * set.size() <= set.slots());
    REQUIRE((set.slots() & (set.slots() - 1)) == 0);
  }
  for (int k = 0; k < 100000; ++k) {
    const std::uint64_t key = 1 + rng() % (std::uint64_t{3000} << 32);
    REQUIRE(set.contains(key) == (ref.count(key) != 0));
  }
  for (const std::uint64_t key : ref) REQUIRE(set.contains(key));
  CHECK(set.memory_bytes() == 8 * set.slots());
  set.clear();
  CHECK(set.size() == 0);
  CHECK(set.memory_bytes() == 0);
  CHECK_FALSE(set.contains(*ref.begin()));
}

TEST_CASE("a flat key set doubles when an insert would fill more than half its slots",
          "[network][flat_key_set]") {
  FlatKeySet set;
  CHECK(set.full());  // no table yet
  for (std::uint64_t key = 1; key <= 32; ++key) CHECK(set.insert(key * 0x100000001ULL));
  CHECK(set.slots() == FlatKeySet::kMinSlots);
  CHECK(set.full());
  CHECK_FALSE(set.insert(7 * 0x100000001ULL));  // a repeat
  CHECK(set.insert(33 * 0x100000001ULL));
  CHECK(set.slots() == 2 * FlatKeySet::kMinSlots);
  for (std::uint64_t key = 1; key <= 33; ++key) CHECK(set.contains(key * 0x100000001ULL));
  CHECK_FALSE(set.contains(34 * 0x100000001ULL));
}

TEST_CASE("a reset flat key set takes the keys it was sized for without growing",
          "[network][flat_key_set]") {
  FlatKeySet set;
  set.insert(99);
  set.reset(1000);
  CHECK(set.size() == 0);
  CHECK_FALSE(set.contains(99));
  const std::size_t slots = set.slots();
  CHECK(slots == 2048);
  for (std::uint64_t key = 1; key <= 1000; ++key) set.insert(key << 32 | (key + 1));
  CHECK(set.slots() == slots);
  CHECK(set.size() == 1000);
}
