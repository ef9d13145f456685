#include "snsim/network/edge_list.hpp"

#include "snsim/io/input_file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

namespace snsim {
namespace {

/// The ties of one edge-list file, in file order.
struct ParsedEdgeList {
  std::vector<SocialGraph::Tie> ties;
  std::vector<float> strengths;  ///< one per tie if `weighted`, else empty
  bool weighted = false;         ///< true once a line gave a weight in (0, 1]
  std::uint64_t max_id = 0;
};

/// Returns the whole file as text; throws EdgeListError naming the path and the reason (not a
/// regular file, larger than kMaxEdgeListBytes, unreadable).
std::string read_file(const std::string& path) {
  try {
    return read_input_file(path, kMaxEdgeListBytes, "edge list");
  } catch (const InputFileError& e) {
    throw EdgeListError(e.what());
  }
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Returns the next whitespace-separated field of `line` from `pos` (empty at the end).
std::string_view next_field(std::string_view line, std::size_t& pos) {
  while (pos < line.size() && is_blank(line[pos])) ++pos;
  const std::size_t begin = pos;
  while (pos < line.size() && !is_blank(line[pos])) ++pos;
  return line.substr(begin, pos - begin);
}

/// Returns true and sets `value` if the whole field is a non-negative decimal integer.
bool parse_id(std::string_view field, std::uint64_t& value) {
  if (field.empty()) return false;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  return ec == std::errc() && end == field.data() + field.size();
}

/// Returns the line without surrounding blanks, cut to 60 characters for an error message.
std::string quote(std::string_view line) {
  std::size_t b = 0;
  std::size_t e = line.size();
  while (b < e && is_blank(line[b])) ++b;
  while (e > b && is_blank(line[e - 1])) --e;
  std::string shown(line.substr(b, e - b));
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  return "'" + shown + "'";
}

/// Returns the parsed ties; ids must be below `population` (0 means any 32-bit id is allowed).
ParsedEdgeList parse_edge_list(const std::string& path, std::uint32_t population,
                               float default_strength) {
  const std::string text = read_file(path);
  const std::uint64_t limit =
      population == 0 ? std::numeric_limits<std::uint32_t>::max() : population;
  ParsedEdgeList parsed;
  std::size_t line_start = 0;
  for (std::uint64_t line_number = 1; line_start < text.size(); ++line_number) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    const std::string_view line(text.data() + line_start, line_end - line_start);
    line_start = line_end + 1;
    auto fail = [&](const std::string& message) {
      throw EdgeListError(path + ":" + std::to_string(line_number) + ": " + message);
    };
    std::size_t pos = 0;
    const std::string_view first = next_field(line, pos);
    if (first.empty() || first[0] == '#' || first[0] == '%') continue;
    const std::string_view second = next_field(line, pos);
    std::uint64_t u = 0;
    std::uint64_t v = 0;
    if (!parse_id(first, u) || !parse_id(second, v)) {
      fail("expected two non-negative integer node ids, got " + quote(line));
    }
    for (std::uint64_t id : {u, v}) {
      if (id >= limit) {
        if (population == 0) {
          fail("node " + std::to_string(id) + " is too large (ids must be below " +
               std::to_string(limit) + ")");
        }
        fail("node " + std::to_string(id) + " is outside the population (size " +
             std::to_string(population) + ")");
      }
    }
    float strength = default_strength;
    const std::string_view third = next_field(line, pos);
    if (!third.empty()) {
      float weight = 0.0f;
      const auto [end, ec] = std::from_chars(third.data(), third.data() + third.size(), weight);
      if ((ec != std::errc() && ec != std::errc::result_out_of_range) ||
          end != third.data() + third.size()) {
        fail("expected a numeric weight in the third column, got " + quote(third));
      }
      if (ec == std::errc() && weight > 0.0f && weight <= 1.0f) {
        strength = weight;
        if (!parsed.weighted) parsed.strengths.assign(parsed.ties.size(), default_strength);
        parsed.weighted = true;
      }
    }
    // A fourth column is refused rather than ignored: it is most likely a file of another
    // layout (u v w t, or a weight in the fourth column) whose meaning would be lost silently.
    if (const std::string_view fourth = next_field(line, pos); !fourth.empty())
      fail("expected at most three columns `u v [weight]`, got " + quote(line));
    parsed.ties.emplace_back(static_cast<AgentId>(u), static_cast<AgentId>(v));
    if (parsed.weighted) parsed.strengths.push_back(strength);
    parsed.max_id = std::max({parsed.max_id, u, v});
  }
  if (parsed.ties.empty()) throw EdgeListError(path + ": no ties found (file has no `u v` lines)");
  return parsed;
}

}  // namespace

SocialGraph read_edge_list(const std::string& path, std::uint32_t n, float strength) {
  if (n == 0) throw EdgeListError(path + ": population size must be positive");
  ParsedEdgeList parsed = parse_edge_list(path, n, strength);
  if (!parsed.weighted) {
    return SocialGraph::from_edges(n, std::move(parsed.ties), strength);
  }
  return SocialGraph::from_weighted_edges(n, std::move(parsed.ties), std::move(parsed.strengths));
}

std::uint32_t edge_list_node_count(const std::string& path) {
  return static_cast<std::uint32_t>(parse_edge_list(path, 0, 1.0f).max_id + 1);
}

}  // namespace snsim
