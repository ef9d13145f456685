#pragma once
// Poisson draws for the small rates of a step (referrals heard, impressions landed).
#include <cmath>
#include <cstdint>

#include <boost/random/poisson_distribution.hpp>

#include "snsim/core/random_stream.hpp"

namespace snsim {

/// Poisson(lambda) counts for one rate used many times (a rate the same for every person of a
/// step): exp(-lambda) is computed once, so each draw costs one uniform and the CDF walk. Draws are
/// bit for bit those of draw_poisson(stream, lambda).
class PoissonDraw {
 public:
  explicit PoissonDraw(double lambda)
      : lambda_(lambda), p0_(lambda > 0.0 && lambda <= kInversionMax ? std::exp(-lambda) : 0.0) {}

  /// Returns a Poisson(lambda) count drawn from stream; one uniform when lambda is small.
  std::uint32_t operator()(RandomStream& stream) const {
    if (!(lambda_ > 0.0)) return 0;
    if (lambda_ > kInversionMax) {
      boost::random::poisson_distribution<std::uint32_t, double> dist(lambda_);
      return dist(stream);
    }
    // Inversion: walk the CDF from 0; the expected number of terms is 1 + lambda.
    const double u = stream.uniform01();
    double p = p0_;
    double cdf = p;
    std::uint32_t k = 0;
    while (u >= cdf && k < 1000) {
      ++k;
      p *= lambda_ / k;
      cdf += p;
    }
    return k;
  }

 private:
  /// Largest rate drawn by inversion; larger ones use Boost's transformed rejection.
  static constexpr double kInversionMax = 30.0;
  double lambda_;
  double p0_;  ///< exp(-lambda): the chance of 0
};

/// Returns a Poisson(lambda) count drawn from stream; one uniform when lambda is small.
inline std::uint32_t draw_poisson(RandomStream& stream, double lambda) {
  return PoissonDraw(lambda)(stream);
}

}  // namespace snsim
