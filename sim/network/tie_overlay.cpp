#include "snsim/network/tie_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <utility>

#include <omp.h>

#include "snsim/core/parallel.hpp"

namespace snsim {

TieOverlay::TieOverlay(std::uint32_t n) : n_(n), offsets_(static_cast<std::size_t>(n) + 1, 0) {}

bool TieOverlay::contains(AgentId u, AgentId v) const {
  if (u == v) return false;
  if (guard_.contains(key(u, v))) return true;
  const auto row = neighbours(u);
  return std::binary_search(row.begin(), row.end(), v);
}

bool TieOverlay::add(AgentId u, AgentId v, float w) {
  if (u == v || u >= n_ || v >= n_ || contains(u, v)) return false;
  return add_unless_pending(u, v, w);
}

bool TieOverlay::add_unless_pending(AgentId u, AgentId v, float w) {
  if (u == v || u >= n_ || v >= n_) return false;
  // Grown from the pending list, which holds every key, so the guard is never held twice.
  if (guard_.full()) rebuild_guard(num_pending_ + 1);
  if (!guard_.insert(key(u, v))) return false;
  if (num_pending_ == pending_.size()) pending_.resize(std::max<std::size_t>(64, 2 * num_pending_));
  pending_[num_pending_++] = {std::min(u, v), std::max(u, v), w};
  return true;
}

void TieOverlay::rebuild_guard(std::size_t keys) {
  guard_.reset(keys);
  for (std::size_t k = 0; k < num_pending_; ++k) guard_.insert(key(pending_[k].u, pending_[k].v));
}

namespace {

/// Sorts [first, last) by less: its two halves side by side (two threads if parallel), then
/// merged.
template <class It, class Less>
void sort_in_halves(It first, It last, Less less, bool parallel) {
  const It mid = first + (last - first) / 2;
#pragma omp parallel sections if (parallel)
  {
#pragma omp section
    std::sort(first, mid, less);
#pragma omp section
    std::sort(mid, last, less);
  }
  std::inplace_merge(first, mid, last, less);
}

}  // namespace

void TieOverlay::compact(double decay, std::uint32_t idle_steps, double floor) {
  const double factor = std::pow(1.0 - decay, static_cast<double>(idle_steps));
  // The guard is not needed any more: freed before anything grows.
  guard_.clear();
  // Every pending tie gives two arcs: u -> v (its upper arc, in row u) and v -> u (its lower
  // arc, in row v). Only the new ties are sorted; the compacted rows are sorted already and are
  // merged with them row by row, so a compaction costs O(overlay arcs + pending log pending), not
  // a sort of every tie. The pending list itself, sorted by (u, v), lists the upper arcs in row
  // order; `lower` lists the lower arcs as (v << 32 | index in the sorted list), so by (v, u).
  // Every arc is a distinct (row, column) key, so both orders are fully determined.
  const std::size_t np = num_pending_;
  const bool parallel_sort = np >= 32768;
  sort_in_halves(
      pending_.data(), pending_.data() + np,
      [](const PendingTie& a, const PendingTie& b) { return a.u != b.u ? a.u < b.u : a.v < b.v; },
      parallel_sort);
  const PendingTie* const fresh = pending_.data();
  if (np > 0xffffffffU) throw std::length_error("people's ties: over 2^32 ties pending");
  PodArray<std::uint64_t> lower;
  lower.resize(np);
  for (std::size_t k = 0; k < np; ++k) lower[k] = static_cast<std::uint64_t>(fresh[k].v) << 32 | k;
  sort_in_halves(lower.begin(), lower.end(), std::less<>(), parallel_sort);
  const auto first_upper = [&](std::size_t row) {
    return static_cast<std::size_t>(
        std::lower_bound(fresh, fresh + np, row,
                         [](const PendingTie& x, std::size_t r) { return x.u < r; }) -
        fresh);
  };
  const auto first_lower = [&](std::size_t row) {
    return static_cast<std::size_t>(
        std::lower_bound(lower.begin(), lower.end(), static_cast<std::uint64_t>(row) << 32) -
        lower.begin());
  };

  // The rows and their offsets are rewritten in place, so a compaction never holds either twice.
  // Rows go in blocks (one a thread); the result depends only on the ties, not on the blocks.
  const auto rows = static_cast<std::size_t>(n_);
  const std::size_t blocks =
      rows >= kMinParallelAgents ? static_cast<std::size_t>(std::max(1, omp_get_max_threads())) : 1;
  const auto block_row = [&](std::size_t b) { return rows * b / blocks; };
  const auto nblocks = static_cast<std::int64_t>(blocks);
  // Where each block's rows start before the compaction (the offsets array is overwritten).
  std::vector<std::uint64_t> block_start(blocks + 1);
  for (std::size_t b = 0; b <= blocks; ++b) block_start[b] = offsets_[block_row(b)];

  // 1. Each block drops, in place and towards its start, the ties that decay below the floor (a
  //    tie's two arcs hold the same strength and decay alike, so they go together). offsets_[i +
  //    1] then counts row i's survivors: a block overwrites it once it has read row i's end, and
  //    takes its own first and last bounds from block_start (the entry at a block's start is
  //    overwritten by the block before it).
  std::vector<std::uint64_t> kept(blocks, 0);
  std::uint64_t broken = 0;
#pragma omp parallel for schedule(static, 1) reduction(+ : broken) if (blocks > 1)
  for (std::int64_t b = 0; b < nblocks; ++b) {
    const auto bb = static_cast<std::size_t>(b);
    const std::size_t lo = block_row(bb), hi = block_row(bb + 1);
    std::uint64_t out = block_start[bb], start = block_start[bb];
    for (std::size_t i = lo; i < hi; ++i) {
      const std::uint64_t end = i + 1 < hi ? offsets_[i + 1] : block_start[bb + 1];
      const std::uint64_t before = out;
      for (std::uint64_t k = start; k < end; ++k) {
        const auto x = static_cast<float>(strengths_[k] * factor);
        if (x >= floor) {
          neighbours_[out] = neighbours_[k];
          strengths_[out++] = x;
        } else if (neighbours_[k] > i) {
          ++broken;
        }
      }
      offsets_[i + 1] = static_cast<ArcIndex>(out - before);
      start = end;
    }
    kept[bb] = out - block_start[bb];
  }
  broken_ += broken;
  for (std::size_t k = 0; k < np; ++k) {
    ++offsets_[fresh[k].u + 1];
    ++offsets_[fresh[k].v + 1];
  }
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < rows; ++i) total += offsets_[i + 1];
  arc_index(total, "people's ties");
  for (std::size_t i = 0; i < rows; ++i) offsets_[i + 1] += offsets_[i];
  if (total > neighbours_.size()) {
    neighbours_.resize(total);
    strengths_.resize(total);
  }

  // 2. Each block's survivors move to where its rows start now: blocks moving down in block
  //    order, then blocks moving up in reverse order, so no block lands on one not yet moved.
  const auto move_block = [&](std::size_t b) {
    const std::uint64_t from = block_start[b], to = offsets_[block_row(b)];
    std::memmove(neighbours_.data() + to, neighbours_.data() + from, kept[b] * sizeof(AgentId));
    std::memmove(strengths_.data() + to, strengths_.data() + from, kept[b] * sizeof(float));
  };
  for (std::size_t b = 0; b < blocks; ++b)
    if (offsets_[block_row(b)] < block_start[b]) move_block(b);
  for (std::size_t b = blocks; b-- > 0;)
    if (offsets_[block_row(b)] > block_start[b]) move_block(b);

      // 3. Each block merges its new ties into its rows from the end backwards: the write position
      //    stays at or after the read position (they differ by the new ties still to place), so no
      //    survivor is overwritten before it is read, and once the new ties are placed the rows
      //    before them are where they belong. A row's new columns, descending, are its upper arcs'
      //    (above the row) then its lower arcs' (below it).
#pragma omp parallel for schedule(static, 1) if (blocks > 1)
  for (std::int64_t b = 0; b < nblocks; ++b) {
    const auto bb = static_cast<std::size_t>(b);
    const std::size_t lo = block_row(bb), hi = block_row(bb + 1);
    const std::size_t fu_lo = first_upper(lo), fl_lo = first_lower(lo);
    std::size_t fu = first_upper(hi), fl = first_lower(hi);
    std::uint64_t r = offsets_[lo] + kept[bb];
    std::uint64_t w = offsets_[hi];
    for (std::size_t i = hi; i > lo && (fu > fu_lo || fl > fl_lo);) {
      --i;
      std::size_t fu_row = fu, fl_row = fl;
      while (fu_row > fu_lo && fresh[fu_row - 1].u == i) --fu_row;
      while (fl_row > fl_lo && (lower[fl_row - 1] >> 32) == i) --fl_row;
      std::uint64_t old_left = (offsets_[i + 1] - offsets_[i]) - (fu - fu_row) - (fl - fl_row);
      while (fu > fu_row || fl > fl_row) {
        const PendingTie& t = fu > fu_row ? fresh[fu - 1] : fresh[lower[fl - 1] & 0xffffffffU];
        const AgentId column = fu > fu_row ? t.v : t.u;
        --w;
        if (old_left > 0 && neighbours_[r - 1] > column) {
          --r;
          --old_left;
          neighbours_[w] = neighbours_[r];
          strengths_[w] = strengths_[r];
        } else {
          neighbours_[w] = column;
          strengths_[w] = t.strength;
          if (fu > fu_row) {
            --fu;
          } else {
            --fl;
          }
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
  pending_ = {};
  num_pending_ = 0;
}

void TieOverlay::state_fields(StateArchive& a) {
  a(n_, offsets_, neighbours_, strengths_);
  // Encoded as the std::vector of (u, v) pairs and the std::vector of strengths they were
  // stored as before (core/state_archive.hpp), so checkpoints keep their format.
  const std::uint64_t n = a.count(num_pending_, 2 * sizeof(AgentId));
  if (a.loading()) {
    pending_ = {};
    pending_.resize(static_cast<std::size_t>(n));
    num_pending_ = static_cast<std::size_t>(n);
  }
  for (std::size_t k = 0; k < num_pending_; ++k) a(pending_[k].u, pending_[k].v);
  if (a.count(num_pending_, sizeof(float)) != num_pending_) StateArchive::mismatch("pending ties");
  for (std::size_t k = 0; k < num_pending_; ++k) a(pending_[k].strength);
  a(broken_);
  if (a.loading()) rebuild_guard(num_pending_);
}

std::size_t TieOverlay::memory_bytes() const {
  return offsets_.capacity() * sizeof(ArcIndex) + neighbours_.size() * sizeof(AgentId) +
         strengths_.size() * sizeof(float) + num_pending_ * sizeof(PendingTie) +
         guard_.memory_bytes();
}

}  // namespace snsim
