#pragma once
// Strong-enough ids for the model's entities. Agent ids are 4 bytes: CSR arrays of 4-byte ids halve
// the memory traffic of the neighbour scans that dominate a step (reference-bench/README.md).
#include <cstdint>

namespace snsim {

using AgentId = std::uint32_t;  ///< index of a person agent, 0 .. population.size - 1
using BrandId = std::uint32_t;  ///< index of a brand in scenario order
using Step = std::uint32_t;     ///< simulation step, 0 .. time.steps - 1

}  // namespace snsim
