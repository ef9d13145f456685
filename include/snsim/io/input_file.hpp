#pragma once
// Reading input files safely. snsim reads only regular files: a FIFO with no writer blocks
// whoever opens it, and a device such as /dev/zero or /dev/urandom never ends. Every input
// (scenario, edge list, checkpoint, a sweep's manifest and part files, results files) is opened
// through here, so that each is refused the same way, in one line, before anything is read.
// Inputs are also read only up to a documented size (scenarios/README.md, "Limits").
#include <cstdint>
#include <stdexcept>
#include <string>

namespace snsim {

/// Thrown when an input path cannot be read; what() is "<path>: <reason>". Bad input (exit 2).
class InputFileError : public std::runtime_error {
 public:
  explicit InputFileError(const std::string& message) : std::runtime_error(message) {}
};

/// The largest scenario file snsim reads, in bytes (16 MiB; shipped scenarios are < 10 KB).
inline constexpr std::uint64_t kMaxScenarioBytes = std::uint64_t{16} << 20;
/// The largest edge-list file snsim reads, in bytes (4 GiB: about 250 million ties).
inline constexpr std::uint64_t kMaxEdgeListBytes = std::uint64_t{4} << 30;

/// Returns why path cannot be read as an input file ("a named pipe (FIFO), not a regular file",
/// "a folder, not a file", ...), or "" if it is a regular file or does not exist (opening it then
/// reports that). Never blocks: it looks at the path without opening it.
std::string non_regular_reason(const std::string& path);

/// Returns a descriptor open for reading (O_CLOEXEC) on the regular file at path, and its size
/// in bytes in *size. Opens without blocking (a FIFO is refused, not waited on) and checks the
/// opened file itself, so a path swapped after a check cannot slip through. Throws
/// InputFileError naming path and the reason (missing, unreadable, not a regular file).
int open_input_file(const std::string& path, std::uint64_t* size);

/// Returns the whole content of the regular file at path, which must hold at most max_bytes
/// (checked before reading); `what` names the kind of input in the error ("scenario file").
/// Throws InputFileError.
std::string read_input_file(const std::string& path, std::uint64_t max_bytes,
                            const std::string& what);

/// Returns "N bytes" as a short human figure ("16 MiB", "3.2 GB"), for messages about limits.
std::string describe_bytes(std::uint64_t bytes);

}  // namespace snsim
