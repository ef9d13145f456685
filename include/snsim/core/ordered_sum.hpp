#pragma once
// ordered_sum: a parallel sum over agents whose result does not depend on the thread count.
// Floating-point addition is not associative, so an OpenMP reduction gives different last bits
// for different thread counts; summing fixed blocks serially and then the blocks in order does
// not (docs/model.md section 8: bitwise identical results for any number of threads).
#include <cstdint>
#include <vector>

#include "snsim/core/parallel.hpp"

namespace snsim {

/// Returns the sum of term(i) for i in [0, n), in a fixed association order.
template <class Term>
double ordered_sum(std::int64_t n, Term&& term) {
  constexpr std::int64_t kBlock = 16384;
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<double> partial(static_cast<std::size_t>(blocks), 0.0);
#pragma omp parallel for schedule(static) if (n >= kMinParallelAgents)
  for (std::int64_t k = 0; k < blocks; ++k) {
    // Four running sums (agent i into sum i % 4), added in a fixed order at the end: the same
    // association for any thread count, and four independent add chains instead of one, so the
    // loop is not bound by the latency of one floating-point add per agent.
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    const std::int64_t begin = k * kBlock;
    const std::int64_t end = begin + kBlock < n ? begin + kBlock : n;
    std::int64_t i = begin;
    for (; i + 4 <= end; i += 4) {
      s[0] += term(i);
      s[1] += term(i + 1);
      s[2] += term(i + 2);
      s[3] += term(i + 3);
    }
    for (; i < end; ++i) s[(i - begin) % 4] += term(i);
    partial[static_cast<std::size_t>(k)] = (s[0] + s[1]) + (s[2] + s[3]);
  }
  double total = 0.0;
  for (const double s : partial) total += s;
  return total;
}

}  // namespace snsim
