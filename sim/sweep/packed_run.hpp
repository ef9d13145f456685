#pragma once
// A run as one compressed byte string: how a sweep's part files hold each run (private to the
// runs folder; the merged file has the usual layout). One HDF5 dataset per run instead of a group
// of ~51 datasets with attributes and dimension scales, which cost about 17 M instructions per
// run to create and as much again to copy in the merge (docs/sweeps.md, "Measured cost").
//
// Bytes: u64 size of the payload, then the payload as a zlib stream (its Adler-32 checksum finds
// damage). Payload, little-endian, strings as u64 length then bytes:
//   "snsimrun1", index, seed, replicate (u64), wall_time_s (f64), status, u64 parameter count then
//   (key, value) pairs, steps (u64), u64 brand count then names, u64 metric count then per metric
//   name, unit, description, per_brand (u8), u64 value count then the values as f64 with their
//   bytes shuffled (byte j of value i at j * count + i: compresses like HDF5's shuffle filter),
//   u64 id list count then per list name, u64 count, the ids (u64).
#include <string>
#include <vector>

#include "snsim/io/results_file.hpp"

namespace snsim::detail {

/// Returns run as packed bytes (above).
std::vector<unsigned char> pack_run(const RunRecord& run);

/// Returns the run packed in bytes; throws ResultsError naming where if they are damaged or not
/// a packed run.
RunRecord unpack_run(const std::vector<unsigned char>& bytes, const std::string& where);

}  // namespace snsim::detail
