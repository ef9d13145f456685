#pragma once
// Choosing influencers (seed sets) on the follow graph: random, highest degree, most followers,
// or IMM (Tang, Shi, Xiao 2015, "Influence maximization in near-linear time: a martingale
// approach", SIGMOD): reverse-reachable (RR) sets under the independent cascade model, where
// arc u -> w (w follows u) is live with w's share propensity; a greedy maximum coverage of the
// RR sets is a (1 - 1/e - epsilon)-approximation with probability at least 1 - n^-ell.
#include <cstdint>
#include <vector>

#include "snsim/media/media_state.hpp"
#include "snsim/media/platform_spec.hpp"

namespace snsim {

class World;

/// Returns up to k people chosen by the selection rule (draws from `stream` at set-up, `purpose`).
std::vector<std::uint32_t> select_influencers(const World& world, const FollowGraph& follow,
                                              SeedSelection selection, std::uint32_t k,
                                              std::uint64_t seed, std::uint32_t stream,
                                              std::uint32_t purpose);

/// Returns k seeds by IMM on the people's follow graph with per-follower live probabilities
/// share[w]; epsilon in (0, 1), ell > 0, at most max_sets RR sets (a cap, documented as such).
std::vector<std::uint32_t> imm_seeds(const FollowGraph& follow, const std::vector<float>& share,
                                     std::uint32_t k, double epsilon, double ell,
                                     std::uint64_t max_sets, std::uint64_t seed,
                                     std::uint32_t stream, std::uint32_t purpose);

}  // namespace snsim
