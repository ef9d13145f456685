#include "snsim/network/jackson_rogers.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "snsim/core/random_stream.hpp"

namespace snsim {

std::vector<std::pair<AgentId, AgentId>> jackson_rogers_links(std::uint32_t n,
                                                              const JacksonRogersParams& p,
                                                              std::uint64_t seed) {
  if (p.m_r < 1) throw std::invalid_argument("jackson_rogers: m_r must be >= 1");
  if (p.m_r >= n)
    throw std::invalid_argument("jackson_rogers: m_r = " + std::to_string(p.m_r) +
                                " must be below the population size n = " + std::to_string(n));
  if (!(p.p_r > 0.0 && p.p_r <= 1.0) || !(p.p_n >= 0.0 && p.p_n <= 1.0))
    throw std::invalid_argument("jackson_rogers: p_r must be in (0, 1] and p_n in [0, 1]");
  std::vector<std::vector<AgentId>> out(n);  // out-links: the people each person linked to
  std::vector<std::pair<AgentId, AgentId>> links;
  const std::uint32_t start = p.m_r + 1;
  for (AgentId i = 0; i < start; ++i)
    for (AgentId j = 0; j < i; ++j) {
      out[i].push_back(j);
      links.emplace_back(i, j);
    }
  std::vector<std::uint32_t> met_at(n, 0xFFFFFFFFu);  // the newcomer who last met each person
  std::vector<AgentId> parents, friends;
  for (AgentId t = start; t < n; ++t) {
    RandomStream rng(StreamKey{seed, 0, kSetupStep, stream_id("network.jackson_rogers"), 0, t});
    auto meet = [&](AgentId j, double chance) {
      if (rng.uniform01() < chance) {
        out[t].push_back(j);
        links.emplace_back(t, j);
      }
    };
    // m_r distinct parents, uniformly among 0..t-1 (rejection: m_r < start <= t).
    parents.clear();
    while (parents.size() < p.m_r) {
      const auto j = static_cast<AgentId>(rng.below(t));
      if (met_at[j] == t) continue;
      met_at[j] = t;
      parents.push_back(j);
    }
    // Friends of friends: the parents' out-links, each person once, not met yet. A person
    // linked from k parents appears once here, as in the paper's search of the parents'
    // neighbourhoods (its chance of being found grows with its in-degree).
    friends.clear();
    for (AgentId j : parents)
      for (AgentId k : out[j])
        if (met_at[k] != t) {
          met_at[k] = t;
          friends.push_back(k);
        }
    for (AgentId j : parents) meet(j, p.p_r);
    // m_n of them uniformly (all when fewer): a partial Fisher-Yates shuffle.
    const std::size_t take = std::min<std::size_t>(p.m_n, friends.size());
    for (std::size_t k = 0; k < take; ++k) {
      std::swap(friends[k], friends[k + rng.below(friends.size() - k)]);
      meet(friends[k], p.p_n);
    }
  }
  return links;
}

SocialGraph generate_jackson_rogers(std::uint32_t n, const JacksonRogersParams& p, float strength,
                                    std::uint64_t seed) {
  return SocialGraph::from_edges(n, jackson_rogers_links(n, p, seed), strength);
}

}  // namespace snsim
