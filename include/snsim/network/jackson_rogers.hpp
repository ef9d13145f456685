#pragma once
// The Jackson-Rogers network (Jackson and Rogers 2007, AER 97(3), "Meeting strangers and friends
// of friends: how random are social networks?"): people arrive one at a time; each newcomer meets
// m_r people found uniformly at random among those already there ("parents") and m_n people found
// among the parents' own contacts (friends of friends), and links to each random meeting with
// chance p_r and to each network meeting with chance p_n. The first m_r + 1 people start fully
// linked. Links point from the newcomer to the people met (the paper's directed model: a friend
// of a friend is found through the parents' out-links); the social graph keeps them as ties.
//
// Mean field (the paper's section II): with m = p_r m_r + p_n m_n out-links per newcomer and
// r = p_r m_r / (p_n m_n), the in-degree distribution tends to F(d) = 1 - (r m / (d + r m))^(1+r).
#include <cstdint>
#include <utility>
#include <vector>

#include "snsim/network/social_graph.hpp"

namespace snsim {

/// The meeting parameters of the Jackson-Rogers model (network.jackson_rogers.*).
struct JacksonRogersParams {
  std::uint32_t m_r = 5;  ///< random meetings per newcomer, >= 1
  std::uint32_t m_n = 5;  ///< network-based meetings (friends of friends) per newcomer, >= 0
  double p_r = 1.0;       ///< chance a random meeting becomes a link, (0, 1]
  double p_n = 1.0;       ///< chance a network meeting becomes a link, [0, 1]
};

/// Returns the directed links (newcomer, person met) of a Jackson-Rogers network of n people
/// (n > m_r), drawn from the streams of (seed, set-up, "network.jackson_rogers", newcomer); each
/// pair at most once. Throws std::invalid_argument on impossible parameters. O(n (m_r + m_n)
/// + the parents' out-links).
std::vector<std::pair<AgentId, AgentId>> jackson_rogers_links(std::uint32_t n,
                                                              const JacksonRogersParams& p,
                                                              std::uint64_t seed);

/// Returns the Jackson-Rogers social graph: the links of jackson_rogers_links as ties.
SocialGraph generate_jackson_rogers(std::uint32_t n, const JacksonRogersParams& p, float strength,
                                    std::uint64_t seed);

}  // namespace snsim
