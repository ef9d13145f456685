#pragma once
// Social-graph generators (docs/model.md sections 3 and 6). Each takes the population size n and
// the scenario seed, draws only from RandomStreams keyed by (seed, kSetupStep, its own process id,
// agent), gives every tie the same initial strength, and throws std::invalid_argument on
// impossible parameters. The same seed gives the same graph whatever the number of threads.
//
// To add a generator: add an enum value to GraphGenerator (network_spec.hpp) with its
// parameters in NetworkSpec, declare its function here, define it in generators.cpp citing the
// paper, and add its case to generate_social_graph.
#include <cstdint>
#include <span>

#include "snsim/network/network_spec.hpp"
#include "snsim/network/social_graph.hpp"

namespace snsim {

/// Returns the social graph the spec names on n agents; `community` (size n) is needed only by
/// the stochastic block model.
SocialGraph generate_social_graph(const NetworkSpec& spec, std::uint32_t n,
                                  std::span<const std::uint16_t> community, std::uint64_t seed);

/// Returns the well-mixed graph on n agents (stored without arcs).
SocialGraph generate_complete(std::uint32_t n);

/// Returns a G(n, p) random graph with p = mean_degree / (n - 1); O(n + ties).
SocialGraph generate_erdos_renyi(std::uint32_t n, double mean_degree, float strength,
                                 std::uint64_t seed);

/// Returns a Barabasi-Albert preferential-attachment graph, m ties per new agent (m < n).
SocialGraph generate_barabasi_albert(std::uint32_t n, std::uint32_t m, float strength,
                                     std::uint64_t seed);

/// Returns a Watts-Strogatz small world: ring of k neighbours (k even, k < n), each tie's far end
/// rewired with probability beta in [0, 1].
SocialGraph generate_watts_strogatz(std::uint32_t n, std::uint32_t k, double beta, float strength,
                                    std::uint64_t seed);

/// Returns a stochastic block model whose blocks are the communities: expected degree_in ties
/// inside an agent's own community and degree_out outside it; O(n + ties + blocks^2).
SocialGraph generate_stochastic_block(std::span<const std::uint16_t> community, double degree_in,
                                      double degree_out, float strength, std::uint64_t seed);

/// Returns a Holme-Kim graph: preferential attachment of m ties per new agent, each followed with
/// probability triad_prob by a triad-formation tie instead (m < n, triad_prob in [0, 1]).
SocialGraph generate_holme_kim(std::uint32_t n, std::uint32_t m, double triad_prob, float strength,
                               std::uint64_t seed);

}  // namespace snsim
