#pragma once
// NetworkSpec: the validated `network:` block of a scenario (docs/model.md section 3), which social
// graph to build and with which parameters. Only the block of the chosen generator is used.
#include <cstdint>
#include <string>

namespace snsim {

/// Social-graph generators a scenario can name in `network.generator`.
enum class GraphGenerator {
  complete,          ///< well mixed: every pair tied, stored implicitly (no arcs)
  erdos_renyi,       ///< G(n, p) with p = mean_degree / (n - 1)
  barabasi_albert,   ///< preferential attachment, m ties per new agent (networkx semantics)
  watts_strogatz,    ///< ring lattice of k neighbours, each tie rewired with probability beta
  stochastic_block,  ///< blocks = population communities; expected degree inside and outside
  holme_kim,         ///< BA with a triad-formation step of probability triad_prob
  edge_list,         ///< SNAP-style file: `u v` per line, `#` comments, 0-based ids
  jackson_rogers,    ///< random and friend-of-friend meetings (Jackson and Rogers 2007)
};

struct NetworkSpec {
  GraphGenerator generator = GraphGenerator::barabasi_albert;
  double er_mean_degree = 10.0;   ///< erdos_renyi.mean_degree, > 0
  std::uint32_t ba_m = 5;         ///< barabasi_albert.m, >= 1
  std::uint32_t ws_k = 10;        ///< watts_strogatz.k, even, >= 2
  double ws_beta = 0.1;           ///< watts_strogatz.beta, [0, 1]
  double sbm_degree_in = 8.0;     ///< stochastic_block.degree_in, expected ties inside, >= 0
  double sbm_degree_out = 2.0;    ///< stochastic_block.degree_out, expected ties outside, >= 0
  std::uint32_t hk_m = 5;         ///< holme_kim.m, >= 1
  double hk_triad_prob = 0.5;     ///< holme_kim.triad_prob, [0, 1]
  std::uint32_t jr_m_r = 5;       ///< jackson_rogers.m_r, random meetings per newcomer, >= 1
  std::uint32_t jr_m_n = 5;       ///< jackson_rogers.m_n, friend-of-friend meetings, >= 0
  double jr_p_r = 1.0;            ///< jackson_rogers.p_r, chance a random meeting links, (0, 1]
  double jr_p_n = 1.0;            ///< jackson_rogers.p_n, chance a network meeting links, [0, 1]
  std::string edge_list_path;     ///< edge_list.path, resolved against the scenario's folder
  double initial_strength = 0.3;  ///< tie strength of every generated tie, (0, 1]
};

}  // namespace snsim
