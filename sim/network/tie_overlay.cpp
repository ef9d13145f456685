#include "snsim/network/tie_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>
#include <utility>

#include <omp.h>

#include "snsim/core/parallel.hpp"

namespace snsim {

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
  // The pending list and its guard are not needed any more: freed before the rows grow.
  pending_ = {};
  pending_strength_ = {};
  pending_keys_ = {};
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
  const auto first_fresh = [&](std::size_t row) {
    return static_cast<std::size_t>(
        std::lower_bound(fresh.begin(), fresh.end(), row,
                         [](const auto& x, std::size_t r) { return std::get<0>(x) < r; }) -
        fresh.begin());
  };

  // The rows are rewritten in place, so a compaction never holds them twice. Rows go in blocks
  // (one a thread); the result depends only on the ties, not on the blocks.
  const auto rows = static_cast<std::size_t>(n_);
  const std::size_t blocks =
      rows >= kMinParallelAgents ? static_cast<std::size_t>(std::max(1, omp_get_max_threads())) : 1;
  const auto block_row = [&](std::size_t b) { return rows * b / blocks; };
  const auto nblocks = static_cast<std::int64_t>(blocks);

  // 1. Each block drops, in place and towards its start, the ties that decay below the floor (a
  //    tie's two arcs hold the same strength and decay alike, so they go together). offsets
  //    counts each row's survivors for now.
  std::vector<ArcIndex> offsets(rows + 1, 0);
  std::vector<std::uint64_t> kept(blocks, 0);
  std::uint64_t broken = 0;
#pragma omp parallel for schedule(static, 1) reduction(+ : broken) if (blocks > 1)
  for (std::int64_t b = 0; b < nblocks; ++b) {
    const std::size_t lo = block_row(static_cast<std::size_t>(b));
    const std::size_t hi = block_row(static_cast<std::size_t>(b) + 1);
    std::uint64_t out = offsets_[lo];
    for (std::size_t i = lo; i < hi; ++i) {
      const std::uint64_t before = out;
      for (std::uint64_t k = offsets_[i]; k < offsets_[i + 1]; ++k) {
        const auto x = static_cast<float>(strengths_[k] * factor);
        if (x >= floor) {
          neighbours_[out] = neighbours_[k];
          strengths_[out++] = x;
        } else if (neighbours_[k] > i) {
          ++broken;
        }
      }
      offsets[i + 1] = static_cast<ArcIndex>(out - before);
    }
    kept[static_cast<std::size_t>(b)] = out - offsets_[lo];
  }
  broken_ += broken;
  for (const auto& arc : fresh) ++offsets[std::get<0>(arc) + 1];
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < rows; ++i) total += offsets[i + 1];
  arc_index(total, "people's ties");
  for (std::size_t i = 0; i < rows; ++i) offsets[i + 1] += offsets[i];
  if (total > neighbours_.size()) {
    neighbours_.resize(total);
    strengths_.resize(total);
  }

  // 2. Each block's survivors move to where its rows start now: blocks moving down in block
  //    order, then blocks moving up in reverse order, so no block lands on one not yet moved.
  const auto move_block = [&](std::size_t b) {
    const std::uint64_t from = offsets_[block_row(b)], to = offsets[block_row(b)];
    std::memmove(neighbours_.data() + to, neighbours_.data() + from, kept[b] * sizeof(AgentId));
    std::memmove(strengths_.data() + to, strengths_.data() + from, kept[b] * sizeof(float));
  };
  for (std::size_t b = 0; b < blocks; ++b)
    if (offsets[block_row(b)] < offsets_[block_row(b)]) move_block(b);
  for (std::size_t b = blocks; b-- > 0;)
    if (offsets[block_row(b)] > offsets_[block_row(b)]) move_block(b);

      // 3. Each block merges its new ties into its rows from the end backwards: the write position
      //    stays at or after the read position (they differ by the new ties still to place), so no
      //    survivor is overwritten before it is read, and once the new ties are placed the rows
      //    before them are where they belong.
#pragma omp parallel for schedule(static, 1) if (blocks > 1)
  for (std::int64_t b = 0; b < nblocks; ++b) {
    const std::size_t lo = block_row(static_cast<std::size_t>(b));
    const std::size_t hi = block_row(static_cast<std::size_t>(b) + 1);
    const std::size_t f_lo = first_fresh(lo);
    std::size_t f = first_fresh(hi);
    std::uint64_t r = offsets[lo] + kept[static_cast<std::size_t>(b)];
    std::uint64_t w = offsets[hi];
    for (std::size_t i = hi; i > lo && f > f_lo;) {
      --i;
      std::size_t f_row = f;
      while (f_row > f_lo && std::get<0>(fresh[f_row - 1]) == i) --f_row;
      std::uint64_t old_left = (offsets[i + 1] - offsets[i]) - (f - f_row);
      while (f > f_row) {
        --w;
        if (old_left > 0 && neighbours_[r - 1] > std::get<1>(fresh[f - 1])) {
          --r;
          --old_left;
          neighbours_[w] = neighbours_[r];
          strengths_[w] = strengths_[r];
        } else {
          --f;
          neighbours_[w] = std::get<1>(fresh[f]);
          strengths_[w] = std::get<2>(fresh[f]);
        }
      }
      // The row's remaining survivors precede its new ties: they move up as one run.
      r -= old_left;
      w -= old_left;
      std::memmove(neighbours_.data() + w, neighbours_.data() + r, old_left * sizeof(AgentId));
      std::memmove(strengths_.data() + w, strengths_.data() + r, old_left * sizeof(float));
    }
  }
  if (total < neighbours_.size()) {
    neighbours_.resize(total);
    strengths_.resize(total);
  }
  offsets_ = std::move(offsets);
}

std::size_t TieOverlay::memory_bytes() const {
  return offsets_.capacity() * sizeof(ArcIndex) + neighbours_.size() * sizeof(AgentId) +
         strengths_.size() * sizeof(float) +
         pending_.capacity() * sizeof(std::pair<AgentId, AgentId>) +
         pending_strength_.capacity() * sizeof(float) + pending_keys_.size() * 32;
}

}  // namespace snsim
