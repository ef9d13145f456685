#pragma once
// Poisson draws for the small rates of a step (referrals heard, impressions landed).
#include <cmath>
#include <cstdint>

#include <boost/random/poisson_distribution.hpp>

#include "snsim/core/random_stream.hpp"

namespace snsim {

/// Returns a Poisson(lambda) count drawn from stream; one uniform when lambda is small.
inline std::uint32_t draw_poisson(RandomStream& stream, double lambda) {
  if (!(lambda > 0.0)) return 0;
  if (lambda > 30.0) {
    boost::random::poisson_distribution<std::uint32_t, double> dist(lambda);
    return dist(stream);
  }
  // Inversion: walk the CDF from 0; the expected number of terms is 1 + lambda.
  const double u = stream.uniform01();
  double p = std::exp(-lambda);
  double cdf = p;
  std::uint32_t k = 0;
  while (u >= cdf && k < 1000) {
    ++k;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

}  // namespace snsim
