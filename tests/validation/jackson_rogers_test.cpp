// The Jackson-Rogers generator (network.generator: jackson_rogers) against the paper's mean-field
// in-degree distribution, F(d) = 1 - (r m / (d + r m))^(1+r) with m = p_r m_r + p_n m_n and
// r = p_r m_r / (p_n m_n) (Jackson and Rogers 2007, section II), and its clustering against the
// direction the paper reports: more network-based meetings, more clustering.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "snsim/network/graph_stats.hpp"
#include "snsim/network/jackson_rogers.hpp"

namespace {

// Returns the largest gap between the share of people with in-degree <= d and the mean-field
// F(d + 1/2) (the continuous law read at the middle of each integer step), over d < d_max.
double largest_gap(std::uint32_t n, const snsim::JacksonRogersParams& p, std::uint64_t seed,
                   std::uint32_t d_max) {
  const auto links = snsim::jackson_rogers_links(n, p, seed);
  std::vector<std::uint32_t> in(n, 0);
  for (const auto& [from, to] : links) ++in[to];
  std::vector<std::uint32_t> count(d_max + 1, 0);
  for (std::uint32_t d : in) ++count[std::min(d, d_max)];
  const double m = p.p_r * p.m_r + p.p_n * p.m_n;
  const double r = p.p_r * p.m_r / (p.p_n * p.m_n);
  double below = 0.0, gap = 0.0;
  for (std::uint32_t d = 0; d < d_max; ++d) {
    below += count[d];
    const double f = 1.0 - std::pow(r * m / (d + 0.5 + r * m), 1.0 + r);
    gap = std::max(gap, std::abs(below / n - f));
  }
  return gap;
}

}  // namespace

TEST_CASE("Jackson-Rogers in-degrees follow the paper's mean-field distribution",
          "[validation][jackson_rogers]") {
  const std::uint32_t n = 20000;
  // r = 1 (m = 8), r = 0.25 (m = 10) and r = 2 with unequal acceptance (m = 6).
  for (const snsim::JacksonRogersParams& p :
       {snsim::JacksonRogersParams{4, 4, 1.0, 1.0}, snsim::JacksonRogersParams{2, 8, 1.0, 1.0},
        snsim::JacksonRogersParams{4, 4, 1.0, 0.5}}) {
    const double gap = largest_gap(n, p, 3, 60);
    WARN("m_r " << p.m_r << " m_n " << p.m_n << " p_n " << p.p_n << " gap " << gap);
    CHECK(gap < 0.03);
  }
}

TEST_CASE("Jackson-Rogers clustering grows with the share of friend-of-friend meetings",
          "[validation][jackson_rogers]") {
  const std::uint32_t n = 5000;
  double last = 1.0;
  for (const snsim::JacksonRogersParams& p :
       {snsim::JacksonRogersParams{2, 8, 1.0, 1.0}, snsim::JacksonRogersParams{5, 5, 1.0, 1.0},
        snsim::JacksonRogersParams{8, 2, 1.0, 1.0}}) {
    const auto g = snsim::generate_jackson_rogers(n, p, 0.3f, 4);
    const auto s = snsim::compute_graph_stats(g);
    WARN("m_r " << p.m_r << " m_n " << p.m_n << " transitivity " << s.transitivity
                << " mean clustering " << s.mean_clustering << " mean degree " << s.mean_degree);
    CHECK(s.transitivity < last);
    last = s.transitivity;
  }
}
