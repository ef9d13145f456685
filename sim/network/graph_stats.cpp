#include "snsim/network/graph_stats.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace snsim {
namespace {

using RowIter = std::span<const AgentId>::iterator;

/// Returns the size of the intersection of two ascending id ranges: a linear merge, or binary
/// searches of the shorter range's ids in the longer one when it is much shorter (hubs).
std::uint64_t count_common(RowIter x, RowIter x_end, RowIter y, RowIter y_end) {
  if (x_end - x > y_end - y) {
    std::swap(x, y);
    std::swap(x_end, y_end);
  }
  std::uint64_t common = 0;
  if (16 * (x_end - x) < y_end - y) {
    for (; x != x_end && y != y_end; ++x) {
      y = std::lower_bound(y, y_end, *x);
      if (y != y_end && *y == *x) ++common;
    }
    return common;
  }
  while (x != x_end && y != y_end) {
    if (*x < *y) {
      ++x;
    } else if (*y < *x) {
      ++y;
    } else {
      ++common;
      ++x;
      ++y;
    }
  }
  return common;
}

/// Returns the number of triangles through each agent. Each triad {u, v, w} with v < w in u's
/// row is found once, by merging the parts of u's and v's sorted rows above v. OpenMP over agents;
/// each agent's count is written to its own slot, so the result does not depend on threads.
std::vector<std::uint64_t> triangles_per_agent(const SocialGraph& graph) {
  const std::uint32_t n = graph.num_agents();
  std::vector<std::uint64_t> triangles(n, 0);
#pragma omp parallel for schedule(dynamic, 256)
  for (std::uint32_t u = 0; u < n; ++u) {
    const auto row_u = graph.neighbours(u);
    std::uint64_t count = 0;
    for (std::size_t a = 0; a < row_u.size(); ++a) {
      const AgentId v = row_u[a];
      const auto row_v = graph.neighbours(v);
      auto x = row_u.begin() + static_cast<std::ptrdiff_t>(a) + 1;
      auto y = std::upper_bound(row_v.begin(), row_v.end(), v);
      count += count_common(x, row_u.end(), y, row_v.end());
    }
    triangles[u] = count;
  }
  return triangles;
}

/// Returns n choose 3 (exact while it fits in 64 bits, n up to about 4.7 million).
std::uint64_t choose3(std::uint64_t n) {
  __extension__ using u128 = unsigned __int128;
  return n < 3 ? 0 : static_cast<std::uint64_t>(static_cast<u128>(n) * (n - 1) * (n - 2) / 6);
}

/// Returns (largest component size, number of components) by breadth-first search.
std::pair<std::uint64_t, std::uint64_t> measure_components(const SocialGraph& graph) {
  const std::uint32_t n = graph.num_agents();
  std::vector<std::uint8_t> seen(n, 0);
  std::vector<AgentId> queue;
  queue.reserve(n);
  std::uint64_t largest = 0;
  std::uint64_t components = 0;
  for (AgentId root = 0; root < n; ++root) {
    if (seen[root]) continue;
    ++components;
    queue.clear();
    queue.push_back(root);
    seen[root] = 1;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      for (AgentId w : graph.neighbours(queue[head])) {
        if (!seen[w]) {
          seen[w] = 1;
          queue.push_back(w);
        }
      }
    }
    largest = std::max<std::uint64_t>(largest, queue.size());
  }
  return {largest, components};
}

/// Returns the closed-form statistics of the complete graph on n agents.
GraphStats complete_graph_stats(std::uint64_t n, bool with_clustering) {
  GraphStats s;
  s.nodes = n;
  s.ties = n == 0 ? 0 : n * (n - 1) / 2;
  s.mean_degree = n == 0 ? 0.0 : static_cast<double>(n - 1);
  s.max_degree = n == 0 ? 0 : n - 1;
  if (with_clustering && n >= 3) {
    s.triangles = choose3(n);
    s.mean_clustering = 1.0;
    s.transitivity = 1.0;
  }
  s.largest_component = n;
  s.components = n == 0 ? 0 : 1;
  return s;
}

}  // namespace

GraphStats compute_graph_stats(const SocialGraph& graph, bool with_clustering) {
  if (graph.is_complete()) return complete_graph_stats(graph.num_agents(), with_clustering);
  GraphStats s;
  const std::uint32_t n = graph.num_agents();
  s.nodes = n;
  s.ties = graph.num_ties();
  s.mean_degree = n == 0 ? 0.0 : 2.0 * static_cast<double>(s.ties) / n;
  for (AgentId i = 0; i < n; ++i)
    s.max_degree = std::max<std::uint64_t>(s.max_degree, graph.degree(i));
  if (with_clustering && n > 0) {
    const std::vector<std::uint64_t> triangles = triangles_per_agent(graph);
    std::uint64_t closed = 0;   // 3 x triangles
    std::uint64_t triples = 0;  // connected triples (paths of length two)
    double clustering_sum = 0;
    for (AgentId i = 0; i < n; ++i) {
      const std::uint64_t d = graph.degree(i);
      closed += triangles[i];
      triples += d * (d - (d > 0 ? 1 : 0)) / 2;
      if (d >= 2)
        clustering_sum +=
            2.0 * static_cast<double>(triangles[i]) / static_cast<double>(d * (d - 1));
    }
    s.triangles = closed / 3;
    s.mean_clustering = clustering_sum / n;
    s.transitivity =
        triples == 0 ? 0.0 : static_cast<double>(closed) / static_cast<double>(triples);
  }
  std::tie(s.largest_component, s.components) = measure_components(graph);
  return s;
}

std::vector<double> local_clustering(const SocialGraph& graph) {
  const std::uint32_t n = graph.num_agents();
  if (graph.is_complete()) return std::vector<double>(n, n >= 3 ? 1.0 : 0.0);
  const std::vector<std::uint64_t> triangles = triangles_per_agent(graph);
  std::vector<double> clustering(n, 0.0);
  for (AgentId i = 0; i < n; ++i) {
    const std::uint64_t d = graph.degree(i);
    if (d >= 2)
      clustering[i] = 2.0 * static_cast<double>(triangles[i]) / static_cast<double>(d * (d - 1));
  }
  return clustering;
}

std::vector<std::uint64_t> degree_histogram(const SocialGraph& graph) {
  const std::uint32_t n = graph.num_agents();
  if (n == 0) return {};
  if (graph.is_complete()) {
    std::vector<std::uint64_t> histogram(n, 0);
    histogram[n - 1] = n;
    return histogram;
  }
  std::uint32_t max_degree = 0;
  for (AgentId i = 0; i < n; ++i) max_degree = std::max(max_degree, graph.degree(i));
  std::vector<std::uint64_t> histogram(std::size_t{max_degree} + 1, 0);
  for (AgentId i = 0; i < n; ++i) ++histogram[graph.degree(i)];
  return histogram;
}

std::string format_graph_stats(const GraphStats& stats) {
  std::string table;
  char line[96];
  auto add_count = [&](const char* name, std::uint64_t value) {
    std::snprintf(line, sizeof line, "%-18s %14llu\n", name,
                  static_cast<unsigned long long>(value));
    table += line;
  };
  auto add_ratio = [&](const char* name, double value) {
    std::snprintf(line, sizeof line, "%-18s %14.4f\n", name, value);
    table += line;
  };
  add_count("agents", stats.nodes);
  add_count("ties", stats.ties);
  add_ratio("mean degree", stats.mean_degree);
  add_count("max degree", stats.max_degree);
  add_count("triangles", stats.triangles);
  add_ratio("mean clustering", stats.mean_clustering);
  add_ratio("transitivity", stats.transitivity);
  add_count("largest component", stats.largest_component);
  add_count("components", stats.components);
  return table;
}

}  // namespace snsim
