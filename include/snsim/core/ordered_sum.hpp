#pragma once
// ordered_sum: a parallel sum over agents whose result does not depend on the thread count.
// Floating-point addition is not associative, so an OpenMP reduction gives different last bits
// for different thread counts; summing fixed blocks serially and then the blocks in order does
// not (MODEL.md section 8: bitwise identical results for any number of threads).
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
    double s = 0.0;
    const std::int64_t end = k * kBlock + kBlock < n ? k * kBlock + kBlock : n;
    for (std::int64_t i = k * kBlock; i < end; ++i) s += term(i);
    partial[static_cast<std::size_t>(k)] = s;
  }
  double total = 0.0;
  for (const double s : partial) total += s;
  return total;
}

}  // namespace snsim
