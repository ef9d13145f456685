#include "snsim/network/social_graph.hpp"

#include <algorithm>
#include <cstdint>

#include <stdexcept>
#include <string>

#include "snsim/core/parallel.hpp"

namespace snsim {

SocialGraph SocialGraph::from_edges(std::uint32_t n, std::vector<Tie> edges, float strength) {
  return build(n, std::move(edges), nullptr, strength);
}

SocialGraph SocialGraph::from_weighted_edges(std::uint32_t n, std::vector<Tie> edges,
                                             std::vector<float> strengths) {
  if (strengths.size() != edges.size()) {
    throw std::invalid_argument(
        "SocialGraph::from_weighted_edges: " + std::to_string(strengths.size()) +
        " strengths for " + std::to_string(edges.size()) + " ties");
  }
  return build(n, std::move(edges), &strengths, 0.0f);
}

SocialGraph SocialGraph::from_csr(std::uint32_t n, std::vector<std::uint64_t> offsets,
                                  std::vector<AgentId> neighbours, float strength) {
  if (offsets.size() != static_cast<std::size_t>(n) + 1 || offsets.back() != neighbours.size()) {
    throw std::invalid_argument("SocialGraph::from_csr: offsets do not match " + std::to_string(n) +
                                " rows and " + std::to_string(neighbours.size()) + " arcs");
  }
  SocialGraph g;
  g.num_agents_ = n;
  std::uint64_t longest = 0;
  for (std::size_t i = 0; i < n; ++i) longest = std::max(longest, offsets[i + 1] - offsets[i]);
  arc_index(offsets.back(), "the social graph");
  g.offsets_.resize(offsets.size());
  for (std::size_t i = 0; i < offsets.size(); ++i)
    g.offsets_[i] = static_cast<ArcIndex>(offsets[i]);
  g.neighbours_ = std::move(neighbours);
  g.uniform_ = true;
  g.strengths_.assign(longest, strength);
  return g;
}

SocialGraph SocialGraph::complete(std::uint32_t n) {
  SocialGraph g;
  g.num_agents_ = n;
  g.complete_ = true;
  g.offsets_.clear();
  return g;
}

// One counting-sort pass puts each arc in its near end's row in input order; each row is then
// sorted by neighbour, stably, so duplicates are adjacent in input order and the first listed
// duplicate wins. Cost O(n + ties) random writes once, then rows sorted in parallel (they are
// short and independent); two arrays of 2 * ties entries at the peak.
SocialGraph SocialGraph::build(std::uint32_t n, std::vector<Tie> edges,
                               const std::vector<float>* per_tie, float strength) {
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  for (const auto& [u, v] : edges) {
    if (u >= n || v >= n) {
      throw std::out_of_range("SocialGraph: tie " + std::to_string(u) + "-" + std::to_string(v) +
                              " names an agent outside the population (size " + std::to_string(n) +
                              ")");
    }
    if (u == v) continue;
    ++offsets[u + 1];
    ++offsets[v + 1];
  }
  for (std::size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  const std::uint64_t arcs = offsets[n];

  SocialGraph g;
  g.num_agents_ = n;
  g.neighbours_.resize(arcs);
  if (per_tie) g.strengths_.resize(arcs);
  {
    std::vector<std::uint64_t> cursor(offsets.begin(), offsets.end() - 1);
    for (std::size_t k = 0; k < edges.size(); ++k) {
      const auto [u, v] = edges[k];
      if (u == v) continue;
      const std::uint64_t pu = cursor[u]++;
      const std::uint64_t pv = cursor[v]++;
      g.neighbours_[pu] = v;
      g.neighbours_[pv] = u;
      if (per_tie) g.strengths_[pu] = g.strengths_[pv] = (*per_tie)[k];
    }
  }
  edges.clear();
  edges.shrink_to_fit();

  const auto rows = static_cast<std::int64_t>(n);
  if (per_tie) {
#pragma omp parallel if (rows >= kMinParallelAgents)
    {
      std::vector<std::pair<AgentId, float>> row;  // one buffer per thread
#pragma omp for schedule(dynamic, 4096)
      for (std::int64_t r = 0; r < rows; ++r) {
        const std::uint64_t b = offsets[static_cast<std::size_t>(r)];
        const std::uint64_t e = offsets[static_cast<std::size_t>(r) + 1];
        row.clear();
        for (std::uint64_t a = b; a < e; ++a) row.emplace_back(g.neighbours_[a], g.strengths_[a]);
        std::stable_sort(row.begin(), row.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (std::uint64_t a = b; a < e; ++a) {
          g.neighbours_[a] = row[a - b].first;
          g.strengths_[a] = row[a - b].second;
        }
      }
    }
  } else {
#pragma omp parallel for schedule(dynamic, 4096) if (rows >= kMinParallelAgents)
    for (std::int64_t r = 0; r < rows; ++r) {
      std::sort(g.neighbours_.begin() + static_cast<std::ptrdiff_t>(offsets[r]),
                g.neighbours_.begin() + static_cast<std::ptrdiff_t>(offsets[r + 1]));
    }
  }

  // Drop duplicate ties in place (rows are sorted, so duplicates are adjacent).
  arc_index(offsets[n], "the social graph");
  g.offsets_.assign(static_cast<std::size_t>(n) + 1, 0);
  std::uint64_t write = 0;
  for (AgentId i = 0; i < n; ++i) {
    const std::uint64_t row_begin = write;
    for (std::uint64_t a = offsets[i]; a < offsets[i + 1]; ++a) {
      if (write > row_begin && g.neighbours_[write - 1] == g.neighbours_[a]) continue;
      g.neighbours_[write] = g.neighbours_[a];
      if (per_tie) g.strengths_[write] = g.strengths_[a];
      ++write;
    }
    g.offsets_[i + 1] = static_cast<ArcIndex>(write);
  }
  g.neighbours_.resize(write);
  g.neighbours_.shrink_to_fit();
  if (per_tie) {
    g.strengths_.resize(write);
    g.strengths_.shrink_to_fit();
  } else {
    std::uint64_t longest = 0;
    for (AgentId i = 0; i < n; ++i)
      longest = std::max<std::uint64_t>(longest, g.offsets_[i + 1] - g.offsets_[i]);
    g.uniform_ = true;
    g.strengths_.assign(longest, strength);
  }
  return g;
}

std::vector<float> SocialGraph::all_strengths() const {
  if (!uniform_) return strengths_;
  return std::vector<float>(neighbours_.size(), strengths_.empty() ? 0.0f : strengths_.front());
}

std::uint64_t SocialGraph::num_ties() const {
  if (complete_) {
    const std::uint64_t n = num_agents_;
    return n == 0 ? 0 : n * (n - 1) / 2;
  }
  return neighbours_.size() / 2;
}

std::size_t SocialGraph::memory_bytes() const {
  return offsets_.capacity() * sizeof(ArcIndex) + neighbours_.capacity() * sizeof(AgentId) +
         strengths_.capacity() * sizeof(float);
}

void SocialGraph::throw_no_arcs() {
  throw std::logic_error(
      "SocialGraph: the complete (well-mixed) graph stores no arcs; test is_complete() before "
      "asking for neighbours or strengths");
}

}  // namespace snsim
