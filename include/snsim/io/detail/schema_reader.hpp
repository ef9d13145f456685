#pragma once
// SchemaReader: typed, range-checked reading of one YAML mapping, with strict unknown-key checks.
//
// Each getter marks its key as known, checks type and range, and returns the value or the default
// when the key is absent. finish() then rejects every key that no getter asked for, suggesting the
// closest known key ("did you mean"). Errors name the place and the dotted key path.
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "snsim/io/detail/yaml_tree.hpp"

namespace snsim::detail {

/// A closed or open interval of allowed numbers.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  static Range at_least(double v) {
    return {v, std::numeric_limits<double>::infinity(), false, false};
  }
  static Range above(double v) { return {v, std::numeric_limits<double>::infinity(), true, false}; }
  static Range probability() { return {0.0, 1.0, false, false}; }
  static Range between(double a, double b) { return {a, b, false, false}; }
  bool contains(double v) const;
  std::string describe() const;  ///< e.g. "in [0, 1]", "> 0"
};

/// Returns the known name closest to `word` by edit distance, or "" if none is close.
std::string closest_name(std::string_view word, const std::vector<std::string>& known);

class SchemaReader {
 public:
  /// node may be nullptr or null (absent block: every getter returns its default). Every value
  /// read, given or default, is also written to `resolved` (if not null) as a plain scalar.
  SchemaReader(const YamlNode* node, std::string path, SourcePlace parent_place,
               YamlNode* resolved = nullptr);

  double number(const std::string& key, double fallback, Range range);
  std::uint64_t integer(const std::string& key, std::uint64_t fallback, Range range);
  bool boolean(const std::string& key, bool fallback);
  std::string text(const std::string& key, const std::string& fallback);
  /// A string that must be one of options.
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& options);
  /// A nested mapping (absent -> empty reader). resolve=false keeps it out of the resolved tree.
  SchemaReader block(const std::string& key, bool resolve = true);
  /// Writes a resolved value by hand (for lists).
  YamlNode* resolved_child(const std::string& key, YamlNode::Kind kind);
  /// A list; returns nullptr when absent.
  const YamlNode* list(const std::string& key);
  /// Throws on a key that is present but required and missing.
  void require(const std::string& key);
  /// Marks a key as known without reading it.
  void allow(const std::string& key) { known_.push_back(key); }
  /// Rejects unknown keys (with a suggestion).
  void finish() const;

  const std::string& path() const { return path_; }
  const SourcePlace& place() const { return place_; }
  bool has(const std::string& key) const;
  /// Returns the place of key's value (or of the block if absent).
  SourcePlace place_of(const std::string& key) const;
  std::string key_path(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

 private:
  const YamlNode* scalar_at(const std::string& key, std::string_view what);

  void emit(const std::string& key, std::string text, bool quoted = false);

  const YamlNode* node_;
  YamlNode* resolved_;
  std::string path_;
  SourcePlace place_;
  std::vector<std::string> known_;
};

/// Reads one number from a plain scalar; throws ScenarioError if it is not one.
double parse_number(const YamlNode& n, const std::string& path);

/// Returns a whole number in range, read exactly (digits as 64-bit integers, up to 2^64 - 1; other
/// spellings such as 1e6 only up to 2^53); throws ScenarioError with the value as typed.
std::uint64_t parse_whole_number(const YamlNode& n, const std::string& path, const Range& range);

/// Returns the shortest text that reads back as exactly v.
std::string format_number(double v);

/// Returns a tree as block-style YAML text (the resolved scenario).
std::string emit_yaml(const YamlNode& root);

}  // namespace snsim::detail
