#pragma once
// Reading a brand's strategy keys (name, manipulate, phases, flighting) and the `manipulation:`
// block. Every value is range-checked; errors name the key path (schema_reader.hpp).
#include "snsim/core/scenario.hpp"
#include "snsim/io/detail/schema_reader.hpp"

namespace snsim::detail {

/// Reads brands[i].strategy's name, manipulate, phases and flighting keys into b, after the
/// media and networking keys; checks that money shares sum to at most 1 and that phases cover
/// steps [0, steps) without gaps or overlaps.
void read_brand_strategy(SchemaReader& strategy, Step steps, BrandSpec& b);

/// Reads `manipulation:`.
void read_manipulation(SchemaReader r, ManipulationSpec& m);

}  // namespace snsim::detail
