#pragma once
// Building the follow graph (docs/model.md section 3): generated from the social ties and
// popularity, or read from a directed edge list. Brands are accounts n .. n+brands-1.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "snsim/media/media_state.hpp"

namespace snsim {

class World;

/// Returns the (follower, followee) arcs of a directed edge-list file: `u v` per line means u
/// follows v, ids 0-based, people 0..n-1 and brands n..n+brands-1; `#`/`%` comments and blank
/// lines skipped; self-follows dropped. Throws EdgeListError (`path:LINE: message`).
std::vector<std::pair<std::uint32_t, std::uint32_t>> read_follow_edge_list(const std::string& path,
                                                                           std::uint32_t n,
                                                                           std::uint32_t brands);

/// Returns the follow graph of the world's scenario (platform.follow_graph), drawn from the
/// stream of process id `stream` at the set-up step. Throws std::invalid_argument when ties are
/// to be followed on a complete (arc-less) social graph.
FollowGraph build_follow_graph(const World& world, std::uint64_t seed, std::uint32_t stream);

/// Returns the graph of the given arcs (duplicates removed, rows ascending).
FollowGraph follow_graph_from_arcs(std::uint32_t n, std::uint32_t brands,
                                   std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs);

}  // namespace snsim
