#pragma once
// Seed sets for the classic models: the people active (or infectious) when step 0 begins, listed
// by id or chosen by a rule: uniformly at random, by degree, by IMM (Tang, Shi, Xiao 2015) or by
// CELF, the lazy greedy maximisation of the Monte-Carlo expected spread (Leskovec et al. 2007),
// which is within 1 - 1/e of the best set for the independent cascade (Kempe et al. 2003).
#include <cstdint>
#include <vector>

#include "snsim/contagion/contagion_spec.hpp"
#include "snsim/core/ids.hpp"
#include "snsim/network/social_graph.hpp"

namespace snsim {

/// Returns the per-arc chance of the independent cascade whose spread IMM and CELF maximise for
/// this model: p for IC; for SIR and SEIR the transmissibility T = 1 - E[exp(-beta D)] over the
/// geometric infectious period D (Newman 2002), T = q / (q + gamma - q gamma), q = 1 - exp(-beta).
double equivalent_cascade_p(const ContagionSpec& spec);

/// Returns the seed set of spec (spec.seed_count distinct people, in the order chosen), drawing
/// from the streams (seed, run, set-up step, process `stream`, purposes of its own). Degree ties
/// go to the lower id. Throws std::invalid_argument for a rule the graph cannot serve (degree,
/// IMM or CELF on the implicit complete graph; IMM or CELF for LT or SIS).
std::vector<AgentId> choose_seeds(const SocialGraph& g, const ContagionSpec& spec,
                                  std::uint64_t seed, std::uint64_t run, std::uint32_t stream);

/// Returns k seeds by CELF on the Monte-Carlo expected IC spread at chance p (`simulations`
/// cascades per estimate, cascade r always from stream (seed, run, set-up, stream, purpose, r):
/// common random numbers, so that gains are compared on the same draws).
std::vector<AgentId> celf_seeds(const SocialGraph& g, std::uint32_t k, double p,
                                std::uint32_t simulations, std::uint64_t seed, std::uint64_t run,
                                std::uint32_t stream, std::uint32_t purpose);

}  // namespace snsim
