#include "snsim/network/generators.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "snsim/core/parallel.hpp"
#include "snsim/core/random_stream.hpp"
#include "snsim/network/edge_list.hpp"
#include "snsim/network/jackson_rogers.hpp"

namespace snsim {
namespace {

using Tie = SocialGraph::Tie;

/// Returns the stream of one generator's draws for one entity (agent or block) at set-up.
RandomStream setup_stream(std::uint64_t seed, std::string_view process, std::uint64_t entity,
                          std::uint32_t purpose = 0) {
  return RandomStream(StreamKey{seed, 0, kSetupStep, stream_id(process), purpose, entity});
}

/// Returns the number of failed Bernoulli trials before the next success, given log(1 - p) < 0:
/// the geometric skip of Batagelj and Brandes (2005), saturated at 2^64 - 1.
std::uint64_t geometric_skip(RandomStream& rng, double log_one_minus_p) {
  const double skip = std::floor(std::log1p(-rng.uniform01()) / log_one_minus_p);
  if (!(skip < 1.8e19)) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(skip);
}

/// Returns a + b, saturated at 2^64 - 1.
std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return b > std::numeric_limits<std::uint64_t>::max() - a
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

/// Returns m distinct nodes drawn uniformly from `repeated` (networkx `_random_subset`): a node
/// listed d times is drawn with probability proportional to d.
std::vector<AgentId> draw_distinct_targets(const std::vector<AgentId>& repeated, std::uint32_t m,
                                           RandomStream& rng) {
  std::vector<AgentId> targets;
  targets.reserve(m);
  while (targets.size() < m) {
    const AgentId x = repeated[rng.below(repeated.size())];
    if (std::find(targets.begin(), targets.end(), x) == targets.end()) targets.push_back(x);
  }
  return targets;
}

/// Returns true if u's growing adjacency list holds v.
bool has_tie(const std::vector<std::vector<AgentId>>& adjacency, AgentId u, AgentId v) {
  const auto& row = adjacency[u];
  return std::find(row.begin(), row.end(), v) != row.end();
}

/// Returns the ties of a growing adjacency-list graph, each once as (u, v) with u < v.
std::vector<Tie> ties_of(const std::vector<std::vector<AgentId>>& adjacency) {
  std::vector<Tie> ties;
  for (AgentId u = 0; u < adjacency.size(); ++u) {
    for (AgentId v : adjacency[u]) {
      if (u < v) ties.emplace_back(u, v);
    }
  }
  return ties;
}

}  // namespace

SocialGraph generate_complete(std::uint32_t n) { return SocialGraph::complete(n); }

// Erdos and Renyi (1959) G(n, p), sampled by geometric skipping over the pairs (v, w), w < v, of
// each row v: Batagelj and Brandes (2005), "Efficient generation of large random networks", Phys.
// Rev. E 71, 036113, algorithm G(n,p) with one stream per row so rows can be drawn in parallel.
SocialGraph generate_erdos_renyi(std::uint32_t n, double mean_degree, float strength,
                                 std::uint64_t seed) {
  require(mean_degree >= 0 && std::isfinite(mean_degree),
          "erdos_renyi: mean_degree must be >= 0, got " + std::to_string(mean_degree));
  if (n < 2 || mean_degree == 0) return SocialGraph::from_edges(n, {}, strength);
  const double p = mean_degree / (n - 1.0);
  require(p <= 1.0, "erdos_renyi: mean_degree " + std::to_string(mean_degree) +
                        " exceeds n - 1 = " + std::to_string(n - 1) + " (p would be above 1)");
  const double log_one_minus_p = std::log1p(-p);  // -inf when p == 1: every skip is 0

  // A fixed number of row chunks, concatenated in order, so the result ignores the thread count.
  constexpr std::uint32_t kChunks = 256;
  std::vector<std::vector<Tie>> chunk_ties(kChunks);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::uint32_t c = 0; c < kChunks; ++c) {
    const auto first = static_cast<AgentId>(static_cast<std::uint64_t>(n) * c / kChunks);
    const auto last = static_cast<AgentId>(static_cast<std::uint64_t>(n) * (c + 1) / kChunks);
    auto& ties = chunk_ties[c];
    for (AgentId v = std::max<AgentId>(first, 1); v < last; ++v) {
      RandomStream rng = setup_stream(seed, "network.erdos_renyi", v);
      for (std::uint64_t w = geometric_skip(rng, log_one_minus_p); w < v;
           w = saturating_add(w + 1, geometric_skip(rng, log_one_minus_p))) {
        ties.emplace_back(v, static_cast<AgentId>(w));
      }
    }
  }
  std::size_t total = 0;
  for (const auto& t : chunk_ties) total += t.size();
  std::vector<Tie> ties;
  ties.reserve(total);
  for (auto& t : chunk_ties) {
    ties.insert(ties.end(), t.begin(), t.end());
    t = {};
  }
  return SocialGraph::from_edges(n, std::move(ties), strength);
}

// Barabasi and Albert (1999), "Emergence of scaling in random networks", Science 286, 509, with
// the construction of networkx.barabasi_albert_graph: the seed is star(m) (agent 0 tied to agents
// 1..m); each new agent ties to m distinct agents drawn from the list in which every agent appears
// once per tie it has (degree-proportional). Ties: m + m (n - m - 1).
//
// That list is never stored: it is m zeros, then 1..m, then for each source s > m its m targets
// followed by m copies of s, so position p names either a known agent or the target of an earlier
// draw (Sanders and Schulz 2016, "Scalable generation of scale-free graphs", arXiv:1602.07106). The
// only edge list is the targets array (4 bytes per tie), from which the CSR is built in place.
// Sources are drawn in parallel, each from its own stream: a draw that lands on a target slot of a
// source still being drawn by another thread waits for it (sources are handed out in increasing
// order, and a source only reads lower ones, so the wait ends); the result is the serial one on any
// number of threads.
SocialGraph generate_barabasi_albert(std::uint32_t n, std::uint32_t m, float strength,
                                     std::uint64_t seed) {
  require(m >= 1, "barabasi_albert: m must be >= 1, got 0");
  require(m < n, "barabasi_albert: m = " + std::to_string(m) +
                     " must be below the population size n = " + std::to_string(n));
  constexpr AgentId kPending = std::numeric_limits<AgentId>::max();
  const std::uint64_t first_source = m + 1;
  // targets[(s - m - 1) m + j]: the j-th target of source s, in draw order.
  std::vector<AgentId> targets(static_cast<std::size_t>(n - first_source) * m, kPending);
  const std::uint64_t mm = 2ull * m;
  // Returns the agent at position p of the degree-proportional list.
  const auto agent_at = [&](std::uint64_t p) -> AgentId {
    if (p < m) return 0;
    if (p < mm) return static_cast<AgentId>(p - m + 1);
    const std::uint64_t q = p - mm, block = q / mm, offset = q % mm;
    if (offset >= m) return static_cast<AgentId>(first_source + block);
    std::atomic_ref<AgentId> slot(targets[block * m + offset]);
    AgentId a = slot.load(std::memory_order_acquire);
    while (a == kPending) {
      std::this_thread::yield();
      a = slot.load(std::memory_order_acquire);
    }
    return a;
  };
  const auto draw_source = [&](std::uint64_t s, std::vector<AgentId>& drawn) {
    RandomStream rng = setup_stream(seed, "network.barabasi_albert", s);
    const std::uint64_t listed = mm * (s - m);  // list length before s is added
    drawn.clear();
    while (drawn.size() < m) {
      const AgentId x = agent_at(rng.below(listed));
      if (std::find(drawn.begin(), drawn.end(), x) == drawn.end()) drawn.push_back(x);
    }
    AgentId* out = targets.data() + (s - first_source) * m;
    for (std::uint32_t j = 0; j < m; ++j)
      std::atomic_ref<AgentId>(out[j]).store(drawn[j], std::memory_order_release);
  };
  // Blocks of sources handed out in increasing order by one shared counter.
  constexpr std::uint64_t kBlock = 4096;
  std::atomic<std::uint64_t> next_block{first_source};
#pragma omp parallel if (n >= kMinParallelAgents)
  {
    std::vector<AgentId> drawn;
    drawn.reserve(m);
    for (std::uint64_t b = next_block.fetch_add(kBlock); b < n; b = next_block.fetch_add(kBlock))
      for (std::uint64_t s = b; s < std::min<std::uint64_t>(b + kBlock, n); ++s)
        draw_source(s, drawn);
  }

  // CSR in place: degrees, offsets, each arc written at its row's next free place from the end
  // (in any order), then rows sorted; BA ties are distinct and never loops.
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 2, 0);
  const auto sources = static_cast<std::int64_t>(n - first_source);
  offsets[1] = m;
  for (AgentId leaf = 1; leaf <= m; ++leaf) offsets[leaf + 1] = 1;
  std::fill(offsets.begin() + static_cast<std::ptrdiff_t>(first_source) + 1,
            offsets.begin() + static_cast<std::ptrdiff_t>(n) + 1, std::uint64_t{m});
#pragma omp parallel for schedule(static) if (n >= kMinParallelAgents)
  for (std::int64_t k = 0; k < sources; ++k) {
    for (std::uint32_t j = 0; j < m; ++j)
      std::atomic_ref<std::uint64_t>(offsets[targets[k * m + j] + 1])
          .fetch_add(1, std::memory_order_relaxed);
  }
  for (std::size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
  std::vector<AgentId> neighbours(offsets[n]);
  // end[i] = offsets[i + 1] counts down to offsets[i] as row i fills.
  const auto put = [&](AgentId row, AgentId other) {
    const std::uint64_t at =
        std::atomic_ref<std::uint64_t>(offsets[row + 1]).fetch_sub(1, std::memory_order_relaxed);
    neighbours[at - 1] = other;
  };
  for (AgentId leaf = 1; leaf <= m; ++leaf) put(0, leaf), put(leaf, 0);
#pragma omp parallel for schedule(static) if (n >= kMinParallelAgents)
  for (std::int64_t k = 0; k < sources; ++k) {
    const auto s = static_cast<AgentId>(first_source + static_cast<std::uint64_t>(k));
    for (std::uint32_t j = 0; j < m; ++j) put(s, targets[k * m + j]), put(targets[k * m + j], s);
  }
  targets = {};
  // Now offsets[i + 1] holds row i's start: shift back by one, and the last row ends at the end.
  offsets.erase(offsets.begin());
  offsets.back() = neighbours.size();
  const auto rows = static_cast<std::int64_t>(n);
#pragma omp parallel for schedule(dynamic, 4096) if (rows >= kMinParallelAgents)
  for (std::int64_t r = 0; r < rows; ++r) {
    std::sort(neighbours.begin() + static_cast<std::ptrdiff_t>(offsets[r]),
              neighbours.begin() + static_cast<std::ptrdiff_t>(offsets[r + 1]));
  }
  return SocialGraph::from_csr(n, std::move(offsets), std::move(neighbours), strength);
}

// Watts and Strogatz (1998), "Collective dynamics of 'small-world' networks", Nature 393, 440,
// with the semantics of networkx.watts_strogatz_graph: ring lattice where each agent ties to its
// k/2 nearest on each side; then, for each offset j = 1..k/2 and each agent u, with probability
// beta the tie (u, u+j) is moved to (u, w), w uniform, avoiding self loops and duplicate ties.
SocialGraph generate_watts_strogatz(std::uint32_t n, std::uint32_t k, double beta, float strength,
                                    std::uint64_t seed) {
  require(k >= 2 && k % 2 == 0,
          "watts_strogatz: k must be even and >= 2, got " + std::to_string(k));
  require(k < n, "watts_strogatz: k = " + std::to_string(k) +
                     " must be below the population size n = " + std::to_string(n));
  require(beta >= 0 && beta <= 1,
          "watts_strogatz: beta must be in [0, 1], got " + std::to_string(beta));
  std::vector<std::vector<AgentId>> adjacency(n);
  for (AgentId u = 0; u < n; ++u) adjacency[u].reserve(k + 2);
  const std::uint32_t half = k / 2;
  for (std::uint32_t j = 1; j <= half; ++j) {
    for (AgentId u = 0; u < n; ++u) {
      const AgentId v = static_cast<AgentId>((static_cast<std::uint64_t>(u) + j) % n);
      adjacency[u].push_back(v);
      adjacency[v].push_back(u);
    }
  }
  if (beta > 0) {
    for (std::uint32_t j = 1; j <= half; ++j) {
      for (AgentId u = 0; u < n; ++u) {
        RandomStream rng = setup_stream(seed, "network.watts_strogatz", u, j);
        if (!(rng.uniform01() < beta)) continue;
        const AgentId v = static_cast<AgentId>((static_cast<std::uint64_t>(u) + j) % n);
        auto w = static_cast<AgentId>(rng.below(n));
        bool saturated = false;
        while (w == u || has_tie(adjacency, u, w)) {
          w = static_cast<AgentId>(rng.below(n));
          if (adjacency[u].size() >= n - 1) {
            saturated = true;  // u is tied to everyone: leave (u, v) in place
            break;
          }
        }
        if (saturated) continue;
        auto& row_u = adjacency[u];
        auto& row_v = adjacency[v];
        *std::find(row_u.begin(), row_u.end(), v) = w;
        *std::find(row_v.begin(), row_v.end(), u) = row_v.back();
        row_v.pop_back();
        adjacency[w].push_back(u);
      }
    }
  }
  return SocialGraph::from_edges(n, ties_of(adjacency), strength);
}

// Stochastic block model (Holland, Laskey and Leinhardt 1983) with blocks = communities. Pairs in
// the same community are tied with p_in = degree_in / (n_c - 1); pairs across communities a, b
// with the mean of degree_out / (n - n_a) and degree_out / (n - n_b), which gives every agent
// exactly degree_out expected outside ties when communities have equal sizes. Each block pair is
// sampled by geometric skipping (Batagelj and Brandes 2005) with its own stream.
SocialGraph generate_stochastic_block(std::span<const std::uint16_t> community, double degree_in,
                                      double degree_out, float strength, std::uint64_t seed) {
  require(community.size() <= std::numeric_limits<std::uint32_t>::max(),
          "stochastic_block: population too large");
  require(degree_in >= 0 && std::isfinite(degree_in),
          "stochastic_block: degree_in must be >= 0, got " + std::to_string(degree_in));
  require(degree_out >= 0 && std::isfinite(degree_out),
          "stochastic_block: degree_out must be >= 0, got " + std::to_string(degree_out));
  const auto n = static_cast<std::uint32_t>(community.size());

  // Members of each community in ascending agent id (counting sort by community).
  std::vector<std::uint32_t> start(std::size_t{65536} + 1, 0);
  for (std::uint16_t c : community) ++start[c + 1u];
  for (std::size_t c = 0; c < 65536; ++c) start[c + 1] += start[c];
  std::vector<AgentId> members(n);
  {
    std::vector<std::uint32_t> cursor(start.begin(), start.end() - 1);
    for (AgentId i = 0; i < n; ++i) members[cursor[community[i]]++] = i;
  }
  std::vector<std::uint16_t> blocks;  // communities with at least one member
  for (std::size_t c = 0; c < 65536; ++c) {
    if (start[c + 1] > start[c]) blocks.push_back(static_cast<std::uint16_t>(c));
  }
  auto size_of = [&](std::uint16_t c) -> std::uint64_t { return start[c + 1] - start[c]; };
  auto block_members = [&](std::uint16_t c) {
    return std::span<const AgentId>(members.data() + start[c], size_of(c));
  };

  std::vector<Tie> ties;
  for (std::size_t ia = 0; ia < blocks.size(); ++ia) {
    const std::uint16_t a = blocks[ia];
    const auto in_a = block_members(a);
    const std::uint64_t na = in_a.size();
    // Inside community a: pairs (v, w), w < v, walked row by row.
    if (degree_in > 0) {
      require(degree_in <= static_cast<double>(na - 1),
              "stochastic_block: community " + std::to_string(a) + " has " + std::to_string(na) +
                  " members, too few for degree_in = " + std::to_string(degree_in));
      const double log_one_minus_p = std::log1p(-degree_in / static_cast<double>(na - 1));
      RandomStream rng = setup_stream(seed, "network.stochastic_block", a, a);
      std::uint64_t v = 1;
      std::uint64_t w = geometric_skip(rng, log_one_minus_p);
      while (v < na) {
        while (w >= v && v < na) {
          w -= v;
          ++v;
        }
        if (v >= na) break;
        ties.emplace_back(in_a[v], in_a[w]);
        w = saturating_add(w + 1, geometric_skip(rng, log_one_minus_p));
      }
    }
    if (degree_out <= 0) continue;
    // Across communities a < b: the na x nb cells walked in row-major order.
    for (std::size_t ib = ia + 1; ib < blocks.size(); ++ib) {
      const std::uint16_t b = blocks[ib];
      const auto in_b = block_members(b);
      const std::uint64_t nb = in_b.size();
      const double p = 0.5 * (degree_out / static_cast<double>(n - na) +
                              degree_out / static_cast<double>(n - nb));
      require(p <= 1.0, "stochastic_block: degree_out = " + std::to_string(degree_out) +
                            " exceeds the agents outside community " + std::to_string(a) + " or " +
                            std::to_string(b));
      const double log_one_minus_p = std::log1p(-p);
      RandomStream rng = setup_stream(seed, "network.stochastic_block", b, a);
      const std::uint64_t cells = na * nb;
      for (std::uint64_t cell = geometric_skip(rng, log_one_minus_p); cell < cells;
           cell = saturating_add(cell + 1, geometric_skip(rng, log_one_minus_p))) {
        ties.emplace_back(in_a[cell / nb], in_b[cell % nb]);
      }
    }
  }
  return SocialGraph::from_edges(n, std::move(ties), strength);
}

// Holme and Kim (2002), "Growing scale-free networks with tunable clustering", Phys. Rev. E 65,
// 026107, with the semantics of networkx.powerlaw_cluster_graph: m isolated seed agents; each new
// agent draws m distinct degree-proportional candidates, ties to the first, then for each of its
// m - 1 further ties, with probability triad_prob ties to a random neighbour of the last
// preferential target it is not yet tied to (triad formation), else to the next candidate.
// A triad tie that repeats a later candidate is not doubled, so an agent may get fewer than m.
SocialGraph generate_holme_kim(std::uint32_t n, std::uint32_t m, double triad_prob, float strength,
                               std::uint64_t seed) {
  require(m >= 1, "holme_kim: m must be >= 1, got 0");
  require(m < n, "holme_kim: m = " + std::to_string(m) +
                     " must be below the population size n = " + std::to_string(n));
  require(triad_prob >= 0 && triad_prob <= 1,
          "holme_kim: triad_prob must be in [0, 1], got " + std::to_string(triad_prob));
  std::vector<std::vector<AgentId>> adjacency(n);
  std::vector<AgentId> repeated;  // each agent once per tie end, plus the m seeds once each
  repeated.reserve(2 * static_cast<std::uint64_t>(m) * n);
  for (AgentId i = 0; i < m; ++i) repeated.push_back(i);
  std::vector<AgentId> open_neighbours;  // neighbours of the target not yet tied to the source
  auto tie = [&](AgentId u, AgentId v) {
    // networkx's add_edge on an existing tie changes nothing; the attachment list still grows.
    if (!has_tie(adjacency, u, v)) {
      adjacency[u].push_back(v);
      adjacency[v].push_back(u);
    }
    repeated.push_back(v);
  };
  for (AgentId source = m; source < n; ++source) {
    RandomStream rng = setup_stream(seed, "network.holme_kim", source);
    std::vector<AgentId> candidates = draw_distinct_targets(repeated, m, rng);
    // The model leaves the candidates' order free; later draws lean to low degrees (they must
    // differ from earlier ones), so take them in a uniformly random order. networkx pops them from
    // a Python set, in hash-slot order (id mod 8), which lowers mean clustering slightly: 0.361
    // against 0.375 here at n = 20000, m = 4, triad_prob = 0.8.
    for (std::size_t i = candidates.size(); i > 1; --i) {
      std::swap(candidates[i - 1], candidates[rng.below(i)]);
    }
    AgentId target = candidates.back();
    candidates.pop_back();
    tie(source, target);
    for (std::uint32_t count = 1; count < m; ++count) {
      if (rng.uniform01() < triad_prob) {
        open_neighbours.clear();
        for (AgentId x : adjacency[target]) {
          if (x != source && !has_tie(adjacency, source, x)) open_neighbours.push_back(x);
        }
        if (!open_neighbours.empty()) {
          tie(source, open_neighbours[rng.below(open_neighbours.size())]);
          continue;
        }
      }
      target = candidates.back();
      candidates.pop_back();
      tie(source, target);
    }
    repeated.insert(repeated.end(), m, source);
  }
  return SocialGraph::from_edges(n, ties_of(adjacency), strength);
}

SocialGraph generate_social_graph(const NetworkSpec& spec, std::uint32_t n,
                                  std::span<const std::uint16_t> community, std::uint64_t seed) {
  const auto s = static_cast<float>(spec.initial_strength);
  require(s > 0.0f && s <= 1.0f,
          "network: initial_strength must be in (0, 1], got " + std::to_string(s));
  switch (spec.generator) {
    case GraphGenerator::complete:
      return generate_complete(n);
    case GraphGenerator::erdos_renyi:
      return generate_erdos_renyi(n, spec.er_mean_degree, s, seed);
    case GraphGenerator::barabasi_albert:
      return generate_barabasi_albert(n, spec.ba_m, s, seed);
    case GraphGenerator::watts_strogatz:
      return generate_watts_strogatz(n, spec.ws_k, spec.ws_beta, s, seed);
    case GraphGenerator::stochastic_block:
      require(community.size() == n, "stochastic_block: need one community per agent (" +
                                         std::to_string(community.size()) + " for " +
                                         std::to_string(n) + " agents)");
      return generate_stochastic_block(community, spec.sbm_degree_in, spec.sbm_degree_out, s, seed);
    case GraphGenerator::holme_kim:
      return generate_holme_kim(n, spec.hk_m, spec.hk_triad_prob, s, seed);
    case GraphGenerator::edge_list:
      return read_edge_list(spec.edge_list_path, n, s);
    case GraphGenerator::jackson_rogers:
      return generate_jackson_rogers(
          n, JacksonRogersParams{spec.jr_m_r, spec.jr_m_n, spec.jr_p_r, spec.jr_p_n}, s, seed);
  }
  throw std::invalid_argument("network: unknown generator");
}

}  // namespace snsim
