#pragma once
// StepContext: what a process knows about the step it runs in, and where its randomness comes from.
#include <cstdint>

#include "snsim/core/ids.hpp"
#include "snsim/core/random_stream.hpp"
#include "snsim/core/recorder.hpp"

namespace snsim {

struct StepContext {
  Step step = 0;
  std::uint64_t seed = 0;  ///< the run's seed
  std::uint64_t run = 0;   ///< the run's index in its sweep
  Recorder* recorder = nullptr;

  /// Returns the stream of (this step, process, purpose, entity): see random_stream.hpp.
  RandomStream stream(std::uint32_t process, std::uint32_t purpose, std::uint64_t entity) const {
    return RandomStream(StreamKey{seed, run, step, process, purpose, entity});
  }
};

}  // namespace snsim
