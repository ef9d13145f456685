#pragma once
// When a loop over agents is worth OpenMP threads.
#include <cstdint>

namespace snsim {

/// Loops over fewer agents than this run serially: a parallel region costs microseconds, and on a
/// busy machine an idle spinning thread costs far more (libgomp spins before it sleeps).
inline constexpr std::int64_t kMinParallelAgents = 32768;

}  // namespace snsim
