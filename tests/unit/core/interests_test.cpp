// Tests of Interests (core/interests.hpp): 32-bit rows are the floats given, 16-bit rows are the
// nearest multiples of 1/32767 with relevances within the stated bound, a population drawn at 16
// bits is its 32-bit twin rounded, and the checkpoint round trip keeps either width.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "../../support/temp_dir.hpp"
#include "snsim/core/checkpoint.hpp"
#include "snsim/core/interests.hpp"
#include "snsim/core/world.hpp"
#include "snsim/io/scenario_loader.hpp"

using snsim::Interests;

namespace {

/// Returns a unit vector of k components from a fixed pattern.
Eigen::VectorXf unit_vector(std::uint32_t k, std::uint32_t seed) {
  Eigen::VectorXf v(k);
  for (std::uint32_t t = 0; t < k; ++t) v(t) = std::sin(1.7f * float(t + 1) * float(seed + 1));
  return v / v.norm();
}

}  // namespace

TEST_CASE("32-bit interests hold the floats given and their dot products exactly",
          "[core][interests]") {
  Interests in(3, 8, 32);
  const Eigen::VectorXf a = unit_vector(8, 1), b = unit_vector(8, 2);
  in.set(0, a);
  in.set(2, b);
  CHECK(in.memory_bytes() == 3 * 8 * sizeof(float));
  for (std::uint32_t t = 0; t < 8; ++t) CHECK(in.component(0, t) == a(t));
  CHECK(in.dot(0, 2) == a.transpose().dot(b));
  CHECK(in.dot(0, b) == a.transpose().dot(b));
  CHECK(in.row(1).isZero());
}

TEST_CASE("16-bit interests round each component to 1/32767 and relevances within 2 sqrt(k) ulp",
          "[core][interests]") {
  for (std::uint32_t k : {1u, 8u, 1024u}) {
    Interests in(2, k, 16);
    CHECK(in.memory_bytes() == 2 * k * sizeof(std::int16_t));
    const Eigen::VectorXf a = unit_vector(k, 3), b = unit_vector(k, 4);
    in.set(0, a);
    in.set(1, b);
    const float step = 1.0f / Interests::kFixedOne;
    for (std::uint32_t t = 0; t < k; ++t) {
      CHECK(std::fabs(in.component(0, t) - a(t)) <= 0.5f * step * 1.0001f);
      // Exactly a multiple of the step.
      CHECK(in.component(0, t) * Interests::kFixedOne ==
            Approx(std::round(in.component(0, t) * Interests::kFixedOne)).margin(1e-3));
    }
    const float exact = a.dot(b);
    const float bound = 2.0f * std::sqrt(float(k)) * 0.5f * step + 1e-5f;
    CHECK(std::fabs(in.dot(0, 1) - exact) <= bound);
    CHECK(std::fabs(in.dot(0, b) - exact) <= bound);
    Eigen::VectorXf sum = Eigen::VectorXf::Zero(k);
    in.add_to(0, sum);
    in.add_to(1, sum);
    CHECK((sum - (a + b)).cwiseAbs().maxCoeff() <= step);
  }
  // A component of exactly +-1 stays in range.
  Interests edge(1, 2, 16);
  Eigen::VectorXf v(2);
  v << 1.0f, -1.0f;
  edge.set(0, v);
  CHECK(edge.component(0, 0) == 1.0f);
  CHECK(edge.component(0, 1) == -1.0f);
  CHECK_THROWS_AS(Interests(1, 2, 24), std::invalid_argument);
}

TEST_CASE("a population drawn with 16-bit interests is the 32-bit one rounded, traits unchanged",
          "[core][interests]") {
  const std::string yaml =
      "name: bits\nseed: 3\npopulation: {size: 500, topics: 6, interest_bits: BITS}\n"
      "brands:\n  - {name: a, budget: {money_per_step: 10}, strategy: {broadcast: 1.0}}\n";
  auto scenario = [&](const char* bits) {
    std::string y = yaml;
    y.replace(y.find("BITS"), 4, bits);
    return snsim::load_scenario_text(y, "bits");
  };
  const snsim::Scenario s32 = scenario("32"), s16 = scenario("16");
  const snsim::Population p32 = snsim::build_population(s32, s32.seed);
  const snsim::Population p16 = snsim::build_population(s16, s16.seed);
  CHECK(p16.interest.bits() == 16);
  CHECK(p16.community == p32.community);
  CHECK(p16.share == p32.share);
  CHECK(p16.skepticism == p32.skepticism);
  for (snsim::AgentId i = 0; i < 500; ++i)
    for (std::uint32_t t = 0; t < 6; ++t)
      CHECK(std::lround(p16.interest.component(i, t) * Interests::kFixedOne) ==
            std::lround(p32.interest.component(i, t) * Interests::kFixedOne));
}

TEST_CASE("interests come back from a checkpoint in the width they were saved in",
          "[core][interests][checkpoint]") {
  const snsim::test_support::TempDir dir;
  const std::string path = dir.file("interests.checkpoint");
  const snsim::CheckpointIdentity id{"1.2.3", "name: x\n", 5, 0, 10};
  Interests out32(4, 3, 32), out16(4, 3, 16), in32, in16(1, 1, 32);
  out32.set(2, unit_vector(3, 5));
  out16.set(3, unit_vector(3, 6));
  snsim::write_checkpoint(path, id, 1, [&](snsim::StateArchive& a) { a(out32, out16); });
  snsim::read_checkpoint(path, id, [&](snsim::StateArchive& a) { a(in32, in16); });
  CHECK(in32.bits() == 32);
  CHECK(in16.bits() == 16);
  CHECK(in16.rows() == 4);
  CHECK(in32.row(2) == out32.row(2));
  CHECK(in16.row(3) == out16.row(3));
}
