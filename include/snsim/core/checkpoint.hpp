#pragma once
// Checkpoint files: the whole state of a run at a step boundary, to stop and continue it (issue 9).
//
// Layout, format version 7 (every integer little-endian; strings are a uint64 length then UTF-8):
//
//   magic           8 bytes "SNSIMCKP"
//   format_version  uint32 (7; 8 in a build with 8-byte CSR row offsets, SNSIM_WIDE_ARCS in
//                   core/ids.hpp; versions 5 and 6 held each brand's relationship slot for
//                   every person, the follow graph's unfollow flags and brand follows a byte
//                   each instead of a bit (media/flag_bits.hpp) and interests without their
//                   width (core/interests.hpp); versions 3 and 4 also feeds of `capacity` slots
//                   a person and 2-byte touch columns, version 2 also 8-byte row offsets,
//                   version 1 also feeds of 8-byte slots, issue 20)
//   snsim_version   string: a checkpoint is resumed only by the same snsim version
//   scenario        string: the resolved scenario YAML (every default filled in, --set and
//                   --seed applied); resuming needs the same text
//   seed, run       uint64 each
//   steps           uint32: the scenario's time.steps
//   step            uint32: steps done; the resumed run starts with this step
//   body            the engine's state (Engine::run: world, each process by name, recorder),
//                   StateArchive encoding (core/state_archive.hpp)
//   trailer         uint64 bytes before the trailer, uint32 CRC-32 (zlib) of those bytes,
//                   4 bytes "END."
//
// A checkpoint is written as `<path>.partial`, fsynced, renamed to <path> and the folder fsynced:
// <path> is always a whole checkpoint or absent, and a crash or a second signal while writing
// leaves the previous checkpoint intact.
#include <cstdint>
#include <functional>
#include <string>

#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

/// What a checkpoint belongs to: resuming checks all of it.
struct CheckpointIdentity {
  std::string snsim_version;
  std::string scenario_yaml;  ///< Scenario::resolved_yaml
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  Step steps = 0;  ///< time.steps
};

/// Writes a checkpoint of `step` steps done at path, atomically; body saves the state. Returns the
/// bytes written. Throws CheckpointError (the previous checkpoint at path, if any, stays intact).
std::uint64_t write_checkpoint(const std::string& path, const CheckpointIdentity& identity,
                               Step step, const std::function<void(StateArchive&)>& body);

/// Checks the checkpoint at path (whole, checksum, same identity) and returns the steps done
/// that it records, without loading its body. Throws CheckpointError with a one-line reason.
Step check_checkpoint(const std::string& path, const CheckpointIdentity& expected);

/// Checks the checkpoint at path like check_checkpoint, then loads its body with body (which
/// must consume it exactly); returns the steps done. Throws CheckpointError.
Step read_checkpoint(const std::string& path, const CheckpointIdentity& expected,
                     const std::function<void(StateArchive&)>& body);

}  // namespace snsim
