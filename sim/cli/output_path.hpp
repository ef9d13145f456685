#pragma once
// Choosing and checking output paths, so that nothing a user has is lost or overwritten.
#include <string>

namespace snsim::cli {

/// Thrown for an output path that cannot be used; the CLI exits with code 2.
struct OutputPathError {
  std::string message;
};

/// Returns `given` after checking that its folder exists and is writable and that it does not
/// exist yet (unless overwrite); throws OutputPathError naming the problem.
std::string check_output_path(const std::string& given, bool overwrite);

/// Returns results/<name><ext>, or results/<name>-2<ext>, -3... if taken; creates results/.
std::string default_output_path(const std::string& name, const std::string& ext);

/// Writes text to path via path.partial, fsync and rename; throws std::runtime_error on failure.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace snsim::cli
