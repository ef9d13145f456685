// Tests of TouchColumn (core/touch_column.hpp): one byte a person, exact counts past 254 through
// the overflow store, saturation at 65535 as the 2-byte columns had, parallel adds for distinct
// people, and the checkpoint round trip.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>

#include "../../support/temp_dir.hpp"
#include "snsim/core/checkpoint.hpp"
#include "snsim/core/touch_column.hpp"

using snsim::TouchColumn;

TEST_CASE("a touch column counts exactly past one byte and saturates at 65535",
          "[core][touch_column]") {
  TouchColumn col;
  CHECK(col.empty());
  col.allocate(10);
  CHECK_FALSE(col.empty());
  col.add(1, 254);
  CHECK(col.count(1) == 254);
  CHECK(col.overflow_size() == 0);
  col.add(1, 1);  // 255: the first count the byte does not hold
  CHECK(col.count(1) == 255);
  CHECK(col.bytes()[1] == TouchColumn::kOverflow);
  for (int k = 0; k < 1000; ++k) col.add(1, 1);
  CHECK(col.count(1) == 1255);
  col.add(2, 300);  // past the byte in one add
  CHECK(col.count(2) == 300);
  col.add(3, 65000);
  col.add(3, 1000);
  CHECK(col.count(3) == 65535);
  col.add(4, 7);
  col.add(4, std::numeric_limits<std::uint32_t>::max());  // no wrap-around
  CHECK(col.count(4) == 65535);
  CHECK(col.overflow_size() == 3 + 1);
  CHECK(col.count(0) == 0);

  // The funnel reads every count and zeroes the bytes, then empties the store.
  CHECK(col.overflow_count(1) == 1255);
  for (snsim::AgentId i : {1u, 2u, 3u, 4u}) col.bytes()[i] = 0;
  CHECK(col.count(1) == 0);
  col.clear_overflow();
  CHECK(col.overflow_size() == 0);
  col.add(1, 2);
  CHECK(col.count(1) == 2);
  col.add(5, 400);
  col.zero();
  CHECK(col.count(1) == 0);
  CHECK(col.count(5) == 0);
  CHECK(col.overflow_size() == 0);
}

TEST_CASE("touch columns added to in parallel for distinct people count exactly",
          "[core][touch_column]") {
  constexpr std::int64_t n = 20000;
  TouchColumn col;
  col.allocate(static_cast<std::uint32_t>(n));
  // Every tenth person is touched 300 times one by one: threads cross the byte's limit together.
#pragma omp parallel for schedule(dynamic, 64) num_threads(4)
  for (std::int64_t i = 0; i < n; ++i) {
    const auto who = static_cast<snsim::AgentId>(i);
    const std::uint32_t times = i % 10 == 0 ? 300 : static_cast<std::uint32_t>(i % 7);
    for (std::uint32_t k = 0; k < times; ++k) col.add(who, 1);
  }
  CHECK(col.overflow_size() == n / 10);
  std::int64_t wrong = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint32_t want = i % 10 == 0 ? 300 : static_cast<std::uint32_t>(i % 7);
    wrong += col.count(static_cast<snsim::AgentId>(i)) != want;
  }
  CHECK(wrong == 0);
}

TEST_CASE("a touch column's checkpoint restores its bytes and overflow store",
          "[core][touch_column][checkpoint]") {
  const snsim::test_support::TempDir dir;
  const std::string path = dir.file("touch-column.checkpoint");
  const snsim::CheckpointIdentity id{"1.2.3", "name: x\n", 5, 0, 10};
  TouchColumn out, in, unused;
  out.allocate(50);
  out.add(3, 9);
  out.add(40, 1000);
  out.add(7, 256);
  snsim::write_checkpoint(path, id, 1, [&](snsim::StateArchive& a) { a(out, unused); });
  in.allocate(2);
  in.add(0, 500);  // loading replaces
  snsim::read_checkpoint(path, id, [&](snsim::StateArchive& a) { a(in, unused); });
  CHECK(in.overflow_size() == 2);
  CHECK(in.count(3) == 9);
  CHECK(in.count(40) == 1000);
  CHECK(in.count(7) == 256);
  CHECK(in.count(0) == 0);
  CHECK(unused.empty());
}
