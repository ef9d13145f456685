#pragma once
// OpenTable: the open-addressing hash table under PersonIndex (networking/person_index.hpp) and
// FlatKeySet (network/flat_key_set.hpp): slots in one flat array, linear probing, a power-of-two
// number of slots, at most half of them full.
//
// A slot holds a key (and whatever else the slot type carries); a free slot holds the policy's
// free slot, whose key is never stored. A key's probe starts at its home, the top bits of the
// policy's 64-bit hash of it, and walks the following slots in turn until it meets the key or a
// free slot. An insertion that would fill more than half the slots first doubles the table; a
// removal moves later entries of its run back (backward shift), so a probe never meets a deleted
// mark, and halves the table once it is less than an eighth full. A rehash inserts the old slots
// anew in their order, so the layout depends only on the sequence of operations: the table is
// deterministic. Reads (find, contains) may run in parallel; changes may not.
//
// Policy, a struct of static members:
//   using Slot = ...;                        a trivially copyable slot
//   using Key = ...;                         what the table is searched by
//   static constexpr Slot kFree;             a free slot (its key is stored in no other slot)
//   static constexpr std::size_t kMinSlots;  the smallest table (a power of two, at least 2)
//   static Key key(const Slot&);             a slot's key
//   static std::uint64_t hash(Key);          the key's hash, whose top bits pick its home
// Storage is a resizable array of slots (std::vector, or core/pod_array.hpp's PodArray to give
// pages back when the table is freed).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace snsim {

template <class Policy, class Storage = std::vector<typename Policy::Slot>>
class OpenTable {
 public:
  using Slot = typename Policy::Slot;
  using Key = typename Policy::Key;

  /// Returns the number of keys held.
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Returns the number of slots (0 before the first insertion and after release()).
  std::size_t slots() const { return table_.size(); }
  /// Returns the bytes the slots take.
  std::size_t bytes() const { return table_.size() * sizeof(Slot); }
  /// Returns true if inserting one more key would grow the table (more than half full).
  bool full() const { return 2 * (size_ + 1) > table_.size(); }

  /// Returns the slot holding key k, nullptr if k is not held.
  const Slot* find(Key k) const {
    if (size_ == 0) return nullptr;
    const Slot& slot = table_[probe(k)];
    return Policy::key(slot) == k ? &slot : nullptr;
  }
  /// Returns true if key k is held.
  bool contains(Key k) const { return find(k) != nullptr; }

  /// Stores `slot` if its key is not held; returns the slot holding the key (to change what else
  /// it holds, never its key) and true if `slot` was stored, false if the key was held already
  /// (its slot left as it was).
  std::pair<Slot*, bool> insert(const Slot& slot) {
    const Key k = Policy::key(slot);
    // At most half full after the insertion, so probes stay short and always end at a free slot;
    // a key held already grows nothing.
    if (full()) {
      if (size_ != 0) {
        const std::size_t held = probe(k);
        if (Policy::key(table_[held]) == k) return {&table_[held], false};
      }
      rehash(std::max(Policy::kMinSlots, 2 * table_.size()));
    }
    const std::size_t s = probe(k);
    if (Policy::key(table_[s]) == k) return {&table_[s], false};
    table_[s] = slot;
    ++size_;
    return {&table_[s], true};
  }

  /// Removes key k; returns true if it was held.
  bool erase(Key k) {
    if (size_ == 0) return false;
    std::size_t hole = probe(k);
    if (Policy::key(table_[hole]) != k) return false;
    // Backward shift: move each later entry of the run into the hole when its home does not lie
    // cyclically in (hole, slot], so every remaining entry stays reachable from its home.
    for (std::size_t s = (hole + 1) & mask_; Policy::key(table_[s]) != kFreeKey;
         s = (s + 1) & mask_) {
      const std::size_t want = home(Policy::key(table_[s]));
      if (((s - want) & mask_) >= ((s - hole) & mask_)) {
        table_[hole] = table_[s];
        hole = s;
      }
    }
    table_[hole] = Policy::kFree;
    --size_;
    // Below an eighth full the table halves (to a quarter full), so a table that lost most of its
    // keys does not keep the slots of its fullest days.
    if (table_.size() > Policy::kMinSlots && 8 * size_ < table_.size()) rehash(table_.size() / 2);
    return true;
  }

  /// Removes every key, keeping the slots (for scratch reused every step).
  void clear() {
    std::fill(table_.begin(), table_.end(), Policy::kFree);
    size_ = 0;
  }
  /// Removes every key and frees the slots.
  void release() {
    table_ = Storage{};
    size_ = 0;
    mask_ = 0;
    shift_ = 64;
  }
  /// Removes every key, frees the slots, then allocates free ones with room for `keys` keys
  /// without growing.
  void reset(std::size_t keys) {
    release();
    rehash(std::max(Policy::kMinSlots, std::bit_ceil(2 * std::max<std::size_t>(keys, 1))));
  }

 private:
  static constexpr Key kFreeKey = Policy::key(Policy::kFree);

  /// Returns the slot where key k's probe starts.
  std::size_t home(Key k) const { return static_cast<std::size_t>(Policy::hash(k) >> shift_); }
  /// Returns the slot holding key k, or the free slot where its probe ends (the table has slots).
  std::size_t probe(Key k) const {
    std::size_t s = home(k);
    while (Policy::key(table_[s]) != k && Policy::key(table_[s]) != kFreeKey) s = (s + 1) & mask_;
    return s;
  }
  /// Moves every key into a table of `slots` free slots (a power of two, more than size_).
  void rehash(std::size_t slots) {
    Storage old = std::move(table_);
    table_ = Storage{};
    table_.resize(slots);
    std::fill(table_.begin(), table_.end(), Policy::kFree);
    mask_ = slots - 1;
    shift_ = 64 - std::countr_zero(slots);
    for (const Slot& slot : old)
      if (Policy::key(slot) != kFreeKey) table_[probe(Policy::key(slot))] = slot;
  }

  Storage table_;         ///< no slots until the first insertion
  std::size_t size_ = 0;  ///< keys held
  std::size_t mask_ = 0;  ///< slots() - 1
  int shift_ = 64;        ///< 64 - log2(slots()): a hash's top bits pick a key's home
};

}  // namespace snsim
