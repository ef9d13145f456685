#pragma once
// Classic diffusion models on the social graph (docs/model.md section 6): independent cascade
// (Kempe, Kleinberg, Tardos 2003) and the synchronous linear threshold model (Granovetter 1978,
// NDlib's ThresholdModel semantics). They are the special cases with known answers that the full
// model reduces to, and the `classic` benchmark's kernels (bench/classic.cpp).
#include <cstdint>
#include <span>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/random_stream.hpp"
#include "snsim/network/social_graph.hpp"

namespace snsim {

/// Outcome and work of one independent cascade run to extinction.
struct CascadeOutcome {
  std::uint64_t activated = 0;  ///< agents active at the end, seeds included
  std::uint64_t arcs = 0;       ///< arcs leaving the activated agents (each tried exactly once)
  std::uint32_t rounds = 0;     ///< generations that activated someone, seeds not counted
};

/// Reusable buffers for cascades on one graph: epoch-stamped marks, so nothing is cleared between
/// cascades (O(frontier) per cascade, not O(n)).
class CascadeScratch {
 public:
  /// Builds buffers for graphs of n agents.
  explicit CascadeScratch(std::uint32_t n) : mark_(n, 0) {}

 private:
  friend CascadeOutcome independent_cascade(const SocialGraph&, std::span<const AgentId>, double,
                                            RandomStream&, CascadeScratch&);
  friend std::vector<AgentId> draw_distinct_agents(std::uint32_t, std::uint32_t, RandomStream&,
                                                   CascadeScratch&);
  /// Returns a fresh epoch (clearing the marks only when the 32-bit counter wraps).
  std::uint32_t next_epoch();

  std::vector<std::uint32_t> mark_;  ///< mark_[v] == epoch_: v is active in this cascade
  std::uint32_t epoch_ = 0;
  std::vector<AgentId> frontier_, next_;
};

/// Returns k distinct agents of [0, n) drawn uniformly from rng (k <= n), in draw order; uses
/// the scratch's marks, so it costs O(k) expected for k much smaller than n.
std::vector<AgentId> draw_distinct_agents(std::uint32_t n, std::uint32_t k, RandomStream& rng,
                                          CascadeScratch& scratch);

/// Runs one independent cascade from the given seeds (duplicates count once): each newly active
/// agent gets one chance, with probability p in [0, 1], to activate each inactive neighbour in the
/// next generation. Trials are drawn by geometric skipping over the frontier's arcs (one draw per
/// success, not per arc), which gives exactly the same distribution as one Bernoulli(p) per arc.
/// Throws std::invalid_argument for the implicit complete graph or p outside [0, 1].
CascadeOutcome independent_cascade(const SocialGraph& g, std::span<const AgentId> seeds, double p,
                                   RandomStream& rng, CascadeScratch& scratch);

/// What a Monte-Carlo estimate of independent cascades runs.
struct MonteCarloSpec {
  std::uint64_t cascades = 1000;  ///< independent cascades
  std::uint32_t seeds = 100;      ///< distinct uniform random seeds per cascade
  double p = 0.01;                ///< activation probability per arc
  std::uint64_t seed = 1;         ///< root of the random streams
};

/// Totals of a Monte-Carlo run of cascades.
struct MonteCarloOutcome {
  std::uint64_t cascades = 0;
  std::uint64_t activated = 0;      ///< summed over cascades
  std::uint64_t arcs = 0;           ///< summed over cascades
  std::vector<std::uint32_t> size;  ///< activated agents of cascade c, c = 0..cascades-1
};

/// Returns spec.cascades independent cascades, run in parallel on the OpenMP threads; cascade c
/// draws its seeds and trials from its own counter-based stream (spec.seed, step c), so the
/// result is the same for any thread count.
MonteCarloOutcome monte_carlo_cascades(const SocialGraph& g, const MonteCarloSpec& spec);

/// Outcome and work of the threshold model.
struct ThresholdOutcome {
  std::uint64_t arcs = 0;                   ///< arcs scanned: every inactive agent's, every step
  std::uint32_t steps = 0;                  ///< steps run (fewer than asked at a fixed point)
  std::vector<std::uint64_t> newly_active;  ///< agents activated in step t, t = 0..steps-1
};

/// Runs the synchronous threshold model for at most `steps` steps, updating `active` (one byte
/// per agent, 0 or 1): an inactive agent with degree d > 0 becomes active when at least theta * d
/// of its neighbours were active at the start of the step; active agents stay active. Stops early
/// at a fixed point (a step activating nobody). Deterministic; parallel over agents.
/// Throws std::invalid_argument for the complete graph or active.size() != num_agents().
ThresholdOutcome threshold_model(const SocialGraph& g, std::vector<std::uint8_t>& active,
                                 double theta, std::uint32_t steps);

}  // namespace snsim
