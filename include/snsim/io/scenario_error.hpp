#pragma once
// ScenarioError: a bad scenario or override, reported as one line that names the place.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace snsim {

/// Where a value came from: a file position (1-based line and column) or a `--set` override.
struct SourcePlace {
  std::string origin;  ///< file path, "--set key=value", or "<string>"
  int line = 0;        ///< 1-based; 0 when unknown (then only origin is shown)
  int column = 0;      ///< 1-based
};

/// The longest value quoted whole in a message; longer ones are cut (shown_value).
inline constexpr std::size_t kMaxShownValue = 80;

/// Returns a value for an error message: as given if at most kMaxShownValue bytes, else its start,
/// "..." and its length, so that a 10 MB name gives a short line.
inline std::string shown_value(const std::string& value) {
  if (value.size() <= kMaxShownValue) return value;
  std::size_t cut = kMaxShownValue - 20;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return value.substr(0, cut) + "... (" + std::to_string(value.size()) + " bytes)";
}

/// One-line error: "origin:line:column: key.path: message". The CLI exits with code 2 on it.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(const SourcePlace& place, const std::string& key_path, const std::string& message)
      : std::runtime_error(format(place, key_path, message)), key_path_(key_path) {}

  /// Returns the dotted key path the error is about ("" for a document-level error).
  const std::string& key_path() const { return key_path_; }

 private:
  static std::string format(const SourcePlace& p, const std::string& key, const std::string& msg) {
    // Appended piece by piece: GCC 12 -O3 warns falsely (-Wrestrict) on ":" + std::to_string().
    // Cut what comes from the input (a --set text, a 10 MB key) so the line stays readable.
    std::string s = p.origin.size() <= 1000 ? p.origin : shown_value(p.origin);
    if (p.line > 0) {
      s += ':';
      s += std::to_string(p.line);
      s += ':';
      s += std::to_string(p.column);
    }
    s += ": ";
    if (!key.empty()) {
      s += shown_value(key);
      s += ": ";
    }
    s += msg;
    return s;
  }
  std::string key_path_;
};

}  // namespace snsim
