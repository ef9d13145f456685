#pragma once
// Writing a social graph for other tools: a SNAP-style edge list (read back by read_edge_list) and
// GraphML (networkx.read_graphml, Gephi, Cytoscape).
#include <cstdint>
#include <ostream>
#include <span>

#include "snsim/network/social_graph.hpp"

namespace snsim {

/// Writes `#` header lines (agents, ties) then one `u v strength` line per tie with u < v, in
/// ascending (u, v) order; the complete graph is written pair by pair.
void write_edge_list(const SocialGraph& graph, std::ostream& out);

/// Writes an undirected GraphML graph: node ids are agent ids, node attribute `community` (int,
/// omitted if `community` is empty, else one per agent) and edge attribute `weight` (double, the
/// tie strength; 1 for the complete graph). Throws std::invalid_argument on a size mismatch.
void write_graphml(const SocialGraph& graph, std::span<const std::uint16_t> community,
                   std::ostream& out);

}  // namespace snsim
