// Tests of ordered_sum (core/ordered_sum.hpp): the sum of a series over agents is bitwise the same
// for any thread count, and is the sum in its documented association order.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include <omp.h>

#include "snsim/core/ordered_sum.hpp"

namespace {

// The documented order: blocks of 16,384 agents; inside a block, agent i into running sum
// (i - block start) % 4; a block is (s0 + s1) + (s2 + s3); blocks are added first to last.
double reference(const std::vector<double>& x) {
  constexpr std::size_t kBlock = 16384;
  double total = 0.0;
  for (std::size_t b = 0; b < x.size(); b += kBlock) {
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t i = b; i < std::min(x.size(), b + kBlock); ++i) s[(i - b) % 4] += x[i];
    total += (s[0] + s[1]) + (s[2] + s[3]);
  }
  return total;
}

}  // namespace

TEST_CASE("ordered_sum is the documented association and the same on 1 and 2 threads",
          "[core][ordered_sum]") {
  for (const std::int64_t n : {0, 1, 3, 5, 16384, 16387, 100003}) {
    std::vector<double> x(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37 * static_cast<double>(i)) * 1e3;
    const auto term = [&](std::int64_t i) { return x[static_cast<std::size_t>(i)]; };
    const int before = omp_get_max_threads();
    omp_set_num_threads(1);
    const double one = snsim::ordered_sum(n, term);
    omp_set_num_threads(2);
    const double two = snsim::ordered_sum(n, term);
    omp_set_num_threads(before);
    INFO("n = " << n);
    CHECK(one == reference(x));
    CHECK(two == one);
  }
}
