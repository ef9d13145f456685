// Random streams: the promise of docs/model.md section 8 (keyed, reproducible, independent) and
// golden values, so that an upgrade of Random123 or Boost that changes any draw fails loudly here.
#include <catch2/catch.hpp>

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/geometric_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "snsim/core/poisson.hpp"
#include "snsim/core/random_stream.hpp"

using snsim::RandomStream;
using snsim::stream_id;
using snsim::StreamKey;

namespace {
const StreamKey kGolden{20261126, 3, 7, stream_id("golden"), 2, 12345};
}

TEST_CASE("Philox4x64-10 matches the published known-answer vector", "[rng]") {
  // Random123's kat_vectors: counter 0, key 0.
  r123::Philox4x64 cipher;
  const auto out =
      cipher(r123::Philox4x64::ctr_type{{0, 0, 0, 0}}, r123::Philox4x64::key_type{{0, 0}});
  CHECK(out.v[0] == 0x16554d9eca36314cULL);
  CHECK(out.v[1] == 0xdb20fe9d672d0fdcULL);
  CHECK(out.v[2] == 0xd7e772cee186176bULL);
  CHECK(out.v[3] == 0x7e68b68aec7ba23bULL);
}

TEST_CASE("a stream's first draws of every distribution equal the stored golden values", "[rng]") {
  {
    RandomStream s(kGolden);
    const std::uint64_t raw[] = {0x2d4dc758d9239ca7ULL, 0x19c271ca6d816abfULL,
                                 0xc0b7b5dd7eb88b4aULL, 0x9c403404a75e9174ULL,
                                 0xaf79266126be56f9ULL, 0x1d47912a6fdf689bULL};
    for (std::uint64_t v : raw) CHECK(s() == v);
  }
  {
    RandomStream s(kGolden);
    CHECK(s.uniform01() == 0x1.6a6e3ac6c91ccp-3);
    CHECK(s.uniform01() == 0x1.9c271ca6d8168p-4);
    CHECK(s.uniform01() == 0x1.816f6bbafd711p-1);
  }
  {
    RandomStream s(kGolden);
    for (std::uint64_t v : {176u, 100u, 752u, 610u}) CHECK(s.below(1000) == v);
  }
  {
    RandomStream s(kGolden);
    boost::random::normal_distribution<double> d(0, 1);
    CHECK(d(s) == 0x1.ceca950957e05p-3);
    CHECK(d(s) == 0x1.c84dd8da804b6p-4);
    CHECK(d(s) == -0x1.74f5e1d8cc346p+0);
  }
  {
    RandomStream s(kGolden);
    boost::random::lognormal_distribution<double> d(0, 1);
    CHECK(d(s) == 0x1.40e80fd2edec7p+0);
    CHECK(d(s) == 0x1.1e2b1049bf8cp+0);
    CHECK(d(s) == 0x1.dd1b8e2794397p-3);
  }
  {
    RandomStream s(kGolden);
    boost::random::exponential_distribution<double> d(2.0);
    CHECK(d(s) == 0x1.b9a5f00d05e03p-4);
    CHECK(d(s) == 0x1.8bea429dee4dep-5);
    CHECK(d(s) == 0x1.df40fff7d3682p-1);
  }
  {
    RandomStream s(kGolden);
    boost::random::binomial_distribution<int, double> d(100, 0.3);
    for (int v : {28, 26, 32, 24}) CHECK(d(s) == v);
  }
  {
    RandomStream s(kGolden);
    boost::random::geometric_distribution<int, double> d(0.2);
    for (int v : {0, 0, 6, 4}) CHECK(d(s) == v);
  }
  {
    RandomStream s(kGolden);
    boost::random::uniform_int_distribution<int> d(1, 6);
    for (int v : {2, 1, 5, 4, 5, 1}) CHECK(d(s) == v);
  }
  {
    RandomStream s(kGolden);
    for (unsigned v : {1u, 1u, 3u, 3u}) CHECK(snsim::draw_poisson(s, 2.5) == v);
  }
  {
    RandomStream s(kGolden);
    for (unsigned v : {240u, 234u, 273u, 235u}) CHECK(snsim::draw_poisson(s, 250.0) == v);
  }
}

TEST_CASE("the same key gives the same numbers, however many were drawn elsewhere", "[rng]") {
  RandomStream a(kGolden);
  RandomStream other({1, 0, 0, 1, 0, 0});
  for (int i = 0; i < 1000; ++i) other();
  RandomStream b(kGolden);
  for (int i = 0; i < 100; ++i) REQUIRE(a() == b());
}

TEST_CASE("every field of the key selects a different stream", "[rng]") {
  const StreamKey base{11, 0, 5, stream_id("p"), 1, 42};
  std::vector<StreamKey> keys(6, base);
  keys[0].seed += 1;
  keys[1].run += 1;
  keys[2].step += 1;
  keys[3].process = stream_id("q");
  keys[4].purpose += 1;
  keys[5].entity += 1;
  const std::uint64_t first = RandomStream(base)();
  for (const auto& k : keys) CHECK(RandomStream(k)() != first);
}

TEST_CASE("uniform draws are uniform and neighbouring agents' streams are uncorrelated", "[rng]") {
  // Streams of agents i and i+1 at the same step: the case a model hits most.
  constexpr int kN = 200000;
  double sum = 0, sum2 = 0, sum_xy = 0, sum_y = 0, sum_y2 = 0;
  std::vector<int> bins(20, 0);
  for (int i = 0; i < kN; ++i) {
    const double x =
        RandomStream({5, 0, 9, stream_id("wom"), 0, static_cast<std::uint64_t>(i)}).uniform01();
    const double y =
        RandomStream({5, 0, 9, stream_id("wom"), 0, static_cast<std::uint64_t>(i) + 1}).uniform01();
    sum += x;
    sum2 += x * x;
    sum_y += y;
    sum_y2 += y * y;
    sum_xy += x * y;
    ++bins[static_cast<std::size_t>(x * 20)];
  }
  const double mean = sum / kN;
  const double var = sum2 / kN - mean * mean;
  CHECK(std::abs(mean - 0.5) < 4 * std::sqrt(1.0 / 12 / kN));
  CHECK(std::abs(var - 1.0 / 12) < 0.002);
  const double cov = sum_xy / kN - mean * (sum_y / kN);
  const double corr = cov / std::sqrt(var * (sum_y2 / kN - (sum_y / kN) * (sum_y / kN)));
  CHECK(std::abs(corr) < 4 / std::sqrt(double(kN)));
  // Chi-square with 19 degrees of freedom: the 99.9th percentile is 43.8.
  double chi2 = 0;
  const double expected = kN / 20.0;
  for (int c : bins) chi2 += (c - expected) * (c - expected) / expected;
  CHECK(chi2 < 43.8);
}

TEST_CASE("below(n) never reaches n and bernoulli(p) hits p", "[rng]") {
  RandomStream s({1, 2, 3, 4, 5, 6});
  int hits = 0;
  constexpr int kN = 100000;
  for (int i = 0; i < kN; ++i) {
    REQUIRE(s.below(7) < 7);
    hits += s.bernoulli(0.3) ? 1 : 0;
  }
  CHECK(std::abs(hits / double(kN) - 0.3) < 4 * std::sqrt(0.3 * 0.7 / kN));
}

TEST_CASE("draw_poisson has the Poisson mean and variance for small and large rates", "[rng]") {
  for (double lambda : {0.01, 0.7, 4.0, 80.0}) {
    constexpr int kN = 100000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < kN; ++i) {
      RandomStream s({8, 0, 0, stream_id("poisson"), 0, static_cast<std::uint64_t>(i)});
      const double k = snsim::draw_poisson(s, lambda);
      sum += k;
      sum2 += k * k;
    }
    const double mean = sum / kN, var = sum2 / kN - mean * mean;
    INFO("lambda " << lambda);
    CHECK(std::abs(mean - lambda) < 4 * std::sqrt(lambda / kN));
    CHECK(std::abs(var / lambda - 1) < 0.05);
  }
}
