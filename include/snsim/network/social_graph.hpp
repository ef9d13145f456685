#pragma once
// SocialGraph: the undirected, weighted social ties between person agents (docs/model.md section
// 3).
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

/// Undirected social ties stored as compressed sparse rows (CSR).
///
/// Invariants: row i lists i's neighbours in strictly ascending order (no duplicate ties), never
/// i itself (no self loops); j is in row i iff i is in row j (symmetric); each arc carries its
/// tie strength in (0, 1], and the two arcs of a tie start with the same strength.
/// A graph whose ties all have one strength (every generator's) stores it once, not per arc: half
/// the bytes of the CSR, and what neighbours read stays in cache (issue 8).
/// The well-mixed (complete) graph is stored implicitly: no arcs, `is_complete()` is true and
/// `neighbours()` / `strengths()` throw std::logic_error.
/// The CSR is the static part of the network. Ties added during a run (introductions) will live
/// in a cheap mutable overlay beside it, compacted into the CSR every few steps (docs/model.md
/// section 3); that overlay is not part of this class.
class SocialGraph {
 public:
  using Tie = std::pair<AgentId, AgentId>;

  /// Builds the empty graph on zero agents.
  SocialGraph() = default;

  /// Returns the graph of the given ties on n agents, each with the given strength; drops self
  /// loops and duplicate ties (in either orientation) and symmetrises. O(n + ties) counting sort.
  static SocialGraph from_edges(std::uint32_t n, std::vector<Tie> edges, float strength);

  /// Returns the graph of the given ties with one strength per tie (strengths.size() ==
  /// edges.size()); of duplicate ties, the first one listed gives the strength.
  static SocialGraph from_weighted_edges(std::uint32_t n, std::vector<Tie> edges,
                                         std::vector<float> strengths);

  /// Returns the graph of CSR rows already in final form (offsets of size n + 1; each row
  /// ascending, without loops or duplicates; symmetric), every tie of the given strength; takes
  /// the neighbours without copying them (for generators that build the CSR themselves); throws
  /// std::length_error if the arcs do not fit an ArcIndex.
  static SocialGraph from_csr(std::uint32_t n, std::vector<std::uint64_t> offsets,
                              std::vector<AgentId> neighbours, float strength);

  /// Returns the well-mixed graph on n agents (every pair tied), stored without arcs.
  static SocialGraph complete(std::uint32_t n);

  /// Returns the number of agents (rows).
  std::uint32_t num_agents() const { return num_agents_; }
  /// Returns the number of undirected ties (n(n-1)/2 for the complete graph).
  std::uint64_t num_ties() const;
  /// Returns the number of arcs, two per tie (n(n-1) for the complete graph, though none stored).
  std::uint64_t num_arcs() const { return 2 * num_ties(); }
  /// Returns true for the implicitly stored well-mixed graph.
  bool is_complete() const { return complete_; }

  /// Returns the number of ties of agent i (n - 1 in the complete graph).
  std::uint32_t degree(AgentId i) const {
    if (complete_) return num_agents_ - 1;
    return static_cast<std::uint32_t>(offsets_[i + 1] - offsets_[i]);
  }

  /// Returns i's neighbours in ascending id order; throws std::logic_error on a complete graph.
  std::span<const AgentId> neighbours(AgentId i) const {
    if (complete_) throw_no_arcs();
    return {neighbours_.data() + offsets_[i], neighbours_.data() + offsets_[i + 1]};
  }

  /// Returns the strengths of i's ties, aligned with neighbours(i); throws on a complete graph.
  std::span<const float> strengths(AgentId i) const {
    if (complete_) throw_no_arcs();
    // One strength for all: a run of it as long as the longest row.
    if (uniform_) return {strengths_.data(), offsets_[i + 1] - offsets_[i]};
    return {strengths_.data() + offsets_[i], strengths_.data() + offsets_[i + 1]};
  }

  /// Returns the row offsets, size n + 1 (empty for the complete graph).
  std::span<const ArcIndex> offsets() const { return offsets_; }
  /// Returns all neighbour ids, row after row (empty for the complete graph).
  std::span<const AgentId> all_neighbours() const { return neighbours_; }
  /// Returns all arc strengths, aligned with all_neighbours() (a copy: a graph of one strength
  /// stores it once).
  std::vector<float> all_strengths() const;

  /// Returns the bytes held by the CSR arrays.
  std::size_t memory_bytes() const;

  /// Checkpoint fields (core/state_archive.hpp): every member.
  void state_fields(StateArchive& a) {
    a(num_agents_, complete_, uniform_, offsets_, neighbours_, strengths_);
  }

 private:
  [[noreturn]] static void throw_no_arcs();
  static SocialGraph build(std::uint32_t n, std::vector<Tie> edges,
                           const std::vector<float>* per_tie, float strength);

  std::uint32_t num_agents_ = 0;
  bool complete_ = false;
  std::vector<ArcIndex> offsets_ = {0};  ///< row i is [offsets_[i], offsets_[i+1])
  std::vector<AgentId> neighbours_;      ///< 2 * ties entries, ascending within a row
  bool uniform_ = false;                 ///< one strength for every tie
  /// Tie strength per arc, in (0, 1]; if uniform_, the one strength repeated max-degree times.
  std::vector<float> strengths_;
};

}  // namespace snsim
