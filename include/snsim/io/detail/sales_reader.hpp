#pragma once
// Reading the `sales:` block (the business-to-business sales cycle, sales/sales_spec.hpp). Every
// value is range-checked; each stage's advance and lose chances must form a distribution with
// staying (advance + lose <= 1).
#include "snsim/io/detail/schema_reader.hpp"
#include "snsim/sales/sales_spec.hpp"

namespace snsim::detail {

/// Reads `sales:`.
void read_sales(SchemaReader r, SalesSpec& s);

}  // namespace snsim::detail
