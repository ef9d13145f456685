#pragma once
// TieOverlay: the person-to-person ties formed during a run (introductions, homophily), beside the
// static SocialGraph CSR (docs/model.md section 3).
//
// Invariants: a tie {u, v} (u != v) is stored once, in either the compacted rows or the pending
// list, never in both; compacted rows are symmetric and sorted ascending; every tie's strength is
// in [floor, 1] as of its last compaction. New ties go to the pending list in O(1) (a flat hash
// set of their keys, network/flat_key_set.hpp, guards duplicates); compact() merges them into the
// rows, applies the decay of the steps since the last compaction and drops ties below the floor.
// So a step costs O(ties added), and a compaction O(overlay ties + pending log pending): never
// O(N^2), and O(N) only through the offsets array.
//
// Memory: 16 bytes a compacted tie (two arcs of id and strength) and one offsets array; 12 bytes
// a pending tie and 16 to 32 for its key in the guard. A compaction frees the guard, sorts the
// pending list in place and beside it lists the ties by their larger end (8 bytes a tie), and
// rewrites the rows and the offsets in place: its peak is one copy of the rows, one offsets
// array and 20 bytes a pending tie. The pending list and the rows are PodArrays
// (core/pod_array.hpp): they grow without a second copy and return their pages when they shrink.
#include <cstdint>
#include <span>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/pod_array.hpp"
#include "snsim/core/state_archive.hpp"
#include "snsim/network/flat_key_set.hpp"

namespace snsim {

class TieOverlay {
 public:
  /// A tie added since the last compaction: its ends (u < v) and its strength.
  struct PendingTie {
    AgentId u = 0, v = 0;
    float strength = 0;
  };

  TieOverlay() = default;
  /// Builds the empty overlay on n agents.
  explicit TieOverlay(std::uint32_t n);

  /// Returns the number of agents.
  std::uint32_t num_agents() const { return n_; }
  /// Returns true if u and v are tied in the overlay (compacted or pending).
  bool contains(AgentId u, AgentId v) const;
  /// Adds the tie {u, v} with strength w, pending until the next compaction; returns false (and
  /// does nothing) if u == v or the tie exists already.
  bool add(AgentId u, AgentId v, float w);
  /// add() for a pair known not to be in the compacted rows: looks only at the pending ties.
  bool add_unless_pending(AgentId u, AgentId v, float w);
  /// Returns the ties added since the last compaction, in order of addition.
  std::span<const PendingTie> pending() const { return {pending_.data(), num_pending_}; }

  /// Returns i's compacted overlay neighbours, ascending (pending ties are not listed).
  std::span<const AgentId> neighbours(AgentId i) const {
    return {neighbours_.data() + offsets_[i], neighbours_.data() + offsets_[i + 1]};
  }
  /// Returns the strengths aligned with neighbours(i).
  std::span<const float> strengths(AgentId i) const {
    return {strengths_.data() + offsets_[i], strengths_.data() + offsets_[i + 1]};
  }

  /// Merges the pending ties, multiplies every older tie by (1 - decay)^idle_steps and drops ties
  /// below floor (decay in [0, 1), idle_steps >= 0, floor in (0, 1)). Deterministic: the result
  /// depends only on the set of ties and their strengths, not on the order of addition.
  void compact(double decay, std::uint32_t idle_steps, double floor);

  /// Returns the number of ties, compacted and pending.
  std::uint64_t num_ties() const { return neighbours_.size() / 2 + num_pending_; }
  /// Returns the number of ties dropped below the floor by compactions so far.
  std::uint64_t ties_broken() const { return broken_; }
  /// Returns the heap bytes held.
  std::size_t memory_bytes() const;

  /// Checkpoint fields (core/state_archive.hpp): every member, the pending ties as a vector of
  /// (u, v) pairs then a vector of their strengths (checkpoint format 5); the duplicate guard is
  /// rebuilt from the pending list.
  void state_fields(StateArchive& a);

 private:
  static std::uint64_t key(AgentId u, AgentId v) {
    return u < v ? (static_cast<std::uint64_t>(u) << 32) | v
                 : (static_cast<std::uint64_t>(v) << 32) | u;
  }

  /// Empties the guard and inserts the pending ties' keys anew, with room for `keys` keys.
  void rebuild_guard(std::size_t keys);

  std::uint32_t n_ = 0;
  std::vector<ArcIndex> offsets_ = {0};
  // Grown and shrunk in place at compactions (core/pod_array.hpp): the rows are never held twice.
  PodArray<AgentId> neighbours_;
  PodArray<float> strengths_;
  // The first num_pending_ of pending_ are the pending ties; the rest is room to grow (pages not
  // yet touched are not resident).
  PodArray<PendingTie> pending_;
  std::size_t num_pending_ = 0;
  FlatKeySet guard_;  ///< key() of every pending tie
  std::uint64_t broken_ = 0;
};

}  // namespace snsim
