#pragma once
// Reading the `contagion:` block (the classic models of diffusion) and the `memes:` block. Every
// value is range-checked; keys of another model than contagion.model are refused by name
// (schema_reader.hpp).
#include <cstdint>

#include "snsim/contagion/contagion_spec.hpp"
#include "snsim/contagion/meme_spec.hpp"
#include "snsim/io/detail/schema_reader.hpp"

namespace snsim::detail {

/// Reads `contagion:` for a population of n people; seed ids must lie below n and a seed set may
/// not be larger than n. On the complete graph (`complete`) every person is alike, so only the
/// seed rules ids and random are accepted.
void read_contagion(SchemaReader r, std::uint32_t n, bool complete, ContagionSpec& c);

/// Reads `memes:` (the limited-attention meme model): chances in [0, 1], lengths >= 1.
void read_memes(SchemaReader r, MemeSpec& m);

}  // namespace snsim::detail
