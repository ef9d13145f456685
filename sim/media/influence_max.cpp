#include "snsim/media/influence_max.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "snsim/core/random_stream.hpp"
#include "snsim/core/world.hpp"

namespace snsim {
namespace {

/// Reverse-reachable sets, flat: set r is members[offsets[r] .. offsets[r+1]).
struct RRSets {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> members;
  std::uint64_t count() const { return offsets.size() - 1; }
};

/// Returns the greedy maximum coverage of the sets by k nodes, and the covered fraction.
std::pair<std::vector<std::uint32_t>, double> node_selection(const RRSets& rr, std::uint32_t n,
                                                             std::uint32_t k) {
  std::vector<std::uint64_t> deg(n, 0);
  for (std::uint32_t v : rr.members) ++deg[v];
  // Node -> sets index.
  std::vector<std::uint64_t> start(std::size_t{n} + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) start[v + 1] = start[v] + deg[v];
  std::vector<std::uint64_t> fill(start.begin(), start.end() - 1);
  std::vector<std::uint64_t> sets_of(rr.members.size());
  for (std::uint64_t r = 0; r < rr.count(); ++r)
    for (std::uint64_t j = rr.offsets[r]; j < rr.offsets[r + 1]; ++j)
      sets_of[fill[rr.members[j]]++] = r;
  std::vector<std::uint8_t> covered(rr.count(), 0), chosen(n, 0);
  std::vector<std::uint32_t> seeds;
  std::uint64_t total = 0;
  for (std::uint32_t s = 0; s < k && s < n; ++s) {
    std::uint32_t best = 0;
    std::uint64_t best_deg = 0;
    bool found = false;
    for (std::uint32_t v = 0; v < n; ++v)
      if (!chosen[v] && (!found || deg[v] > best_deg)) {
        best = v;
        best_deg = deg[v];
        found = true;
      }
    if (!found) break;
    chosen[best] = 1;
    seeds.push_back(best);
    total += best_deg;
    for (std::uint64_t j = start[best]; j < start[best + 1]; ++j) {
      const std::uint64_t r = sets_of[j];
      if (covered[r]) continue;
      covered[r] = 1;
      for (std::uint64_t m = rr.offsets[r]; m < rr.offsets[r + 1]; ++m) --deg[rr.members[m]];
    }
  }
  const double frac =
      rr.count() > 0 ? static_cast<double>(total) / static_cast<double>(rr.count()) : 0.0;
  return {seeds, frac};
}

}  // namespace

std::vector<std::uint32_t> imm_seeds(const FollowGraph& follow, const std::vector<float>& share,
                                     std::uint32_t k, double epsilon, double ell,
                                     std::uint64_t max_sets, std::uint64_t seed,
                                     std::uint32_t stream, std::uint32_t purpose) {
  const auto n = static_cast<std::uint32_t>(follow.offsets.size() - 1);
  if (n == 0 || k == 0) return {};
  k = std::min(k, n);
  // Followees of each person (the reverse of the followers CSR): RR sets walk arcs backwards.
  std::vector<std::uint64_t> fo(std::size_t{n} + 1, 0);
  for (std::uint32_t f : follow.followers) ++fo[f + 1];
  for (std::uint32_t v = 0; v < n; ++v) fo[v + 1] += fo[v];
  std::vector<std::uint32_t> followees(follow.followers.size());
  {
    std::vector<std::uint64_t> pos(fo.begin(), fo.end() - 1);
    for (std::uint32_t u = 0; u < n; ++u)
      for (std::uint32_t w : follow.followers_of(u)) followees[pos[w]++] = u;
  }
  RRSets rr;
  std::vector<std::uint32_t> stamp(n, 0), queue;
  auto grow = [&](std::uint64_t target) {
    target = std::min(target, max_sets);
    while (rr.count() < target) {
      const std::uint64_t r = rr.count();
      RandomStream s(StreamKey{seed, 0, kSetupStep, stream, purpose, r});
      const auto mark = static_cast<std::uint32_t>(r + 1);  // stamps stay unique below 2^32 sets
      const auto v = static_cast<std::uint32_t>(s.below(n));
      queue.assign(1, v);
      stamp[v] = mark;
      for (std::size_t h = 0; h < queue.size(); ++h) {
        const std::uint32_t w = queue[h];
        rr.members.push_back(w);
        // Arc u -> w is live when w shares what it reads from u: probability share[w].
        for (std::uint64_t j = fo[w]; j < fo[w + 1]; ++j) {
          const std::uint32_t u = followees[j];
          if (s.uniform01() < share[w] && stamp[u] != mark) {
            stamp[u] = mark;
            queue.push_back(u);
          }
        }
      }
      rr.offsets.push_back(rr.members.size());
    }
  };
  const double dn = n;
  const double logn = std::log(dn);
  const double log_cnk = std::lgamma(dn + 1) - std::lgamma(k + 1.0) - std::lgamma(dn - k + 1);
  ell = ell * (1.0 + std::log(2.0) / std::max(logn, 1e-9));
  const double eps_p = std::sqrt(2.0) * epsilon;
  const double log2n = std::max(1.0, std::log2(dn));
  const double lambda_p =
      (2.0 + 2.0 / 3.0 * eps_p) * (log_cnk + ell * logn + std::log(log2n)) * dn / (eps_p * eps_p);
  double lb = 1.0;
  for (int i = 1; i < static_cast<int>(log2n); ++i) {
    const double x = dn / std::pow(2.0, i);
    grow(static_cast<std::uint64_t>(std::ceil(lambda_p / x)));
    const double frac = node_selection(rr, n, k).second;
    if (dn * frac >= (1.0 + eps_p) * x) {
      lb = dn * frac / (1.0 + eps_p);
      break;
    }
    if (rr.count() >= max_sets) break;
  }
  const double e1 = 1.0 - 1.0 / std::exp(1.0);
  const double alpha = std::sqrt(ell * logn + std::log(2.0));
  const double beta = std::sqrt(e1 * (log_cnk + ell * logn + std::log(2.0)));
  const double lambda_star = 2.0 * dn * std::pow(e1 * alpha + beta, 2) / (epsilon * epsilon);
  grow(static_cast<std::uint64_t>(std::ceil(lambda_star / lb)));
  return node_selection(rr, n, k).first;
}

std::vector<std::uint32_t> select_influencers(const World& world, const FollowGraph& follow,
                                              SeedSelection selection, std::uint32_t k,
                                              std::uint64_t seed, std::uint32_t stream,
                                              std::uint32_t purpose) {
  const std::uint32_t n = world.population().size;
  k = std::min(k, n);
  std::vector<std::uint32_t> ids(n);
  std::iota(ids.begin(), ids.end(), 0u);
  if (selection == SeedSelection::random) {
    RandomStream s(StreamKey{seed, 0, kSetupStep, stream, purpose, 0});
    for (std::uint32_t j = 0; j < k; ++j) std::swap(ids[j], ids[j + s.below(n - j)]);
    ids.resize(k);
    return ids;
  }
  if (selection == SeedSelection::imm)
    return imm_seeds(follow, world.population().share, k, world.scenario().platform.imm_epsilon,
                     world.scenario().platform.imm_ell, world.scenario().platform.imm_max_sets,
                     seed, stream, purpose);
  const SocialGraph& g = world.social_graph();
  auto score = [&](std::uint32_t i) -> std::uint64_t {
    return selection == SeedSelection::degree ? g.degree(i) : follow.follower_count(i);
  };
  std::partial_sort(ids.begin(), ids.begin() + k, ids.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto sa = score(a), sb = score(b);
    return sa > sb || (sa == sb && a < b);
  });
  ids.resize(k);
  return ids;
}

}  // namespace snsim
