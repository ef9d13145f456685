#pragma once
// TieOverlay: the person-to-person ties formed during a run (introductions, homophily), beside the
// static SocialGraph CSR (docs/model.md section 3).
//
// Invariants: a tie {u, v} (u != v) is stored once, in either the compacted rows or the pending
// list, never in both; compacted rows are symmetric and sorted ascending; every tie's strength is
// in [floor, 1] as of its last compaction. New ties go to the pending list in O(1) (a hash set
// guards duplicates); compact() merges them into the rows, applies the decay of the steps since
// the last compaction and drops ties below the floor. So a step costs O(ties added), and a
// compaction O(overlay ties + pending): never O(N^2), and O(N) only through the offsets array.
// A compaction rewrites the rows in place, so its peak is one copy of the rows, the new ties
// (sorted, both arcs) and two offset arrays.
#include <cstdint>
#include <span>
#include <unordered_set>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/pod_array.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

class TieOverlay {
 public:
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
  /// Returns the ties added since the last compaction, as (u, v) with u < v, in order of addition.
  std::span<const std::pair<AgentId, AgentId>> pending() const { return pending_; }

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
  std::uint64_t num_ties() const { return neighbours_.size() / 2 + pending_.size(); }
  /// Returns the number of ties dropped below the floor by compactions so far.
  std::uint64_t ties_broken() const { return broken_; }
  /// Returns the heap bytes held.
  std::size_t memory_bytes() const;

  /// Checkpoint fields (core/state_archive.hpp): every member; the duplicate guard is rebuilt
  /// from the pending list.
  void state_fields(StateArchive& a) {
    a(n_, offsets_, neighbours_, strengths_, pending_, pending_strength_, broken_);
    if (a.loading()) {
      pending_keys_.clear();
      for (const auto& [u, v] : pending_) pending_keys_.insert(key(u, v));
    }
  }

 private:
  static std::uint64_t key(AgentId u, AgentId v) {
    return u < v ? (static_cast<std::uint64_t>(u) << 32) | v
                 : (static_cast<std::uint64_t>(v) << 32) | u;
  }

  std::uint32_t n_ = 0;
  std::vector<ArcIndex> offsets_ = {0};
  // Grown and shrunk in place at compactions (core/pod_array.hpp): the rows are never held twice.
  PodArray<AgentId> neighbours_;
  PodArray<float> strengths_;
  std::vector<std::pair<AgentId, AgentId>> pending_;
  std::vector<float> pending_strength_;
  std::unordered_set<std::uint64_t> pending_keys_;
  std::uint64_t broken_ = 0;
};

}  // namespace snsim
