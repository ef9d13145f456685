#pragma once
// Reading the `contagion:` block (the classic models of diffusion). Every value is range-checked;
// keys of another model than contagion.model are refused by name (schema_reader.hpp).
#include <cstdint>

#include "snsim/contagion/contagion_spec.hpp"
#include "snsim/io/detail/schema_reader.hpp"

namespace snsim::detail {

/// Reads `contagion:` for a population of n people; seed ids must lie below n and a seed set may
/// not be larger than n. On the complete graph (`complete`) every person is alike, so only the
/// seed rules ids and random are accepted.
void read_contagion(SchemaReader r, std::uint32_t n, bool complete, ContagionSpec& c);

}  // namespace snsim::detail
