// The limited-attention meme model (process `memes`) against Weng, Flammini, Vespignani and
// Menczer (2012): meme popularity is heavy-tailed without any meme being better than another, and
// the amount of attention shapes it the way the paper reports (Fig. 7): more attention (weaker
// competition) makes no extremely popular memes, less attention (stronger competition) no
// long-lived ones.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "snsim/contagion/memes.hpp"
#include "snsim/core/engine.hpp"
#include "snsim/io/scenario_loader.hpp"
#include "snsim/media/follow_graph.hpp"
#include "snsim/network/generators.hpp"

namespace {

// Returns the follow graph in which everybody follows their ties of a Holme-Kim graph of n people.
snsim::FollowGraph follow_ties(std::uint32_t n, std::uint64_t seed) {
  const snsim::SocialGraph g = snsim::generate_holme_kim(n, 5, 0.5, 0.3f, seed);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  for (std::uint32_t u = 0; u < n; ++u)
    for (std::uint32_t v : g.neighbours(u)) arcs.emplace_back(u, v);
  return snsim::follow_graph_from_arcs(n, 0, std::move(arcs));
}

struct Run {
  std::vector<std::uint32_t> popularity, lifetime;
};

// Returns the memes of `steps` steps of the model (n activations a step) on graph f.
Run run(const snsim::FollowGraph& f, std::uint32_t n, snsim::MemeSpec spec, std::uint32_t steps,
        std::uint64_t seed) {
  snsim::MemeModel m(spec, n, {});
  for (std::uint32_t t = 0; t < steps; ++t) {
    snsim::RandomStream s(snsim::StreamKey{seed, 0, t, 1, 1, 0});
    m.step(f, t, n, s);
  }
  return {m.popularity(), m.lifetimes()};
}

// Returns the maximum-likelihood exponent of a discrete power-law tail x >= xmin (Clauset,
// Shalizi, Newman 2009, eq. 3.7) and the number of values in the tail.
std::pair<double, std::size_t> tail_exponent(const std::vector<std::uint32_t>& x, double xmin) {
  double sum = 0.0;
  std::size_t k = 0;
  for (std::uint32_t v : x)
    if (v >= xmin) {
      sum += std::log(v / (xmin - 0.5));
      ++k;
    }
  return {1.0 + static_cast<double>(k) / sum, k};
}

// Returns the share of values >= v.
double share_at_least(const std::vector<std::uint32_t>& x, std::uint32_t v) {
  return static_cast<double>(std::count_if(x.begin(), x.end(), [&](auto y) { return y >= v; })) /
         static_cast<double>(x.size());
}

}  // namespace

TEST_CASE("meme popularity is heavy-tailed and attention shapes it as in Weng et al. (2012)",
          "[validation][memes]") {
  const std::uint32_t n = 2000;
  const snsim::FollowGraph f = follow_ties(n, 5);
  for (std::uint32_t len : {2u, 10u, 50u}) {
    snsim::MemeSpec spec;
    spec.screen_length = len;
    spec.memory_length = len;
    const Run r = run(f, n, spec, 100, 9);
    const auto [a, k] = tail_exponent(r.popularity, 10);
    const auto mx = *std::max_element(r.popularity.begin(), r.popularity.end());
    const auto lmx = *std::max_element(r.lifetime.begin(), r.lifetime.end());
    WARN("len " << len << " memes " << r.popularity.size() << " alpha " << a << " k " << k
                << " max " << mx << " >=100 " << share_at_least(r.popularity, 100) << " life>=20 "
                << share_at_least(r.lifetime, 20) << " lmax " << lmx);
  }
}
