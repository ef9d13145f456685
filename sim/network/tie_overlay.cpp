#include "snsim/network/tie_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include <omp.h>

#include "snsim/core/parallel.hpp"

namespace snsim {
namespace {

/// Returns this OpenMP thread's share [lo, hi) of n rows (all of them outside a parallel region).
std::pair<std::int64_t, std::int64_t> thread_range(std::int64_t n) {
  const std::int64_t t = omp_get_thread_num(), threads = omp_get_num_threads();
  return {n * t / threads, n * (t + 1) / threads};
}

}  // namespace

TieOverlay::TieOverlay(std::uint32_t n) : n_(n), offsets_(static_cast<std::size_t>(n) + 1, 0) {}

bool TieOverlay::contains(AgentId u, AgentId v) const {
  if (u == v) return false;
  if (pending_keys_.count(key(u, v)) != 0) return true;
  const auto row = neighbours(u);
  return std::binary_search(row.begin(), row.end(), v);
}

bool TieOverlay::add(AgentId u, AgentId v, float w) {
  if (u == v || u >= n_ || v >= n_ || contains(u, v)) return false;
  return add_unless_pending(u, v, w);
}

bool TieOverlay::add_unless_pending(AgentId u, AgentId v, float w) {
  if (u == v || u >= n_ || v >= n_ || !pending_keys_.insert(key(u, v)).second) return false;
  pending_.emplace_back(std::min(u, v), std::max(u, v));
  pending_strength_.push_back(w);
  return true;
}

void TieOverlay::compact(double decay, std::uint32_t idle_steps, double floor) {
  const double factor = std::pow(1.0 - decay, static_cast<double>(idle_steps));
  // Both arcs of every pending tie, sorted by (row, column): only the new ties are sorted; the
  // compacted rows are sorted already and are merged with them row by row, so a compaction costs
  // O(overlay arcs + pending log pending), not a sort of every tie.
  std::vector<std::tuple<AgentId, AgentId, float>> fresh;
  fresh.reserve(2 * pending_.size());
  for (std::size_t k = 0; k < pending_.size(); ++k) {
    const auto [u, v] = pending_[k];
    fresh.emplace_back(u, v, pending_strength_[k]);
    fresh.emplace_back(v, u, pending_strength_[k]);
  }
  // Every arc is a distinct (row, column) key, so the order is fully determined: the two halves
  // are sorted side by side and merged.
  const auto mid = fresh.begin() + static_cast<std::ptrdiff_t>(fresh.size() / 2);
#pragma omp parallel sections if (fresh.size() >= 65536)
  {
#pragma omp section
    std::sort(fresh.begin(), mid);
#pragma omp section
    std::sort(mid, fresh.end());
  }
  std::inplace_merge(fresh.begin(), mid, fresh.end());

  // A tie's two arcs hold the same strength and decay alike, so they survive together.
  const auto survives = [&](float w) { return static_cast<float>(w * factor) >= floor; };
  // Rows are independent: each thread counts, then fills, its own range of rows (the result does
  // not depend on the ranges, so not on the thread count).
  const auto rows = static_cast<std::int64_t>(n_);
  const auto first_fresh = [&](AgentId row) {
    return static_cast<std::size_t>(
        std::lower_bound(fresh.begin(), fresh.end(), row,
                         [](const auto& x, AgentId r) { return std::get<0>(x) < r; }) -
        fresh.begin());
  };
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n_) + 1, 0);
  std::uint64_t broken = 0;
#pragma omp parallel reduction(+ : broken) if (rows >= kMinParallelAgents)
  {
    const auto [lo, hi] = thread_range(rows);
    std::size_t f = first_fresh(static_cast<AgentId>(lo));
    for (auto i = static_cast<AgentId>(lo); i < hi; ++i) {
      const auto nb = neighbours(i);
      const auto w = strengths(i);
      std::uint64_t kept = 0;
      for (std::size_t k = 0; k < nb.size(); ++k) {
        if (survives(w[k])) {
          ++kept;
        } else if (nb[k] > i) {
          ++broken;
        }
      }
      while (f < fresh.size() && std::get<0>(fresh[f]) == i) ++kept, ++f;
      offsets[i + 1] = kept;
    }
  }
  broken_ += broken;
  for (std::size_t i = 0; i < n_; ++i) offsets[i + 1] += offsets[i];
  std::vector<AgentId> nbrs(offsets.back());
  std::vector<float> str(offsets.back());
#pragma omp parallel if (rows >= kMinParallelAgents)
  {
    const auto [lo, hi] = thread_range(rows);
    std::size_t f = first_fresh(static_cast<AgentId>(lo));
    for (auto i = static_cast<AgentId>(lo); i < hi; ++i) {
      const auto nb = neighbours(i);
      const auto w = strengths(i);
      std::uint64_t out = offsets[i];
      std::size_t k = 0;
      // Merge the row's survivors with its new ties, both ascending and disjoint.
      while (k < nb.size() || (f < fresh.size() && std::get<0>(fresh[f]) == i)) {
        const bool take_old = k < nb.size() && (f >= fresh.size() || std::get<0>(fresh[f]) != i ||
                                                nb[k] < std::get<1>(fresh[f]));
        if (take_old) {
          const auto x = static_cast<float>(w[k] * factor);
          if (x >= floor) {
            nbrs[out] = nb[k];
            str[out++] = x;
          }
          ++k;
        } else {
          nbrs[out] = std::get<1>(fresh[f]);
          str[out++] = std::get<2>(fresh[f]);
          ++f;
        }
      }
    }
  }
  offsets_ = std::move(offsets);
  neighbours_ = std::move(nbrs);
  strengths_ = std::move(str);
  pending_.clear();
  pending_strength_.clear();
  pending_keys_.clear();
}

std::size_t TieOverlay::memory_bytes() const {
  return offsets_.capacity() * sizeof(std::uint64_t) + neighbours_.capacity() * sizeof(AgentId) +
         strengths_.capacity() * sizeof(float) +
         pending_.capacity() * sizeof(std::pair<AgentId, AgentId>) +
         pending_strength_.capacity() * sizeof(float) + pending_keys_.size() * 32;
}

}  // namespace snsim
