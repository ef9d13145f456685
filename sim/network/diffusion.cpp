#include "snsim/network/diffusion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "snsim/core/parallel.hpp"

namespace snsim {
namespace {

/// Draws the number of failed Bernoulli(p) trials before the next success: geometric on
/// {0, 1, ...}; returns the maximum for p = 0 (never a success) and 0 for p = 1.
class GeometricGaps {
 public:
  explicit GeometricGaps(double p)
      : never_(p <= 0.0),
        always_(p >= 1.0),
        inv_log_q_(never_ || always_ ? 0.0 : 1.0 / std::log1p(-p)) {}

  /// Returns failures before the next success (count of arcs skipped).
  std::uint64_t operator()(RandomStream& rng) const {
    if (never_) return kNever;
    if (always_) return 0;
    // u in (0, 1]: log(u) is finite; floor(log u / log q) is Geometric(p) on {0, 1, ...}.
    const double u = 1.0 - rng.uniform01();
    const double gap = std::floor(std::log(u) * inv_log_q_);
    return gap >= 9.0e18 ? kNever : static_cast<std::uint64_t>(gap);
  }

 private:
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
  bool never_, always_;
  double inv_log_q_;
};

void require_arcs(const SocialGraph& g, const char* what) {
  if (g.is_complete()) {
    throw std::invalid_argument(
        std::string(what) + ": needs a graph with stored ties, not the implicit complete graph");
  }
}

}  // namespace

std::uint32_t CascadeScratch::next_epoch() {
  if (++epoch_ == 0) {  // wrapped: old stamps could collide with new epochs
    std::fill(mark_.begin(), mark_.end(), 0u);
    epoch_ = 1;
  }
  return epoch_;
}

std::vector<AgentId> draw_distinct_agents(std::uint32_t n, std::uint32_t k, RandomStream& rng,
                                          CascadeScratch& scratch) {
  if (k > n || scratch.mark_.size() < n) {
    throw std::invalid_argument("draw_distinct_agents: k must be at most n, scratch sized for n");
  }
  const std::uint32_t epoch = scratch.next_epoch();
  std::vector<AgentId> out;
  out.reserve(k);
  // Rejection is cheap while k is a small share of n; above half, draw the complement instead.
  if (2ull * k <= n) {
    while (out.size() < k) {
      const auto v = static_cast<AgentId>(rng.below(n));
      if (scratch.mark_[v] != epoch) {
        scratch.mark_[v] = epoch;
        out.push_back(v);
      }
    }
    return out;
  }
  std::uint32_t left_out = 0;
  while (left_out < n - k) {
    const auto v = static_cast<AgentId>(rng.below(n));
    if (scratch.mark_[v] != epoch) {
      scratch.mark_[v] = epoch;
      ++left_out;
    }
  }
  for (AgentId v = 0; v < n; ++v) {
    if (scratch.mark_[v] != epoch) out.push_back(v);
  }
  return out;
}

CascadeOutcome independent_cascade(const SocialGraph& g, std::span<const AgentId> seeds, double p,
                                   RandomStream& rng, CascadeScratch& scratch) {
  require_arcs(g, "independent_cascade");
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("independent_cascade: p not in [0, 1]");
  if (scratch.mark_.size() < g.num_agents()) {
    throw std::invalid_argument("independent_cascade: scratch is smaller than the graph");
  }
  const std::uint32_t epoch = scratch.next_epoch();
  auto& mark = scratch.mark_;
  auto& frontier = scratch.frontier_;
  auto& next = scratch.next_;
  frontier.clear();
  for (AgentId s : seeds) {
    if (mark[s] != epoch) {
      mark[s] = epoch;
      frontier.push_back(s);
    }
  }
  CascadeOutcome out;
  out.activated = frontier.size();
  const GeometricGaps gaps(p);
  const ArcIndex* off = g.offsets().data();
  const AgentId* adj = g.all_neighbours().data();
  // The frontier's arcs form one sequence of independent trials; `skip` failures remain before
  // the next success. A success on an already active agent is a trial whose outcome cannot
  // matter, so skipping over such arcs keeps the independent-cascade distribution exact.
  std::uint64_t skip = gaps(rng);
  while (!frontier.empty()) {
    next.clear();
    for (AgentId u : frontier) {
      const std::uint64_t begin = off[u], end = off[u + 1];
      out.arcs += end - begin;
      std::uint64_t pos = begin;
      while (skip < end - pos) {
        pos += skip;
        const AgentId v = adj[pos++];
        if (mark[v] != epoch) {
          mark[v] = epoch;
          next.push_back(v);
        }
        skip = gaps(rng);
      }
      skip -= end - pos;
    }
    if (next.empty()) break;
    ++out.rounds;
    out.activated += next.size();
    std::swap(frontier, next);
  }
  return out;
}

MonteCarloOutcome monte_carlo_cascades(const SocialGraph& g, const MonteCarloSpec& spec) {
  require_arcs(g, "monte_carlo_cascades");
  if (spec.seeds > g.num_agents()) {
    throw std::invalid_argument("monte_carlo_cascades: more seeds than agents");
  }
  MonteCarloOutcome out;
  out.cascades = spec.cascades;
  out.size.assign(spec.cascades, 0);
  const auto total = static_cast<std::int64_t>(spec.cascades);
  std::uint64_t activated = 0, arcs = 0;
#pragma omp parallel reduction(+ : activated, arcs)
  {
    CascadeScratch scratch(g.num_agents());  // per thread: marks are written by every cascade
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t c = 0; c < total; ++c) {
      // One stream per cascade: its draws do not depend on which thread runs it, or when.
      RandomStream rng(StreamKey{spec.seed, 0, static_cast<std::uint64_t>(c),
                                 stream_id("independent_cascade"), 0, 0});
      const std::vector<AgentId> seeds =
          draw_distinct_agents(g.num_agents(), spec.seeds, rng, scratch);
      const CascadeOutcome one = independent_cascade(g, seeds, spec.p, rng, scratch);
      out.size[static_cast<std::size_t>(c)] = static_cast<std::uint32_t>(one.activated);
      activated += one.activated;
      arcs += one.arcs;
    }
  }
  out.activated = activated;
  out.arcs = arcs;
  return out;
}

ThresholdOutcome threshold_model(const SocialGraph& g, std::vector<std::uint8_t>& active,
                                 double theta, std::uint32_t steps) {
  require_arcs(g, "threshold_model");
  if (active.size() != g.num_agents()) {
    throw std::invalid_argument("threshold_model: one state byte per agent is needed");
  }
  const ArcIndex* off = g.offsets().data();
  const AgentId* adj = g.all_neighbours().data();
  const auto n = static_cast<std::int64_t>(g.num_agents());
  // Agents read the state at the start of the step (synchronous update): flips go to a second
  // buffer, so the result is the same whatever order the threads scan agents in.
  std::vector<std::uint8_t> next = active;
  ThresholdOutcome out;
  for (std::uint32_t t = 0; t < steps; ++t) {
    std::uint64_t arcs = 0, flipped = 0;
    const std::uint8_t* st = active.data();
#pragma omp parallel for schedule(dynamic, 1024) reduction(+ : arcs, flipped) if (n >= kMinParallelAgents)
    for (std::int64_t u = 0; u < n; ++u) {
      if (st[u]) continue;
      const std::uint64_t begin = off[u], end = off[u + 1];
      std::uint32_t k = 0;
      for (std::uint64_t i = begin; i < end; ++i) k += st[adj[i]];
      arcs += end - begin;
      if (end > begin && static_cast<double>(k) >= theta * static_cast<double>(end - begin)) {
        next[static_cast<std::size_t>(u)] = 1;
        ++flipped;
      }
    }
    out.arcs += arcs;
    out.steps = t + 1;
    out.newly_active.push_back(flipped);
    if (flipped == 0) break;
    std::copy(next.begin(), next.end(), active.begin());
  }
  return out;
}

}  // namespace snsim
