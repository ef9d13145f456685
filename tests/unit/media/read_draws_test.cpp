// The read path's inversion tables (media/detail/read_draws.hpp) give, for every uniform, the
// count the plain walk up the CDF gives: the shortcuts change how long a draw takes, never what it
// draws (results stay bit for bit those of the walk).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "snsim/core/random_stream.hpp"
#include "snsim/media/detail/read_draws.hpp"

namespace {

/// Returns min(N, cap) for N ~ Poisson(mu) by the plain walk from 0 (no shortcut).
std::uint32_t walk_poisson(double u, double mu, std::uint32_t cap) {
  double p = std::exp(-mu), cdf = p;
  std::uint32_t m = 0;
  while (m < cap && u >= cdf) {
    ++m;
    p *= mu / m;
    cdf += p;
  }
  return m;
}

/// Returns the number seen of m shown items by the plain walk from 0 over the table's CDF.
std::uint32_t walk_seen(const snsim::media_detail::SeenTable& t, std::uint32_t m, double u) {
  std::uint32_t x = 0;
  while (x < m && u >= t.cdf[m][x]) ++x;
  return x;
}

}  // namespace

TEST_CASE("TruncatedPoisson draws what the plain walk draws, for every cap, rate and uniform",
          "[media][read_draws]") {
  snsim::RandomStream rs(snsim::StreamKey{1, 0, 0, 0, 0, 0});
  for (const std::uint32_t cap : {0u, 1u, 2u, 15u, 64u, 1000u, 65535u}) {
    const snsim::media_detail::TruncatedPoisson draw(cap);
    // Rates around the shortcut's threshold and far beyond (up to where exp(-mu) underflows),
    // uniforms near 0, around the threshold 1/64 and up to 1.
    for (int k = 0; k < 4000; ++k) {
      const double mu = k % 4 == 0 ? 800.0 * rs.uniform01() : 4.0 * cap * rs.uniform01() + 0.01;
      const double u = k % 3 == 0 ? rs.uniform01() / 32 : rs.uniform01();
      INFO("cap " << cap << " mu " << mu << " u " << u);
      REQUIRE(draw(u, mu) == walk_poisson(u, mu, cap));
    }
  }
}

TEST_CASE("StepCount's tabulated draw is the plain walk's at its rate, for every uniform",
          "[media][read_draws]") {
  snsim::RandomStream rs(snsim::StreamKey{3, 0, 0, 0, 0, 0});
  for (const std::uint32_t cap : {1u, 15u, 64u})
    for (const double rate : {0.5, 10.0, 250.0}) {
      const snsim::media_detail::StepCount draw(rate, cap);
      for (int k = 0; k < 2000; ++k) {
        const double u = k % 2 == 0 ? rs.uniform01() : rs.uniform01() / 1024;
        INFO("cap " << cap << " rate " << rate << " u " << u);
        REQUIRE(draw.draw(u) == walk_poisson(u, rate, cap));
      }
    }
}

TEST_CASE("SeenTable's guided draw is the plain walk's, for every shown count and uniform",
          "[media][read_draws]") {
  snsim::RandomStream rs(snsim::StreamKey{2, 0, 0, 0, 0, 0});
  for (const double decay : {0.85, 0.5, 1.0, 0.999}) {
    const snsim::media_detail::SeenTable t(decay, 20);
    for (std::uint32_t m = 0; m <= 20; ++m)
      for (int k = 0; k < 500; ++k) {
        // Every guide bucket's lower edge exactly, then uniforms at random.
        const double u = k < 32 ? k / 32.0 : rs.uniform01();
        INFO("decay " << decay << " m " << m << " u " << u);
        REQUIRE(t.draw(m, u) == walk_seen(t, m, u));
      }
  }
}
