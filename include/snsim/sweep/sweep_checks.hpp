#pragma once
// Checks of a whole parsed sweep block, after parse_sweep has read it (sweep_spec.hpp): what a
// block can say correctly line by line but not as a whole.
#include <cstdint>

#include "snsim/sweep/sweep_spec.hpp"

namespace snsim {

/// The most runs one sweep may have (docs/sweeps.md, "Limits"). Running a sweep keeps a few
/// hundred bytes per run (which runs are done, the merged table), so 10^12 runs would abort with
/// std::bad_alloc; split a larger study into several sweeps (--set on the base scenario).
inline constexpr std::uint64_t kMaxSweepRuns = 1000000;

/// Returns a key path in one spelling: list items by ".N" (brands[0].x and brands.0.x are the
/// same key, as for --set).
std::string canonical_sweep_key(const std::string& key);

/// Throws ScenarioError (naming the key's place, or block_place for the block) if the sweep sets
/// one key path twice in different spellings, sweeps a key of the sweep block itself
/// (sweep.replicates), or has more than kMaxSweepRuns runs; checked before anything is allocated
/// for the runs.
void check_sweep_block(const ParsedSweep& parsed, const SourcePlace& block_place);

}  // namespace snsim
