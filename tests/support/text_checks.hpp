#pragma once
// Test support shared by the tests that check messages and printed output: whether a text holds
// a part, starts with a prefix, and how many lines it has.
#include <cstddef>
#include <string>

namespace snsim::test_support {

/// Returns true if `part` occurs anywhere in s.
inline bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

/// Returns true if s begins with `prefix`.
inline bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

/// Returns the number of lines in text (a last line without '\n' counts too).
inline std::size_t line_count(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

}  // namespace snsim::test_support
