#include "snsim/network/tie_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

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
  pending_keys_.insert(key(u, v));
  pending_.emplace_back(std::min(u, v), std::max(u, v));
  pending_strength_.push_back(w);
  return true;
}

void TieOverlay::compact(double decay, std::uint32_t idle_steps, double floor) {
  const double factor = std::pow(1.0 - decay, static_cast<double>(idle_steps));
  // Every surviving tie once, as (u < v, w), sorted: old ties decayed, new ones as given.
  std::vector<std::tuple<AgentId, AgentId, float>> ties;
  ties.reserve(neighbours_.size() / 2 + pending_.size());
  for (AgentId u = 0; u < n_; ++u) {
    const auto nb = neighbours(u);
    const auto w = strengths(u);
    for (std::size_t k = 0; k < nb.size(); ++k) {
      if (nb[k] <= u) continue;
      const auto x = static_cast<float>(w[k] * factor);
      if (x < floor) {
        ++broken_;
        continue;
      }
      ties.emplace_back(u, nb[k], x);
    }
  }
  for (std::size_t k = 0; k < pending_.size(); ++k)
    ties.emplace_back(pending_[k].first, pending_[k].second, pending_strength_[k]);
  std::sort(ties.begin(), ties.end());

  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n_) + 1, 0);
  for (const auto& [u, v, w] : ties) {
    ++offsets[u + 1];
    ++offsets[v + 1];
  }
  for (std::size_t i = 0; i < n_; ++i) offsets[i + 1] += offsets[i];
  std::vector<AgentId> nbrs(offsets.back());
  std::vector<float> str(offsets.back());
  std::vector<std::uint64_t> fill(offsets.begin(), offsets.end() - 1);
  // Sorted by (u, v), row i first receives its smaller neighbours (from ties (u, i), u < i)
  // in ascending order, then its larger ones (from ties (i, v)) in ascending order: so every row
  // comes out sorted without a second pass.
  for (const auto& [u, v, w] : ties) {
    nbrs[fill[u]] = v;
    str[fill[u]++] = w;
    nbrs[fill[v]] = u;
    str[fill[v]++] = w;
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
