#pragma once
// Test support shared by the tests that write a run and read it back (results files, packed
// sweep parts): every field of the read run equals the written one, values bit for bit.
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "snsim/io/results_writer.hpp"

namespace snsim::test_support {

/// Returns true if both series hold the same doubles bit for bit (NaN and -0 included).
inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  // Empty series have no data pointer, and memcmp may not be given a null one.
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

/// Checks that `read` is `written`: its labels, parameters and metrics, and (with_values) every
/// value bit for bit; without values, that none were read.
inline void check_same_run(const RunRecord& read, const RunRecord& written, bool with_values) {
  CHECK(read.index == written.index);
  CHECK(read.seed == written.seed);
  CHECK(read.replicate == written.replicate);
  CHECK(read.status == written.status);
  CHECK(read.wall_time_s == written.wall_time_s);
  CHECK(read.parameters == written.parameters);
  CHECK(read.series.steps == written.series.steps);
  CHECK(read.series.brands == written.series.brands);
  REQUIRE(read.series.metrics.size() == written.series.metrics.size());
  for (std::size_t i = 0; i < written.series.metrics.size(); ++i) {
    const MetricSeries& r = read.series.metrics[i];
    const MetricSeries& w = written.series.metrics[i];
    INFO(w.name);
    CHECK(r.name == w.name);
    CHECK(r.unit == w.unit);
    CHECK(r.description == w.description);
    CHECK(r.per_brand == w.per_brand);
    if (with_values)
      CHECK(same_bits(r.values, w.values));
    else
      CHECK(r.values.empty());
  }
}

}  // namespace snsim::test_support
