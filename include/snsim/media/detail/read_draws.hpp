#pragma once
// The inversion draws of a feed read (sim/media/reading.cpp): how many background items arrive
// in the step before a read or between it and the newest feed item, and how many items of a
// session are seen. Each turns one uniform into a count by walking a CDF; the tables here shorten
// the walk without changing its answer for any uniform (tests/unit/media/read_draws_test.cpp
// checks each against the plain walk).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace snsim::media_detail {

/// min(N, cap) for N ~ Poisson(mu), by inversion of one uniform u (cap means N >= cap): the
/// background items between a read and the newest feed item. Their rate is hundreds a step, so
/// mu is usually far above cap and the walk up the CDF (an exp and cap divisions) ends at cap. For
/// mu from `sure_from_`, P(N < cap) as the walk computes it is below kSure / 4, so any u of at
/// least kSure walks to cap: that answer is returned without the walk, bit for bit the walk's.
class TruncatedPoisson {
 public:
  explicit TruncatedPoisson(std::uint32_t cap) : cap_(cap) {
    // The smallest mu on a grid from cap up (growing by a tenth) where the walk's P(N < cap) is
    // below kSure / 4. The true P(N < cap) falls as mu grows, and the walk's value is within a
    // relative 3 (cap + 1) ulps of it while exp(-mu) is a normal number (mu <= kNormalMu); the
    // factor 4 covers that error twice over, so every mu in [sure_from_, kNormalMu] walks to cap
    // for u >= kSure.
    if (cap_ == 0) return;
    for (double mu = cap_; mu <= kNormalMu; mu *= 1.1)
      if (below_cap(mu) < kSure / 4) {
        sure_from_ = mu;
        break;
      }
  }

  /// Returns min(N, cap) for N ~ Poisson(mu), the uniform u inverted.
  std::uint32_t operator()(double u, double mu) const {
    if (u >= kSure && mu >= sure_from_ && mu <= kNormalMu) return cap_;
    double p = std::exp(-mu), cdf = p;
    std::uint32_t m = 0;
    while (m < cap_ && u >= cdf) {
      ++m;
      p *= mu / m;
      cdf += p;
    }
    return m;
  }

 private:
  static constexpr double kSure = 1.0 / 64;  ///< uniforms from here may skip the walk
  static constexpr double kNormalMu = 700;   ///< exp(-mu) is a normal double up to here
  /// Returns P(N < cap) as operator() sums it (the same operations in the same order).
  double below_cap(double mu) const {
    double p = std::exp(-mu), cdf = p;
    for (std::uint32_t m = 1; m < cap_; ++m) {
      p *= mu / m;
      cdf += p;
    }
    return cdf;
  }

  std::uint32_t cap_;
  double sure_from_ = std::numeric_limits<double>::infinity();
};

/// min(N, cap) for N ~ Poisson(rate): the background items of a whole step before a read, when no
/// feed item is in the reader's window. The walk's CDF for this one rate, summed once a step (the
/// same operations as TruncatedPoisson's walk, so the same count for every uniform).
class StepCount {
 public:
  StepCount(double rate, std::uint32_t cap) : cap_(cap) {
    if (!(rate > 0.0)) return;
    double p = std::exp(-rate), acc = 0.0;
    for (std::uint32_t m = 0; m < cap; ++m) {
      cdf_.push_back(acc += p);
      p *= rate / (m + 1);
    }
  }
  /// Returns min(N, cap) for the uniform u inverted.
  std::uint32_t draw(double u) const {
    if (cdf_.empty() || u >= cdf_.back()) return cap_;
    std::uint32_t m = 0;
    while (u >= cdf_[m]) ++m;
    return m;
  }

 private:
  std::uint32_t cap_;
  std::vector<double> cdf_;  ///< P(N <= m), m < cap
};

/// Distributions of the number of items seen in a session that shows m items, the item at
/// position r seen with probability decay^r (a sum of independent Bernoulli draws): cdf[m][x] is
/// P(seen <= x), for m up to kMaxShown, so that a session of virtual items costs one uniform.
/// A guide table (Chen and Asau's indexed search) starts the inversion near its answer: guide[m][j]
/// is the smallest x with cdf[m][x] > j / kGuide, below which no uniform of [j, j + 1) / kGuide
/// stops, so the draw is exactly the plain walk's from 0 in about one step instead of about six.
struct SeenTable {
  static constexpr std::uint32_t kMaxShown = 64;
  static constexpr std::uint32_t kGuide = 32;
  std::vector<std::vector<double>> cdf;
  std::vector<std::array<std::uint8_t, kGuide>> guide;
  explicit SeenTable(double decay, std::uint32_t max_shown) {
    std::vector<double> dist{1.0};
    double visible = 1.0;
    for (std::uint32_t m = 0; m <= max_shown; ++m) {
      std::vector<double>& c = cdf.emplace_back(dist.size());
      double acc = 0.0;
      for (std::size_t x = 0; x < dist.size(); ++x) c[x] = acc += dist[x];
      std::array<std::uint8_t, kGuide>& g = guide.emplace_back();
      std::uint32_t first = 0;
      for (std::uint32_t j = 0; j < kGuide; ++j) {
        while (first < m && !(c[first] > static_cast<double>(j) / kGuide)) ++first;
        g[j] = static_cast<std::uint8_t>(first);
      }
      std::vector<double> next(dist.size() + 1, 0.0);
      for (std::size_t x = 0; x < dist.size(); ++x) {
        next[x] += dist[x] * (1.0 - visible);
        next[x + 1] += dist[x] * visible;
      }
      dist = std::move(next);
      visible *= decay;
    }
  }
  /// Returns the number seen of m shown items (m <= the table's max_shown) for the uniform u.
  std::uint32_t draw(std::uint32_t m, double u) const {
    const std::vector<double>& c = cdf[m];
    // u * kGuide is exact (a power of two), so u >= j / kGuide for the bucket j it falls in.
    std::uint32_t x = guide[m][static_cast<std::size_t>(u * kGuide)];
    while (x < m && u >= c[x]) ++x;
    return x;
  }
};

}  // namespace snsim::media_detail
