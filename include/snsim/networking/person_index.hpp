#pragma once
// PersonIndex: a map from a person to a 32-bit index (the position of their tie in a brand's
// columns, or any other small number), sized to the people it holds rather than to the population
// (issue 20: a brand holds a few hundred ties among 10^8 people, so a column of 4 bytes a person
// cost 400 MB a brand).
//
// Open addressing with linear probing over a power-of-two table of (person, index) pairs of 8
// bytes, at most half full (doubled past half, halved below an eighth), with removal by backward
// shift, so a probe never meets a deleted mark. Deterministic: the layout depends only on the
// sequence of operations, and nothing reads the table in its layout order, so results never depend
// on it. Reads (find, contains) may run in parallel; changes may not.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "snsim/core/ids.hpp"

namespace snsim {

class PersonIndex {
 public:
  /// What find() returns for a person not held; never stored as an index.
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  /// Returns the number of people held.
  std::uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Returns the index stored for person i, kNone if i is not held.
  std::uint32_t find(AgentId i) const {
    if (size_ == 0) return kNone;
    for (std::size_t h = home(i);; h = (h + 1) & mask_) {
      const Entry& e = table_[h];
      if (e.person == i) return e.index;
      if (e.person == kEmpty) return kNone;
    }
  }
  /// Returns true if person i is held.
  bool contains(AgentId i) const { return find(i) != kNone; }
  /// Stores index v (not kNone) for person i, replacing i's index if it is held; returns true if i
  /// was not held.
  bool set(AgentId i, std::uint32_t v);
  /// Adds person i with index v (not kNone) if i is not held; returns true if it was added, false
  /// (and leaves i's index) if i was held.
  bool insert(AgentId i, std::uint32_t v);
  /// Removes person i; returns true if it was held.
  bool erase(AgentId i);
  /// Removes everyone, keeping the table's size (for scratch reused every step).
  void clear();
  /// Returns the bytes the table holds (8 a slot).
  std::size_t bytes() const { return table_.capacity() * sizeof(Entry); }

 private:
  /// A free slot's person: the largest id, which no population of 2^32 - 1 people or fewer has.
  static constexpr AgentId kEmpty = std::numeric_limits<AgentId>::max();
  static constexpr std::size_t kMinSlots = 16;
  struct Entry {
    AgentId person = kEmpty;
    std::uint32_t index = kNone;
  };

  /// Returns the slot where person i's probe starts (Fibonacci hashing: the top bits of i times
  /// 2^64 / golden ratio, so runs of consecutive ids spread over the table).
  std::size_t home(AgentId i) const {
    return static_cast<std::size_t>((std::uint64_t{i} * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  /// Returns the slot holding person i, or the free slot where its probe ends.
  std::size_t probe(AgentId i) const;
  /// Moves every entry into a table of `slots` slots (a power of two, more than size_).
  void rehash(std::size_t slots);

  std::vector<Entry> table_;  ///< empty until the first insertion
  std::size_t mask_ = 0;      ///< table_.size() - 1
  int shift_ = 64;            ///< 64 - log2(table_.size())
  std::uint32_t size_ = 0;
};

}  // namespace snsim
