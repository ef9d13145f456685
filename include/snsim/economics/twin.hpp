#pragma once
// Counterfactual twins (docs/model.md sections 4 step 9 and 8): a run and its twin differ only by
// some key overrides and share the seed and run index, so every decision draws the same random
// numbers (common random numbers) and their difference is the causal effect of the change, with far
// less noise than the difference of two independent runs. `snsim run --twin KEY=VALUE` runs both.
#include "snsim/core/recorder.hpp"

namespace snsim {

/// Adds to `run`, per brand, the incremental series run minus twin:
/// `incremental/conversions` (first purchases this step), `incremental/revenue` (USD, cumulative),
/// `incremental/cost` (USD, cumulative) and `incremental/roi` = (incremental revenue - incremental
/// cost) / incremental cost (cumulative; NaN while the incremental cost is <= 0).
/// Throws std::invalid_argument when the two series differ in steps or brands, or lack
/// `conversions`, `revenue` or `cost`.
void add_incremental_metrics(RunSeries& run, const RunSeries& twin);

}  // namespace snsim
