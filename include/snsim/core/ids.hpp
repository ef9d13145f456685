#pragma once
// Strong-enough ids for the model's entities. Agent ids are 4 bytes: CSR arrays of 4-byte ids halve
// the memory traffic of the neighbour scans that dominate a step (reference-bench/README.md).
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace snsim {

using AgentId = std::uint32_t;  ///< index of a person agent, 0 .. population.size - 1
using BrandId = std::uint32_t;  ///< index of a brand in scenario order
using Step = std::uint32_t;     ///< simulation step, 0 .. time.steps - 1

/// Index of an arc in a CSR graph's neighbour array (the social graph, the follow graph, people's
/// ties): 4 bytes, so row offsets cost 4 bytes a person, not 8 (issue 20). Built with the CMake
/// option SNSIM_WIDE_ARCS it is 8 bytes, for graphs of more than 4,294,967,295 arcs. Chosen at
/// build time so that reading a row costs the same as with a fixed type.
#if defined(SNSIM_WIDE_ARCS)
using ArcIndex = std::uint64_t;
#else
using ArcIndex = std::uint32_t;
#endif

/// Returns arcs as an ArcIndex; throws std::length_error naming `graph` if it does not fit.
inline ArcIndex arc_index(std::uint64_t arcs, const char* graph) {
  if (arcs > std::numeric_limits<ArcIndex>::max()) {
    throw std::length_error(std::string(graph) + " has " + std::to_string(arcs) +
                            " arcs, more than this snsim's 4-byte arc offsets hold; build it "
                            "with -DSNSIM_WIDE_ARCS=ON");
  }
  return static_cast<ArcIndex>(arcs);
}

}  // namespace snsim
