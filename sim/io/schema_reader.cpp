#include "snsim/io/detail/schema_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace snsim::detail {
namespace {

std::string show(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

const char* kind_name(const YamlNode& n) {
  switch (n.kind) {
    case YamlNode::Kind::null:
      return "nothing";
    case YamlNode::Kind::scalar:
      return n.quoted ? "a quoted string" : "a value";
    case YamlNode::Kind::map:
      return "a mapping";
    case YamlNode::Kind::seq:
      return "a list";
  }
  return "?";
}

// Optimal-string-alignment distance (Damerau-Levenshtein with adjacent swaps): a typo that swaps
// two letters costs one edit, as people make them.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}

}  // namespace

bool Range::contains(double v) const {
  if (std::isnan(v)) return false;
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Range::describe() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi)
    return std::string("in ") + (lo_open ? "(" : "[") + show(lo) + ", " + show(hi) +
           (hi_open ? ")" : "]");
  if (has_lo) return (lo_open ? "> " : ">= ") + show(lo);
  if (has_hi) return (hi_open ? "< " : "<= ") + show(hi);
  return "finite";
}

std::string closest_name(std::string_view word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(word, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  // Close enough to be a typo: up to a third of the word, at least 2 edits for short keys.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_d <= limit ? best : std::string();
}

namespace {

/// Returns text without the underscores of digit groups: 1_000_000 reads as 1000000 (as YAML 1.1
/// and Python allow); an underscore not between two digits stays, so the number is refused.
std::string without_digit_groups(const std::string& t) {
  std::string s;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '_' && i > 0 && i + 1 < t.size() &&
        std::isdigit(static_cast<unsigned char>(t[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(t[i + 1])))
      continue;
    s += t[i];
  }
  return s;
}

}  // namespace

double parse_number(const YamlNode& n, const std::string& path) {
  if (n.kind != YamlNode::Kind::scalar || n.quoted)
    throw ScenarioError(n.place, path, std::string("expected a number, got ") + kind_name(n));
  const std::string& t = n.scalar;
  const std::string s = without_digit_groups(t);
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (first != last && *first == '+') ++first;
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (first == last || ec != std::errc() || ptr != last || !std::isfinite(v))
    throw ScenarioError(n.place, path, "expected a number, got '" + shown_value(t) + "'");
  return v;
}

namespace {

/// Returns the whole numbers a range allows, as "from 0 to 18446744073709551615" or ">= 1".
std::string describe_whole(const Range& range) {
  const double top = 18446744073709551615.0;  // 2^64 as a double: no upper bound below it
  const auto whole = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return std::string(buf);
  };
  const double lo = std::isfinite(range.lo) ? std::max(0.0, std::ceil(range.lo)) : 0.0;
  if (!(range.hi < top)) return "from " + whole(lo) + " to 18446744073709551615";
  return "from " + whole(lo) + " to " + whole(std::floor(range.hi));
}

}  // namespace

std::uint64_t parse_whole_number(const YamlNode& n, const std::string& path, const Range& range) {
  const auto fail = [&] {
    throw ScenarioError(
        n.place, path,
        "expected a whole number " + describe_whole(range) + ", got " + shown_value(n.scalar));
  };
  if (n.kind != YamlNode::Kind::scalar || n.quoted)
    throw ScenarioError(n.place, path, std::string("expected a number, got ") + kind_name(n));
  // Digits (with 1_000 groups and a leading +) are read exactly, as 64-bit integers: through a
  // double, seeds above 2^53 would be rounded and two seeds could give the same run.
  std::string digits = without_digit_groups(n.scalar);
  if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
  std::uint64_t x = 0;
  if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos) {
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
    if (ec != std::errc() || ptr != digits.data() + digits.size()) fail();  // above 2^64 - 1
  } else {
    // Other spellings (1e6, 20.0) go through a double, exact up to 2^53 only.
    const double d = parse_number(n, path);
    if (d != std::floor(d) || d < 0) fail();
    if (d > 9007199254740992.0)
      throw ScenarioError(n.place, path,
                          "a whole number above 2^53 must be written in digits to be exact, got " +
                              shown_value(n.scalar));
    x = static_cast<std::uint64_t>(d);
  }
  // Exact against the range: a bound at or above 2^64 is no bound; below 2^53 doubles are exact,
  // and a value above 2^53 compares correctly with any bound below it.
  const double top = 18446744073709551615.0;
  if (std::isfinite(range.lo) && (range.lo_open ? !(static_cast<double>(x) > range.lo)
                                                : !(static_cast<double>(x) >= range.lo)))
    fail();
  if (range.hi < top && (range.hi_open ? !(static_cast<double>(x) < range.hi)
                                       : !(static_cast<double>(x) <= range.hi)))
    fail();
  return x;
}

SchemaReader::SchemaReader(const YamlNode* node, std::string path, SourcePlace parent_place,
                           YamlNode* resolved)
    : node_(node), resolved_(resolved), path_(std::move(path)), place_(std::move(parent_place)) {
  if (resolved_ != nullptr) resolved_->kind = YamlNode::Kind::map;
  if (node_ != nullptr && node_->kind == YamlNode::Kind::null) node_ = nullptr;
  if (node_ != nullptr) {
    place_ = node_->place;
    if (node_->kind != YamlNode::Kind::map)
      throw ScenarioError(place_, path_,
                          std::string("expected a mapping of keys, got ") + kind_name(*node_));
  }
}

bool SchemaReader::has(const std::string& key) const {
  if (node_ == nullptr) return false;
  const YamlNode* v = node_->find(key);
  return v != nullptr;
}

SourcePlace SchemaReader::place_of(const std::string& key) const {
  if (node_ != nullptr)
    if (const YamlNode* v = node_->find(key)) return v->place;
  return place_;
}

void SchemaReader::fail(const std::string& key, const std::string& message) const {
  throw ScenarioError(place_of(key), key.empty() ? path_ : key_path(key), message);
}

const YamlNode* SchemaReader::scalar_at(const std::string& key, std::string_view what) {
  known_.push_back(key);
  if (node_ == nullptr) return nullptr;
  const YamlNode* v = node_->find(key);
  if (v == nullptr) return nullptr;
  if (v->kind != YamlNode::Kind::scalar)
    throw ScenarioError(v->place, key_path(key),
                        "expected " + std::string(what) + ", got " + kind_name(*v));
  return v;
}

double SchemaReader::number(const std::string& key, double fallback, Range range) {
  const YamlNode* v = scalar_at(key, "a number");
  if (v == nullptr) {
    emit(key, format_number(fallback));
    return fallback;
  }
  const double x = parse_number(*v, key_path(key));
  if (!range.contains(x))
    throw ScenarioError(
        v->place, key_path(key),
        "expected a number " + range.describe() + ", got " + shown_value(v->scalar));
  emit(key, format_number(x));
  return x;
}

std::uint64_t SchemaReader::integer(const std::string& key, std::uint64_t fallback, Range range) {
  const YamlNode* v = scalar_at(key, "a whole number");
  if (v == nullptr) {
    emit(key, std::to_string(fallback));
    return fallback;
  }
  const std::uint64_t x = parse_whole_number(*v, key_path(key), range);
  emit(key, std::to_string(x));
  return x;
}

bool SchemaReader::boolean(const std::string& key, bool fallback) {
  const YamlNode* v = scalar_at(key, "true or false");
  bool value = fallback;
  if (v != nullptr) {
    // Only YAML 1.2's true/false: yes/no/on/off are YAML 1.1 spellings that surprise people.
    const bool t = !v->quoted && (v->scalar == "true" || v->scalar == "True");
    const bool f = !v->quoted && (v->scalar == "false" || v->scalar == "False");
    if (!t && !f)
      throw ScenarioError(v->place, key_path(key),
                          "expected true or false, got '" + shown_value(v->scalar) + "'");
    value = t;
  }
  emit(key, value ? "true" : "false");
  return value;
}

std::string SchemaReader::text(const std::string& key, const std::string& fallback) {
  const YamlNode* v = scalar_at(key, "a string");
  const std::string value = v == nullptr ? fallback : v->scalar;
  emit(key, value, true);
  return value;
}

std::string SchemaReader::choice(const std::string& key, const std::string& fallback,
                                 const std::vector<std::string>& options) {
  const YamlNode* v = scalar_at(key, "a name");
  if (v == nullptr || std::find(options.begin(), options.end(), v->scalar) != options.end()) {
    const std::string value = v == nullptr ? fallback : v->scalar;
    emit(key, value);
    return value;
  }
  std::string all;
  for (const auto& o : options) all += (all.empty() ? "" : ", ") + o;
  const std::string near = closest_name(v->scalar, options);
  throw ScenarioError(v->place, key_path(key),
                      "unknown value '" + shown_value(v->scalar) + "'" +
                          (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                          "; expected one of: " + all);
}

SchemaReader SchemaReader::block(const std::string& key, bool resolve) {
  known_.push_back(key);
  const YamlNode* v = node_ == nullptr ? nullptr : node_->find(key);
  YamlNode* out = resolve ? resolved_child(key, YamlNode::Kind::map) : nullptr;
  return SchemaReader(v, key_path(key), place_of(key), out);
}

YamlNode* SchemaReader::resolved_child(const std::string& key, YamlNode::Kind kind) {
  if (resolved_ == nullptr) return nullptr;
  resolved_->map.emplace_back(key, YamlNode{});
  resolved_->key_places.push_back(place_);
  YamlNode* child = &resolved_->map.back().second;
  child->kind = kind;
  return child;
}

void SchemaReader::emit(const std::string& key, std::string text, bool quoted) {
  YamlNode* child = resolved_child(key, YamlNode::Kind::scalar);
  if (child == nullptr) return;
  child->scalar = std::move(text);
  child->quoted = quoted;
}

std::string format_number(double v) {
  char buf[64];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, ptr);
  (void)ec;
  return s;
}

namespace {

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
          c == '/'))
      return true;
  // A string that reads as a number, boolean or null must stay a string.
  static const char* kSpecial[] = {"true", "false", "True", "False", "null",
                                   "yes",  "no",    "on",   "off",   "~"};
  for (const char* w : kSpecial)
    if (s == w) return true;
  return std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '.';
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void emit_node(const YamlNode& n, int indent, std::string& out);

std::string scalar_text(const YamlNode& n) {
  if (n.kind == YamlNode::Kind::null) return "~";
  if (n.kind == YamlNode::Kind::scalar)
    return n.quoted && needs_quotes(n.scalar) ? quote(n.scalar) : n.scalar;
  if (n.kind == YamlNode::Kind::seq && n.seq.empty()) return "[]";
  if (n.kind == YamlNode::Kind::map && n.map.empty()) return "{}";
  return "";
}

bool is_leaf(const YamlNode& n) { return !scalar_text(n).empty(); }

void emit_node(const YamlNode& n, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (n.kind == YamlNode::Kind::map) {
    for (const auto& [k, v] : n.map) {
      out += pad + k + ":";
      if (is_leaf(v)) {
        out += " " + scalar_text(v) + "\n";
      } else {
        out += "\n";
        emit_node(v, indent + 2, out);
      }
    }
  } else if (n.kind == YamlNode::Kind::seq) {
    for (const auto& v : n.seq) {
      if (is_leaf(v)) {
        out += pad + "- " + scalar_text(v) + "\n";
      } else {
        // "- " then the item's first line, the rest indented under it.
        std::string item;
        emit_node(v, indent + 2, item);
        out += pad + "- " + item.substr(static_cast<std::size_t>(indent) + 2);
      }
    }
  }
}

}  // namespace

std::string emit_yaml(const YamlNode& root) {
  std::string out;
  emit_node(root, 0, out);
  return out;
}

const YamlNode* SchemaReader::list(const std::string& key) {
  known_.push_back(key);
  if (node_ == nullptr) return nullptr;
  const YamlNode* v = node_->find(key);
  if (v == nullptr || v->kind == YamlNode::Kind::null) return nullptr;
  if (v->kind != YamlNode::Kind::seq)
    throw ScenarioError(v->place, key_path(key),
                        std::string("expected a list, got ") + kind_name(*v));
  return v;
}

void SchemaReader::require(const std::string& key) {
  if (!has(key)) throw ScenarioError(place_, key_path(key), "required key is missing");
}

void SchemaReader::finish() const {
  if (node_ == nullptr) return;
  for (std::size_t i = 0; i < node_->map.size(); ++i) {
    const std::string& key = node_->map[i].first;
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    const std::string near = closest_name(key, known_);
    std::vector<std::string> sorted = known_;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string all;
    for (const auto& k : sorted) all += (all.empty() ? "" : ", ") + k;
    throw ScenarioError(node_->key_places[i], key_path(key),
                        near.empty() ? "unknown key; known keys here: " + all
                                     : "unknown key (did you mean '" + near + "'?)");
  }
}

}  // namespace snsim::detail
