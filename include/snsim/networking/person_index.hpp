#pragma once
// PersonIndex: a map from a person to a 32-bit index (the position of their tie in a brand's
// columns, or any other small number), sized to the people it holds rather than to the population
// (issue 20: a brand holds a few hundred ties among 10^8 people, so a column of 4 bytes a person
// cost 400 MB a brand).
//
// An OpenTable (core/open_table.hpp) of (person, index) pairs of 8 bytes: linear probing over a
// power-of-two table, at most half full (doubled past half, halved below an eighth), with removal
// by backward shift, so a probe never meets a deleted mark. Deterministic: the layout depends only
// on the sequence of operations, and nothing reads the table in its layout order, so results never
// depend on it. Reads (find, contains) may run in parallel; changes may not.
#include <cstddef>
#include <cstdint>
#include <limits>

#include "snsim/core/ids.hpp"
#include "snsim/core/open_table.hpp"

namespace snsim {

class PersonIndex {
 public:
  /// What find() returns for a person not held; never stored as an index.
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  /// Returns the number of people held.
  std::uint32_t size() const { return static_cast<std::uint32_t>(table_.size()); }
  bool empty() const { return table_.empty(); }
  /// Returns the index stored for person i, kNone if i is not held.
  std::uint32_t find(AgentId i) const {
    const Entry* e = table_.find(i);
    return e == nullptr ? kNone : e->index;
  }
  /// Returns true if person i is held.
  bool contains(AgentId i) const { return table_.contains(i); }
  /// Stores index v (not kNone) for person i, replacing i's index if it is held; returns true if i
  /// was not held.
  bool set(AgentId i, std::uint32_t v) {
    const auto [e, added] = table_.insert({i, v});
    e->index = v;
    return added;
  }
  /// Adds person i with index v (not kNone) if i is not held; returns true if it was added, false
  /// (and leaves i's index) if i was held.
  bool insert(AgentId i, std::uint32_t v) { return table_.insert({i, v}).second; }
  /// Removes person i; returns true if it was held.
  bool erase(AgentId i) { return table_.erase(i); }
  /// Removes everyone, keeping the table's size (for scratch reused every step).
  void clear() { table_.clear(); }
  /// Returns the bytes the table holds (8 a slot).
  std::size_t bytes() const { return table_.bytes(); }

 private:
  struct Entry {
    AgentId person;
    std::uint32_t index;
  };
  /// The table's slots: a person and their index; a free slot's person is the largest id, which
  /// no population of 2^32 - 1 people or fewer has.
  struct Slots {
    using Slot = Entry;
    using Key = AgentId;
    static constexpr Slot kFree{std::numeric_limits<AgentId>::max(), kNone};
    static constexpr std::size_t kMinSlots = 16;
    static constexpr Key key(const Slot& e) { return e.person; }
    /// Fibonacci hashing: i times 2^64 / golden ratio, whose top bits spread runs of consecutive
    /// ids over the table.
    static std::uint64_t hash(Key i) { return std::uint64_t{i} * 0x9E3779B97F4A7C15ull; }
  };

  OpenTable<Slots> table_;
};

}  // namespace snsim
