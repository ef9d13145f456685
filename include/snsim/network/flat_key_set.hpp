#pragma once
// FlatKeySet: a set of non-zero 64-bit keys in one flat table (open addressing, linear probing),
// the duplicate guard of the ties added since a compaction (network/tie_overlay.hpp).
//
// A node-based std::unordered_set<uint64_t> costs about 40 bytes a key (a heap node and a bucket
// pointer); this table costs 8 bytes a slot and keeps at most half its slots full, so 16 to 32
// bytes a key. Its capacity is a power of two; a key's first slot is the top bits of a mixed key,
// and the slots after it are probed in turn. Zero marks an empty slot, so zero is never a key
// (a tie's key {u, v} with u < v is never zero). Membership does not depend on the order of
// insertion, so the set is deterministic whatever its history. Keys are never erased: the set is
// emptied as a whole.
//
// The table is a PodArray (core/pod_array.hpp), so clear() returns its pages to the system at
// once. insert() grows the table by itself, holding the old and the new table for a moment; an
// owner that keeps its keys elsewhere can avoid that by calling reset() and inserting them anew
// when full() says the next insert would grow.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "snsim/core/pod_array.hpp"

namespace snsim {

class FlatKeySet {
 public:
  /// Slots of the smallest table.
  static constexpr std::size_t kMinSlots = 64;

  /// Returns the number of keys.
  std::size_t size() const { return size_; }
  /// Returns the number of slots (0 before the first insert and after clear()).
  std::size_t slots() const { return slots_.size(); }
  /// Returns the heap bytes held.
  std::size_t memory_bytes() const { return slots_.size() * sizeof(std::uint64_t); }

  /// Returns true if key (non-zero) is in the set.
  bool contains(std::uint64_t key) const {
    if (size_ == 0) return false;
    for (std::size_t s = home(key);; s = (s + 1) & mask()) {
      if (slots_[s] == key) return true;
      if (slots_[s] == 0) return false;
    }
  }

  /// Returns true if inserting one more key would grow the table (more than half full).
  bool full() const { return 2 * (size_ + 1) > slots_.size(); }

  /// Inserts key (non-zero); returns false if it was in the set already.
  bool insert(std::uint64_t key) {
    if (full()) grow();
    std::size_t s = home(key);
    for (; slots_[s] != 0; s = (s + 1) & mask())
      if (slots_[s] == key) return false;
    slots_[s] = key;
    ++size_;
    return true;
  }

  /// Empties the set and frees its table.
  void clear() {
    slots_ = {};
    size_ = 0;
    shift_ = 64;
  }

  /// Empties the set, frees its table, then allocates an empty one with room for `keys` keys
  /// without growing.
  void reset(std::size_t keys) {
    clear();
    allocate(std::max(kMinSlots, std::bit_ceil(2 * std::max<std::size_t>(keys, 1))));
  }

 private:
  /// Returns the key's first slot: the top bits of the key mixed (MurmurHash3's 64-bit finaliser,
  /// so keys that differ only in their low or high half spread over the whole table).
  std::size_t home(std::uint64_t key) const {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key >> shift_);
  }
  std::size_t mask() const { return slots_.size() - 1; }

  /// Allocates an empty table of `slots` slots (a power of two, at least kMinSlots).
  void allocate(std::size_t slots) {
    slots_.resize(slots);
    std::fill(slots_.begin(), slots_.end(), std::uint64_t{0});
    shift_ = 64 - std::countr_zero(slots);
  }

  /// Doubles the table (the smallest table if there is none) and inserts the keys anew.
  void grow() {
    PodArray<std::uint64_t> old = std::move(slots_);
    size_ = 0;
    allocate(std::max(kMinSlots, 2 * old.size()));
    for (const std::uint64_t key : old)
      if (key != 0) insert(key);
  }

  PodArray<std::uint64_t> slots_;
  std::size_t size_ = 0;
  int shift_ = 64;  ///< 64 - log2(slots): a mixed key's top bits pick its first slot
};

}  // namespace snsim
