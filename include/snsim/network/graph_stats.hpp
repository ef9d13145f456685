#pragma once
// Summary statistics of a social graph, for the run log, the results file and the validation
// tests of the generators (docs/model.md section 6).
#include <cstdint>
#include <string>
#include <vector>

#include "snsim/network/social_graph.hpp"

namespace snsim {

/// Structure of a social graph at one moment.
struct GraphStats {
  std::uint64_t nodes = 0;              ///< agents
  std::uint64_t ties = 0;               ///< undirected ties
  double mean_degree = 0;               ///< ties per agent, 2 ties / nodes
  std::uint64_t max_degree = 0;         ///< ties of the best-connected agent
  std::uint64_t triangles = 0;          ///< closed triads (0 if clustering was skipped)
  double mean_clustering = 0;           ///< mean local clustering, agents of degree < 2 count 0
  double transitivity = 0;              ///< 3 triangles / connected triples (global clustering)
  std::uint64_t largest_component = 0;  ///< agents in the largest connected component
  std::uint64_t components = 0;         ///< connected components, isolated agents included
};

/// Returns the statistics of the graph; `with_clustering` = false skips the triangle count, the
/// costly part (clustering, transitivity and triangles are then 0). Result independent of threads.
GraphStats compute_graph_stats(const SocialGraph& graph, bool with_clustering = true);

/// Returns the local clustering coefficient of each agent, in [0, 1] (0 for degree < 2).
std::vector<double> local_clustering(const SocialGraph& graph);

/// Returns counts of agents by degree: element d is the number of agents with d ties.
std::vector<std::uint64_t> degree_histogram(const SocialGraph& graph);

/// Returns the statistics as a small aligned two-column table, one statistic per line.
std::string format_graph_stats(const GraphStats& stats);

}  // namespace snsim
