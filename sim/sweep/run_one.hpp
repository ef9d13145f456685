#pragma once
// The per-run step shared by the local runner and the MPI farm: one run into a RunBatchWriter,
// a failed run reported on stderr and counted, a write error passed on (it stops the sweep).
#include <cstdint>
#include <cstdio>
#include <exception>

#include "snsim/sweep/run_store.hpp"

namespace snsim::detail {

/// Returns whether run `index` succeeded; a failed run is reported ("snsim: run K failed: ...")
/// and the sweep goes on. A RunStoreWriteError passes through: every later run would fail the
/// same way.
inline bool run_one(RunBatchWriter& batch, std::uint64_t index) {
  try {
    batch.run(index);
    return true;
  } catch (const RunStoreWriteError&) {
    throw;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "snsim: run %llu failed: %s\n", static_cast<unsigned long long>(index),
                 e.what());
  } catch (...) {
    std::fprintf(stderr, "snsim: run %llu failed\n", static_cast<unsigned long long>(index));
  }
  return false;
}

}  // namespace snsim::detail
