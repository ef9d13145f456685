#pragma once
// YamlTree: a YAML document as a plain tree with a source place on every node.
//
// yaml-cpp 0.7 is lenient where a scenario must be strict: it keeps the first of two duplicate keys
// silently, resolves `yes`/`on` to booleans, accepts an unclosed quote at the end of a file, and
// has no place for a key that is absent. This tree is built from yaml-cpp's nodes, rejects
// duplicate keys, unclosed quotes and control bytes, keeps whether a scalar was quoted (or tagged),
// and carries a place for every node so that the schema reader can name it. `--set` overrides are
// applied to this tree, so they pass through exactly the same checks as the file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "snsim/io/scenario_error.hpp"

namespace snsim::detail {

struct YamlEntry;

struct YamlNode {
  enum class Kind { null, scalar, map, seq };
  Kind kind = Kind::null;
  std::string scalar;   ///< text of a scalar
  bool quoted = false;  ///< scalar was written in quotes (so it is a string, never a number)
  SourcePlace place;
  std::vector<YamlEntry> map;           ///< entries in file order
  std::vector<SourcePlace> key_places;  ///< place of each map key
  std::vector<YamlNode> seq;

  /// Returns the entry for key, or nullptr.
  const YamlNode* find(const std::string& key) const;
  YamlNode* find(const std::string& key);
};

/// One entry of a map: key and value. A struct, not std::pair<std::string, YamlNode>: a pair
/// needs YamlNode complete inside YamlNode's own definition, which libstdc++ rejects under clang.
struct YamlEntry {
  YamlEntry(std::string k, YamlNode v) : first(std::move(k)), second(std::move(v)) {}
  std::string first;
  YamlNode second;
};

/// Limits on a YAML document, once its aliases are expanded (scenarios/README.md, "Limits").
inline constexpr std::size_t kMaxYamlDepth = 64;               ///< levels of lists and mappings
inline constexpr std::uint64_t kMaxYamlValues = 1000000;       ///< values: scalars, lists, maps
inline constexpr std::uint64_t kMaxYamlTextBytes = 64u << 20;  ///< bytes of scalar text

/// Returns the tree of a YAML document; throws ScenarioError on syntax errors, duplicate keys, a
/// second document, an alias inside the node it names, or a document beyond the limits above.
YamlNode parse_yaml(const std::string& text, const std::string& origin);

/// Applies `path=value` (path dotted, list items by index: brands.0.name or brands[0].name).
/// Throws ScenarioError naming the override if it is malformed or walks through a scalar.
void apply_override(YamlNode& root, const std::string& assignment);

}  // namespace snsim::detail
