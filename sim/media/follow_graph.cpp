#include "snsim/media/follow_graph.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <omp.h>

#include "snsim/core/parallel.hpp"
#include "snsim/core/poisson.hpp"
#include "snsim/core/world.hpp"
#include "snsim/io/input_file.hpp"
#include "snsim/network/edge_list.hpp"

namespace snsim {
namespace {
/// The person's follow-graph stream; purposes 2 and 3 (popular and brand follows) were their own
/// streams before and are now drawn from this one.
constexpr std::uint32_t kTieFollow = 1;

/// Uniforms on [0, 1) with 32 random bits, two from each 64-bit word of a stream (for Bernoulli
/// draws, where 32 bits are plenty).
class HalfUniforms {
 public:
  explicit HalfUniforms(RandomStream& s) : s_(s) {}
  /// Returns the next uniform.
  double next() {
    if (have_low_) {
      have_low_ = false;
      return static_cast<double>(word_ & 0xFFFFFFFFu) * 0x1.0p-32;
    }
    word_ = s_();
    have_low_ = true;
    return static_cast<double>(word_ >> 32) * 0x1.0p-32;
  }

 private:
  RandomStream& s_;
  std::uint64_t word_ = 0;
  bool have_low_ = false;
};

std::string_view next_field(std::string_view& s) {
  std::size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string_view::npos) {
    s = {};
    return {};
  }
  std::size_t b = s.find_first_of(" \t\r", a);
  if (b == std::string_view::npos) b = s.size();
  std::string_view f = s.substr(a, b - a);
  s.remove_prefix(b);
  return f;
}
}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> read_follow_edge_list(const std::string& path,
                                                                           std::uint32_t n,
                                                                           std::uint32_t brands) {
  std::istringstream in;
  try {
    in.str(read_input_file(path, kMaxEdgeListBytes, "follow edge list"));
  } catch (const InputFileError& e) {
    throw EdgeListError(e.what());
  }
  const std::uint64_t accounts = std::uint64_t{n} + brands;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  std::string line;
  std::uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view rest(line);
    std::string_view f0 = next_field(rest);
    if (f0.empty() || f0.front() == '#' || f0.front() == '%') continue;
    std::string_view f1 = next_field(rest);
    const std::string where = path + ":" + std::to_string(line_no) + ": ";
    std::uint64_t ids[2];
    std::string_view fields[2] = {f0, f1};
    for (int k = 0; k < 2; ++k) {
      if (fields[k].empty())
        throw EdgeListError(where + "expected two account ids `follower followee`");
      auto [p, ec] = std::from_chars(fields[k].data(), fields[k].data() + fields[k].size(), ids[k]);
      if (ec != std::errc() || p != fields[k].data() + fields[k].size())
        throw EdgeListError(where + "'" + std::string(fields[k]) +
                            "' is not a non-negative integer id");
      if (ids[k] >= accounts)
        throw EdgeListError(where + "account " + std::to_string(ids[k]) +
                            " is outside the population (people 0.." + std::to_string(n - 1) +
                            (brands == 0 ? ", and the scenario has no brands)"
                                         : ", brands " + std::to_string(n) + ".." +
                                               std::to_string(accounts - 1) + ")"));
    }
    if (ids[0] >= n)
      throw EdgeListError(where + "a brand (account " + std::to_string(ids[0]) +
                          ") cannot follow; only people 0.." + std::to_string(n - 1) + " do");
    if (ids[0] == ids[1]) continue;
    arcs.emplace_back(static_cast<std::uint32_t>(ids[0]), static_cast<std::uint32_t>(ids[1]));
  }
  return arcs;
}

namespace {
using Arcs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

/// Rows [lo, hi) of n rows for part `part` of `parts`: the same cut for every pass.
std::pair<std::uint32_t, std::uint32_t> row_range(std::uint32_t n, int part, int parts) {
  const auto lo = static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(part) /
                  static_cast<std::uint64_t>(parts);
  const auto hi = static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(part + 1) /
                  static_cast<std::uint64_t>(parts);
  return {static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi)};
}

/// Rows [lo, hi) for part `part` of `parts`, cut by the CSR `offsets` (n + 1 entries) so that
/// every part has about the same rows plus arcs: a Barabasi-Albert graph's oldest people have the
/// longest rows, and equal id ranges (row_range) left the first thread with most of the arcs. The
/// same cut for every pass; which thread handles a row does not change the row.
template <typename Offset>
std::pair<std::uint32_t, std::uint32_t> arc_range(const std::vector<Offset>& offsets, int part,
                                                  int parts) {
  const auto n = static_cast<std::uint64_t>(offsets.size() - 1);
  const std::uint64_t work = n + offsets.back();
  // The first row whose rows plus arcs before it reach k / parts of the work.
  auto cut = [&](int k) {
    const std::uint64_t target =
        work * static_cast<std::uint64_t>(k) / static_cast<std::uint64_t>(parts);
    std::uint64_t lo = 0, hi = n;
    while (lo < hi) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      if (mid + offsets[mid] < target)
        lo = mid + 1;
      else
        hi = mid;
    }
    return static_cast<std::uint32_t>(lo);
  };
  return {part == 0 ? 0u : cut(part),
          part + 1 == parts ? static_cast<std::uint32_t>(n) : cut(part + 1)};
}

/// Turns the row counts in offsets[lo + 1 .. hi] of each thread's rows [lo, hi) into CSR
/// offsets, inside an `omp parallel` region (every thread calls it): a running sum within the
/// thread's rows, then the totals of the rows before them added. `totals` has one entry per
/// thread; ends with a barrier.
template <typename Offset>
void prefix_rows(std::vector<Offset>& offsets, std::uint32_t lo, std::uint32_t hi,
                 std::vector<std::uint64_t>& totals) {
  const auto me = static_cast<std::size_t>(omp_get_thread_num());
  for (std::uint32_t j = lo; j < hi; ++j) offsets[j + 1] += j > lo ? offsets[j] : 0;
  totals[me] = hi > lo ? offsets[hi] : 0;
#pragma omp barrier
  std::uint64_t base = 0;
  for (std::size_t t = 0; t < me; ++t) base += totals[t];
  if (base > 0)
    for (std::uint32_t j = lo; j < hi; ++j) offsets[j + 1] += static_cast<Offset>(base);
#pragma omp barrier
}

/// Returns the graph of the (follower, followee) arcs of all the parts (emptied on the way).
FollowGraph graph_from_parts(std::uint32_t n, std::uint32_t brands, std::vector<Arcs>& parts) {
  // Counting sort by followee, then each row sorted and deduplicated: rows of followers,
  // ascending, whatever the order of the input. In parallel over followee ranges: each thread
  // reads every arc (sequential reads) and places those of its rows (the random writes, the cost
  // of this sort), so every row receives its arcs in input order on any number of threads.
  FollowGraph g;
  g.offsets.assign(std::size_t{n} + 1, 0);
  g.brand_followers.assign(brands, {});
  g.follows_brand.assign(brands, {});
  for (FlagBits& flags : g.follows_brand) flags.assign(n);
  g.brand_follower_count.assign(brands, 0);
  // The rows' offsets are ArcIndex wide (core/ids.hpp): refuse a graph they cannot index before
  // any running sum could wrap. The parts' length bounds the people's arcs; count exactly only
  // when it does not fit.
  std::uint64_t listed = 0;
  for (const Arcs& arcs : parts) listed += arcs.size();
  if (listed > std::numeric_limits<ArcIndex>::max()) {
    std::uint64_t person_arcs = 0;
    for (const Arcs& arcs : parts)
      for (const auto& [u, v] : arcs) person_arcs += v < n ? 1 : 0;
    arc_index(person_arcs, "the follow graph");
  }
  const int threads =
      static_cast<std::int64_t>(n) >= kMinParallelAgents ? omp_get_max_threads() : 1;
  std::vector<std::uint64_t> totals(static_cast<std::size_t>(threads), 0);
  std::vector<std::uint32_t> rows;
  std::vector<std::uint64_t> fill;
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int me = omp_get_thread_num(), team = omp_get_num_threads();
    {
      const auto [lo, hi] = row_range(n, me, team);
      for (const Arcs& arcs : parts)
        for (const auto& [u, v] : arcs) {
          if (v >= lo && v < hi)
            ++g.offsets[v + 1];
          else if (v >= n && me == team - 1)
            g.brand_followers[v - n].push_back(u);
        }
      prefix_rows(g.offsets, lo, hi, totals);
    }
    // The rows' lengths are known now: the placing and sorting passes cut by arcs.
    const auto [lo, hi] = arc_range(g.offsets, me, team);
    // Where this range's rows start; read now, before the thread below rewrites its last offset.
    const std::uint64_t range_begin = g.offsets[lo];
#pragma omp single
    {
      rows.resize(g.offsets[n]);
      fill.resize(n);
    }
    std::copy(g.offsets.begin() + lo, g.offsets.begin() + hi, fill.begin() + lo);
    for (const Arcs& arcs : parts)
      for (const auto& [u, v] : arcs)
        if (v >= lo && v < hi) rows[fill[v]++] = u;
#pragma omp barrier
#pragma omp single nowait
    {
      fill = {};
      for (Arcs& arcs : parts) Arcs().swap(arcs);
    }
    // Sort and deduplicate each row in place, moving the rows of [lo, hi) down over the removed
    // duplicates towards the start of the range; the ranges are then moved together below.
    std::uint64_t out = range_begin, begin = range_begin;
    for (std::uint32_t j = lo; j < hi; ++j) {
      const std::uint64_t end = g.offsets[j + 1];
      auto* first = rows.data() + begin;
      auto* last = rows.data() + end;
      if (!std::is_sorted(first, last)) std::sort(first, last);
      last = std::unique(first, last);
      const auto len = static_cast<std::uint64_t>(last - first);
      if (out != begin) std::copy(first, last, rows.data() + out);
      out += len;
      begin = end;
      g.offsets[j + 1] = static_cast<ArcIndex>(out);
    }
    totals[static_cast<std::size_t>(me)] = out - range_begin;
#pragma omp barrier
    std::uint64_t shift = range_begin;
    for (int t = 0; t < me; ++t) shift -= totals[static_cast<std::size_t>(t)];
      // Each range moves down by the duplicates before it, one range after the other (a range's
      // new place can overlap the old place of the range before it, never of the one after).
#pragma omp for schedule(static, 1) ordered
    for (int t = 0; t < team; ++t) {
#pragma omp ordered
      if (shift > 0 && out > range_begin)
        std::copy(rows.begin() + static_cast<std::ptrdiff_t>(range_begin),
                  rows.begin() + static_cast<std::ptrdiff_t>(out),
                  rows.begin() + static_cast<std::ptrdiff_t>(range_begin - shift));
    }
    if (shift > 0)
      for (std::uint32_t j = lo; j < hi; ++j) g.offsets[j + 1] -= static_cast<ArcIndex>(shift);
  }
  rows.resize(g.offsets[n]);
  g.followers = std::move(rows);
  for (std::uint32_t b = 0; b < brands; ++b) {
    auto& list = g.brand_followers[b];
    if (!std::is_sorted(list.begin(), list.end())) std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    for (std::uint32_t u : list) g.follows_brand[b].set(u);
    g.brand_follower_count[b] = static_cast<std::int64_t>(list.size());
  }
  return g;
}
}  // namespace

FollowGraph follow_graph_from_arcs(std::uint32_t n, std::uint32_t brands, Arcs arcs) {
  std::vector<Arcs> parts(1);
  parts[0] = std::move(arcs);
  return graph_from_parts(n, brands, parts);
}

namespace {
constexpr std::uint64_t kNotFound = ~std::uint64_t{0};

/// Returns the CSR index of the arc u -> v (u follows v), or kNotFound.
std::uint64_t csr_find(const FollowGraph& g, std::uint32_t u, std::uint32_t v) {
  const auto* first = g.followers.data() + g.offsets[v];
  const auto* last = g.followers.data() + g.offsets[v + 1];
  const auto* it = std::lower_bound(first, last, u);
  return it != last && *it == u ? static_cast<std::uint64_t>(it - g.followers.data()) : kNotFound;
}
}  // namespace

bool FollowGraph::follows_person(std::uint32_t u, std::uint32_t v) const {
  const std::uint64_t k = csr_find(*this, u, v);
  if (k != kNotFound) return removed_count == 0 || !removed.test(k);
  return std::binary_search(added.begin(), added.end(), std::make_pair(v, u));
}

std::pair<std::uint64_t, std::uint64_t> FollowGraph::apply_person_changes(
    std::vector<std::pair<std::uint32_t, std::uint32_t>> follows,
    std::vector<std::pair<std::uint32_t, std::uint32_t>> unfollows) {
  std::uint64_t added_now = 0, removed_now = 0;
  // Follows: re-enable a flagged CSR arc, or queue a new (followee, follower) arc.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> fresh;
  for (const auto& [u, v] : follows) {
    if (u == v) continue;
    const std::uint64_t k = csr_find(*this, u, v);
    if (k != kNotFound) {
      if (removed_count > 0 && removed.test(k)) {
        removed.reset(k);
        --removed_count;
        ++added_now;
      }
      continue;
    }
    if (!std::binary_search(added.begin(), added.end(), std::make_pair(v, u)))
      fresh.emplace_back(v, u);
  }
  std::sort(fresh.begin(), fresh.end());
  fresh.erase(std::unique(fresh.begin(), fresh.end()), fresh.end());
  added_now += fresh.size();
  const auto mid = static_cast<std::ptrdiff_t>(added.size());
  added.insert(added.end(), fresh.begin(), fresh.end());
  std::inplace_merge(added.begin(), added.begin() + mid, added.end());
  // Unfollows: flag a live CSR arc, or drop an added one.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> drop;
  for (const auto& [u, v] : unfollows) {
    if (u == v) continue;
    const std::uint64_t k = csr_find(*this, u, v);
    if (k != kNotFound) {
      // The flags are allocated at the first unfollow since the last compact() (or the build).
      if (removed.size() != followers.size()) removed.assign(followers.size());
      if (!removed.test(k)) {
        removed.set(k);
        ++removed_count;
        ++removed_now;
      }
      continue;
    }
    if (std::binary_search(added.begin(), added.end(), std::make_pair(v, u)))
      drop.emplace_back(v, u);
  }
  if (!drop.empty()) {
    std::sort(drop.begin(), drop.end());
    drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
    removed_now += drop.size();
    std::size_t kept = 0, d = 0;
    for (const auto& a : added) {
      while (d < drop.size() && drop[d] < a) ++d;
      if (d < drop.size() && drop[d] == a) continue;
      added[kept++] = a;
    }
    added.resize(kept);
  }
  return {added_now, removed_now};
}

void FollowGraph::compact() {
  if (pending_changes() == 0) return;
  const auto n = static_cast<std::uint32_t>(offsets.size() - 1);
  arc_index(person_arcs(), "the follow graph");  // before a running sum could wrap
  // The rows are rewritten in place, so a compaction never holds the follower ids twice (a new
  // CSR beside the old one grew the heap by the whole graph, and the freed copy stayed resident).
  // 1. Unfollowed arcs are squeezed out towards the start; offsets then delimit the live rows.
  if (removed_count > 0) {
    std::uint64_t out = 0, begin = 0;
    for (std::uint32_t v = 0; v < n; ++v) {
      const std::uint64_t end = offsets[v + 1];
      for (std::uint64_t k = begin; k < end; ++k)
        if (!removed.test(k)) followers[out++] = followers[k];
      offsets[v + 1] = static_cast<ArcIndex>(out);
      begin = end;
    }
  }
  // The flags are freed before the ids may grow below, so the two never peak together.
  removed.release();
  removed_count = 0;
  const std::uint64_t live = offsets[n];
  const std::uint64_t total = live + added.size();
  // Grown with a sixteenth to spare (follows outnumber unfollows), so most compactions fit.
  if (total > followers.capacity()) followers.reserve(total + total / 16);
  followers.resize(total);
  // 2. The added arcs are merged into their rows from the last row backwards: the write position
  //    stays at or after the read position (they differ by the added arcs still to place), so no
  //    live arc is overwritten before it is read. Rows before the first added arc stay in place.
  std::size_t a = added.size();
  for (std::uint32_t v = n; v-- > 0 && a > 0;) {
    std::uint64_t r = offsets[v + 1], w = r + a;
    const std::uint64_t row_begin = offsets[v];
    offsets[v + 1] = static_cast<ArcIndex>(w);
    while (a > 0 && added[a - 1].first == v) {
      --w;
      if (r > row_begin && followers[r - 1] > added[a - 1].second) {
        followers[w] = followers[--r];
      } else {
        followers[w] = added[--a].second;
      }
    }
    // The row's remaining live arcs precede its added ones: they move up as one run.
    const std::uint64_t left = r - row_begin;
    std::memmove(followers.data() + (w - left), followers.data() + row_begin,
                 left * sizeof(std::uint32_t));
  }
  added.clear();
}

FollowGraph build_follow_graph(const World& world, std::uint64_t seed, std::uint32_t stream) {
  const Scenario& sc = world.scenario();
  const PlatformSpec& ps = sc.platform;
  const FollowGraphSpec& fs = ps.follow_graph;
  const std::uint32_t n = world.population().size;
  const auto brands = world.brand_count();
  if (fs.source == FollowSource::edge_list)
    return follow_graph_from_arcs(n, brands, read_follow_edge_list(fs.edge_list_path, n, brands));

  const SocialGraph& g = world.social_graph();
  if (g.is_complete() && (fs.tie_follow > 0.0 || fs.popular_follows > 0.0))
    throw std::invalid_argument(
        "platform.follow_graph: a complete (well-mixed) social graph stores no ties to follow; set "
        "platform.follow_graph.tie_follow and popular_follows to 0, choose another "
        "network.generator, or give platform.follow_graph.edge_list");
  // Arcs are drawn in parallel over agents (each agent's draws are keyed, so the arcs do not
  // depend on the thread count) into per-thread lists; follow_graph_from_arcs sorts them into
  // rows whatever their order.
  const int threads =
      static_cast<std::int64_t>(n) >= kMinParallelAgents ? omp_get_max_threads() : 1;
  std::vector<Arcs> parts(static_cast<std::size_t>(threads));
  const auto in = static_cast<std::int64_t>(n);
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    auto& arcs = parts[static_cast<std::size_t>(omp_get_thread_num())];
    // Each person's draws come from one stream: ties, then popular follows, then brands.
    auto follow_brands = [&](AgentId i, HalfUniforms& h) {
      for (BrandId b = 0; b < brands; ++b)
        if (h.next() < fs.brand_follow) arcs.emplace_back(i, n + b);
    };
    if (!g.is_complete()) {
      const auto cols = g.all_neighbours();
      const std::uint64_t total_arcs = cols.size();
      arcs.reserve(static_cast<std::size_t>(
          (static_cast<double>(total_arcs) * fs.tie_follow + fs.popular_follows * n) * 1.05 /
              threads +
          1024));
#pragma omp for schedule(static)
      for (std::int64_t ii = 0; ii < in; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        RandomStream s(StreamKey{seed, 0, kSetupStep, stream, kTieFollow, i});
        HalfUniforms h(s);
        for (AgentId j : g.neighbours(i))
          if (h.next() < fs.tie_follow) arcs.emplace_back(i, j);
        // Preferential follows: the head of a uniformly random arc is a person drawn in
        // proportion to degree (popular accounts gather followers, as in Barabasi-Albert).
        const std::uint32_t extra = total_arcs > 0 ? draw_poisson(s, fs.popular_follows) : 0;
        for (std::uint32_t k = 0; k < extra; ++k) {
          const AgentId j = cols[s.below(total_arcs)];
          if (j != i) arcs.emplace_back(i, j);
        }
        follow_brands(i, h);
      }
    } else {
#pragma omp for schedule(static)
      for (std::int64_t ii = 0; ii < in; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        RandomStream s(StreamKey{seed, 0, kSetupStep, stream, kTieFollow, i});
        HalfUniforms h(s);
        follow_brands(i, h);
      }
    }
  }
  return graph_from_parts(n, brands, parts);
}

}  // namespace snsim
