#pragma once
// Test support shared by the tests that read back or replace whole files (results, checkpoints,
// captured output): a file's bytes in and out, exactly.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace snsim::test_support {

/// Returns every byte of the file at p ("" if it cannot be opened).
inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Replaces the contents of the file at p (made if missing) with bytes.
inline void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace snsim::test_support
