#pragma once
// Reading the `market:` block and a brand's market keys (price, appeal). Every value is
// range-checked; errors name the key path (schema_reader.hpp).
#include "snsim/core/scenario.hpp"
#include "snsim/io/detail/schema_reader.hpp"

namespace snsim::detail {

/// Reads `market:`.
void read_market(SchemaReader r, MarketSpec& m);

/// Reads brands[i].price (default order_value, the economics block's) and brands[i].appeal.
void read_brand_market(SchemaReader& brand, double order_value, BrandSpec& b);

}  // namespace snsim::detail
