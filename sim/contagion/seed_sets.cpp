#include "snsim/contagion/seed_sets.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "snsim/core/random_stream.hpp"
#include "snsim/media/influence_max.hpp"
#include "snsim/network/diffusion.hpp"

namespace snsim {
namespace {
enum Purpose : std::uint32_t { kRandom = 101, kImm = 102, kCelf = 103 };
}  // namespace

double equivalent_cascade_p(const ContagionSpec& spec) {
  if (spec.model == ContagionModel::independent_cascade) return spec.p;
  const double q = -std::expm1(-spec.beta);
  if (q <= 0.0) return 0.0;
  // P(at least one transmission over an arc) with D ~ Geometric(gamma) on {1, 2, ...} steps.
  return q / (q + spec.gamma - q * spec.gamma);
}

std::vector<AgentId> celf_seeds(const SocialGraph& g, std::uint32_t k, double p,
                                std::uint32_t simulations, std::uint64_t seed, std::uint64_t run,
                                std::uint32_t stream, std::uint32_t purpose) {
  const std::uint32_t n = g.num_agents();
  k = std::min(k, n);
  CascadeScratch scratch(n);
  std::vector<AgentId> chosen;
  // Returns the mean number of people the cascade from chosen + extra reaches (seeds included).
  auto spread = [&](const AgentId* extra) {
    std::vector<AgentId> seeds = chosen;
    if (extra != nullptr) seeds.push_back(*extra);
    std::uint64_t total = 0;
    for (std::uint32_t r = 0; r < simulations; ++r) {
      RandomStream s(StreamKey{seed, run, kSetupStep, stream, purpose, r});
      total += independent_cascade(g, seeds, p, s, scratch).activated;
    }
    return static_cast<double>(total) / simulations;
  };
  // Lazy greedy: a gain computed for a smaller set bounds the gain now (submodularity), so only
  // the top of the queue is recomputed. Order: larger gain first, then lower id.
  using Entry = std::tuple<double, AgentId, std::uint32_t>;  // gain, person, |set| when computed
  auto worse = [](const Entry& a, const Entry& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
    return std::get<1>(a) > std::get<1>(b);
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(worse)> queue(worse);
  for (AgentId v = 0; v < n; ++v) queue.emplace(spread(&v), v, 0);
  double current = 0.0;
  while (chosen.size() < k && !queue.empty()) {
    auto [gain, v, round] = queue.top();
    queue.pop();
    if (round == chosen.size()) {
      chosen.push_back(v);
      current += gain;
      continue;
    }
    queue.emplace(spread(&v) - current, v, static_cast<std::uint32_t>(chosen.size()));
  }
  return chosen;
}

std::vector<AgentId> choose_seeds(const SocialGraph& g, const ContagionSpec& spec,
                                  std::uint64_t seed, std::uint64_t run, std::uint32_t stream) {
  const std::uint32_t n = g.num_agents();
  const std::uint32_t k = std::min(spec.seed_count, n);
  const bool cascade_like = spec.model == ContagionModel::independent_cascade ||
                            spec.model == ContagionModel::sir || spec.model == ContagionModel::seir;
  switch (spec.seed_rule) {
    case SeedRule::ids:
      return spec.seed_ids;
    case SeedRule::random: {
      // The k people with the smallest keys of their own streams: O(n), any thread count.
      std::vector<std::pair<std::uint64_t, AgentId>> keyed(n);
      for (AgentId i = 0; i < n; ++i)
        keyed[i] = {RandomStream(StreamKey{seed, run, kSetupStep, stream, kRandom, i})(), i};
      std::partial_sort(keyed.begin(), keyed.begin() + k, keyed.end());
      std::vector<AgentId> out(k);
      for (std::uint32_t m = 0; m < k; ++m) out[m] = keyed[m].second;
      return out;
    }
    case SeedRule::degree: {
      if (g.is_complete())
        throw std::invalid_argument("seed selection 'degree' on the complete graph");
      std::vector<AgentId> order(n);
      std::iota(order.begin(), order.end(), AgentId{0});
      std::stable_sort(order.begin(), order.end(),
                       [&](AgentId a, AgentId b) { return g.degree(a) > g.degree(b); });
      order.resize(k);
      return order;
    }
    case SeedRule::imm:
    case SeedRule::celf:
      break;
  }
  if (g.is_complete() || !cascade_like)
    throw std::invalid_argument(
        "seed selection by IMM or CELF needs a graph with arcs and a "
        "model with an equivalent cascade (IC, SIR, SEIR)");
  const double p = equivalent_cascade_p(spec);
  if (spec.seed_rule == SeedRule::celf)
    return celf_seeds(g, k, p, spec.celf_simulations, seed, run, stream, kCelf);
  // IMM walks reverse-reachable sets over a follow graph: on the undirected social graph each
  // person's followers are its ties, and every arc is live with chance p.
  FollowGraph follow;
  follow.offsets.assign(g.offsets().begin(), g.offsets().end());
  follow.followers.assign(g.all_neighbours().begin(), g.all_neighbours().end());
  const std::vector<float> live(n, static_cast<float>(p));
  std::vector<std::uint32_t> picked =
      imm_seeds(follow, live, k, spec.imm_epsilon, 1.0, 2000000, seed, stream, kImm);
  return {picked.begin(), picked.end()};
}

}  // namespace snsim
