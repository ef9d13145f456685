#include "snsim/network/graph_writer.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace snsim {
namespace {

/// Appends the shortest decimal text that reads back as exactly this float.
void append_strength(std::string& text, float strength) {
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof digits, strength);
  text.append(digits, result.ptr);
}

/// Calls visit(u, v, strength) for every tie once, u < v, in ascending order.
template <typename Visit>
void for_each_tie(const SocialGraph& graph, Visit visit) {
  const std::uint32_t n = graph.num_agents();
  if (graph.is_complete()) {
    for (AgentId u = 0; u < n; ++u) {
      for (AgentId v = u + 1; v < n; ++v) visit(u, v, 1.0f);
    }
    return;
  }
  for (AgentId u = 0; u < n; ++u) {
    const auto row = graph.neighbours(u);
    const auto strength = graph.strengths(u);
    for (std::size_t a = 0; a < row.size(); ++a) {
      if (row[a] > u) visit(u, row[a], strength[a]);
    }
  }
}

}  // namespace

void write_edge_list(const SocialGraph& graph, std::ostream& out) {
  std::string text = "# snsim social graph: undirected ties, one `u v strength` line each\n";
  text += "# agents " + std::to_string(graph.num_agents()) + " ties " +
          std::to_string(graph.num_ties()) + "\n";
  for_each_tie(graph, [&](AgentId u, AgentId v, float strength) {
    text += std::to_string(u);
    text += ' ';
    text += std::to_string(v);
    text += ' ';
    append_strength(text, strength);
    text += '\n';
    if (text.size() > (1u << 20)) {
      out << text;
      text.clear();
    }
  });
  out << text;
}

void write_graphml(const SocialGraph& graph, std::span<const std::uint16_t> community,
                   std::ostream& out) {
  const std::uint32_t n = graph.num_agents();
  if (!community.empty() && community.size() != n) {
    throw std::invalid_argument("write_graphml: " + std::to_string(community.size()) +
                                " communities for " + std::to_string(n) + " agents");
  }
  std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  if (!community.empty()) {
    text += "  <key id=\"d0\" for=\"node\" attr.name=\"community\" attr.type=\"int\"/>\n";
  }
  text += "  <key id=\"d1\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
  text += "  <graph id=\"social\" edgedefault=\"undirected\">\n";
  for (AgentId i = 0; i < n; ++i) {
    text += "    <node id=\"" + std::to_string(i) + "\"";
    if (community.empty()) {
      text += "/>\n";
    } else {
      text += "><data key=\"d0\">" + std::to_string(community[i]) + "</data></node>\n";
    }
  }
  for_each_tie(graph, [&](AgentId u, AgentId v, float strength) {
    text += "    <edge source=\"" + std::to_string(u) + "\" target=\"" + std::to_string(v) +
            "\"><data key=\"d1\">";
    append_strength(text, strength);
    text += "</data></edge>\n";
    if (text.size() > (1u << 20)) {
      out << text;
      text.clear();
    }
  });
  text += "  </graph>\n</graphml>\n";
  out << text;
}

}  // namespace snsim
