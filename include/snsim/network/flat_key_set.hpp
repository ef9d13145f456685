#pragma once
// FlatKeySet: a set of non-zero 64-bit keys in one flat table (open addressing, linear probing),
// the duplicate guard of the ties added since a compaction (network/tie_overlay.hpp).
//
// A node-based std::unordered_set<uint64_t> costs about 40 bytes a key (a heap node and a bucket
// pointer); this table, an OpenTable (core/open_table.hpp) of bare keys, costs 8 bytes a slot and
// keeps at most half its slots full, so 16 to 32 bytes a key. Its capacity is a power of two; a
// key's first slot is the top bits of a mixed key, and the slots after it are probed in turn. Zero
// marks an empty slot, so zero is never a key (a tie's key {u, v} with u < v is never zero).
// Membership does not depend on the order of insertion, so the set is deterministic whatever its
// history. Keys are never erased: the set is emptied as a whole.
//
// The table is a PodArray (core/pod_array.hpp), so clear() returns its pages to the system at
// once. insert() grows the table by itself, holding the old and the new table for a moment; an
// owner that keeps its keys elsewhere can avoid that by calling reset() and inserting them anew
// when full() says the next insert would grow.
#include <cstddef>
#include <cstdint>

#include "snsim/core/open_table.hpp"
#include "snsim/core/pod_array.hpp"

namespace snsim {

class FlatKeySet {
  /// The table's slots: bare keys, zero for a free slot.
  struct Slots {
    using Slot = std::uint64_t;
    using Key = std::uint64_t;
    static constexpr Slot kFree = 0;
    static constexpr std::size_t kMinSlots = 64;
    static constexpr Key key(Slot s) { return s; }
    /// MurmurHash3's 64-bit finaliser, so keys that differ only in their low or high half spread
    /// over the whole table.
    static std::uint64_t hash(Key key) {
      key ^= key >> 33;
      key *= 0xff51afd7ed558ccdULL;
      key ^= key >> 33;
      key *= 0xc4ceb9fe1a85ec53ULL;
      key ^= key >> 33;
      return key;
    }
  };

 public:
  /// Slots of the smallest table.
  static constexpr std::size_t kMinSlots = Slots::kMinSlots;

  /// Returns the number of keys.
  std::size_t size() const { return table_.size(); }
  /// Returns the number of slots (0 before the first insert and after clear()).
  std::size_t slots() const { return table_.slots(); }
  /// Returns the heap bytes held.
  std::size_t memory_bytes() const { return table_.bytes(); }

  /// Returns true if key (non-zero) is in the set.
  bool contains(std::uint64_t key) const { return table_.contains(key); }
  /// Returns true if inserting one more key would grow the table (more than half full).
  bool full() const { return table_.full(); }
  /// Inserts key (non-zero); returns false if it was in the set already.
  bool insert(std::uint64_t key) { return table_.insert(key).second; }

  /// Empties the set and frees its table.
  void clear() { table_.release(); }
  /// Empties the set, frees its table, then allocates an empty one with room for `keys` keys
  /// without growing.
  void reset(std::size_t keys) { table_.reset(keys); }

 private:
  OpenTable<Slots, PodArray<std::uint64_t>> table_;
};

}  // namespace snsim
