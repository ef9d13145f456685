#pragma once
// Reading a social graph from a SNAP-style edge-list file (docs/model.md section 3): one tie `u v`
// per line with 0-based agent ids, an optional third column used as tie strength when it is in (0,
// 1] (other values, such as timestamps, are ignored), further columns ignored, `#` or `%` comment
// lines and blank lines skipped, spaces or tabs between fields.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "snsim/network/social_graph.hpp"

namespace snsim {

/// A malformed or unreadable edge list; what() is one line, `path:LINE: message` (or
/// `path: message` when no line is to blame).
class EdgeListError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Returns the graph in the file on n agents; ties without a usable weight get `strength`.
/// Throws EdgeListError on unreadable files, malformed lines, ids >= n, or a file with no ties.
SocialGraph read_edge_list(const std::string& path, std::uint32_t n, float strength);

/// Returns the number of agents the file needs: its largest node id + 1. Same errors.
std::uint32_t edge_list_node_count(const std::string& path);

}  // namespace snsim
