// The checkpoint file format (core/checkpoint.hpp) and its field encoding
// (core/state_archive.hpp): round trips, explicit little-endian widths, and refusals of truncated,
// damaged and mismatched files.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "../../support/file_bytes.hpp"
#include "../../support/temp_dir.hpp"
#include "snsim/core/checkpoint.hpp"
#include "snsim/core/stage.hpp"

namespace fs = std::filesystem;

using snsim::test_support::read_bytes;
using snsim::test_support::TempDir;
using snsim::test_support::write_bytes;

namespace {

struct Inner {
  std::uint16_t a = 0;
  std::vector<float> b;
};
void state_fields(snsim::StateArchive& ar, Inner& x) { ar(x.a, x.b); }

struct Sample {
  std::uint8_t u8 = 0;
  std::int32_t i32 = 0;
  std::uint64_t u64 = 0;
  double d = 0.0;
  bool flag = false;
  snsim::Stage stage = snsim::Stage::unaware;
  std::string text;
  std::vector<std::uint32_t> ids;
  std::vector<snsim::Stage> stages;
  std::array<std::int64_t, 3> counts{};
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  std::vector<std::vector<std::uint8_t>> nested;
  std::vector<Inner> inner;
  std::unordered_set<std::uint64_t> set;
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m;
  Eigen::VectorXf v;

  void state_fields(snsim::StateArchive& ar) {
    ar(u8, i32, u64, d, flag, stage, text, ids, stages, counts, arcs, nested, inner, set, m, v);
  }
};

Sample filled() {
  Sample s;
  s.u8 = 200;
  s.i32 = -123456;
  s.u64 = 0x0123456789abcdefULL;
  s.d = -0.1;
  s.flag = true;
  s.stage = snsim::Stage::customer;
  s.text = "line one\nline two";
  s.ids = {1, 2, 3, 4000000000u};
  s.stages = {snsim::Stage::aware, snsim::Stage::advocate};
  s.counts = {-1, 0, 1};
  s.arcs = {{1, 2}, {3, 4}};
  s.nested = {{}, {1, 2, 3}};
  s.inner = {Inner{7, {0.5f, -2.0f}}, Inner{8, {}}};
  s.set = {9, 1, 5};
  s.m.resize(2, 3);
  s.m << 1, 2, 3, 4, 5, 6;
  s.v = Eigen::VectorXf::LinSpaced(4, 0.0f, 1.0f);
  return s;
}

const snsim::CheckpointIdentity kId{"1.2.3", "name: x\nseed: 5\n", 5, 0, 10};

}  // namespace

TEST_CASE("a checkpoint round trip restores every kind of field exactly", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("c.checkpoint");
  Sample out = filled();
  const std::uint64_t bytes =
      snsim::write_checkpoint(path, kId, 4, [&](snsim::StateArchive& a) { a(out); });
  CHECK(bytes == fs::file_size(path));
  CHECK_FALSE(fs::exists(path + ".partial"));
  CHECK(snsim::check_checkpoint(path, kId) == 4);

  Sample in;
  in.ids = {99};  // loading replaces, never appends
  in.set = {42};
  CHECK(snsim::read_checkpoint(path, kId, [&](snsim::StateArchive& a) { a(in); }) == 4);
  CHECK(in.u8 == out.u8);
  CHECK(in.i32 == out.i32);
  CHECK(in.u64 == out.u64);
  CHECK(std::memcmp(&in.d, &out.d, sizeof(double)) == 0);
  CHECK(in.flag);
  CHECK(in.stage == snsim::Stage::customer);
  CHECK(in.text == out.text);
  CHECK(in.ids == out.ids);
  CHECK(in.stages == out.stages);
  CHECK(in.counts == out.counts);
  CHECK(in.arcs == out.arcs);
  CHECK(in.nested == out.nested);
  REQUIRE(in.inner.size() == 2);
  CHECK(in.inner[0].a == 7);
  CHECK(in.inner[0].b == out.inner[0].b);
  CHECK(in.inner[1].b.empty());
  CHECK(in.set == out.set);
  CHECK(in.m == out.m);
  CHECK(in.v == out.v);
}

TEST_CASE("checkpoint fields are little-endian at their own width", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("c.checkpoint");
  std::uint32_t x = 0x01020304u;
  std::vector<std::uint16_t> v{0x0a0b};
  snsim::write_checkpoint(path, kId, 0, [&](snsim::StateArchive& a) { a(x, v); });
  const std::string bytes = read_bytes(path);
  // magic, then format version 7 (8 with 8-byte row offsets) as uint32 little-endian.
  CHECK(bytes.substr(0, 8) == "SNSIMCKP");
  CHECK(bytes.substr(8, 4) ==
        std::string(sizeof(snsim::ArcIndex) == 4 ? "\x07\x00\x00\x00" : "\x08\x00\x00\x00", 4));
  // The body sits just before the 16-byte trailer: x, then v's uint64 count and its element.
  const std::string body = bytes.substr(bytes.size() - 16 - 14, 14);
  CHECK(body == std::string("\x04\x03\x02\x01"
                            "\x01\x00\x00\x00\x00\x00\x00\x00"
                            "\x0b\x0a",
                            14));
  CHECK(bytes.substr(bytes.size() - 4) == "END.");
}

TEST_CASE("a damaged, truncated or mismatched checkpoint is refused with a reason",
          "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("c.checkpoint");
  std::vector<double> values(1000, 0.25);
  snsim::write_checkpoint(path, kId, 3, [&](snsim::StateArchive& a) { a(values); });
  const std::string good = read_bytes(path);
  auto refused = [&](const snsim::CheckpointIdentity& id) -> std::string {
    try {
      snsim::check_checkpoint(path, id);
    } catch (const snsim::CheckpointError& e) {
      return e.what();
    }
    return "";
  };

  std::string damaged = good;
  damaged[good.size() / 2] = static_cast<char>(damaged[good.size() / 2] ^ 1);
  write_bytes(path, damaged);
  CHECK_THAT(refused(kId), Catch::Contains("checksum"));

  write_bytes(path, good.substr(0, good.size() - 1));
  CHECK_THAT(refused(kId), Catch::Contains("truncated"));
  write_bytes(path, "");
  CHECK_THAT(refused(kId), Catch::Contains("truncated"));

  write_bytes(path, good);
  CHECK(refused(kId).empty());
  auto other = kId;
  other.scenario_yaml = "name: x\nseed: 6\n";
  CHECK_THAT(refused(other), Catch::Contains("seed: 6"));
  other = kId;
  other.snsim_version = "9.9.9";
  CHECK_THAT(refused(other), Catch::Contains("9.9.9"));
  other = kId;
  other.run = 2;
  CHECK_FALSE(refused(other).empty());

  // A body read with other fields than written is caught, never read past the file.
  std::vector<std::vector<double>> wrong;
  CHECK_THROWS_AS(snsim::read_checkpoint(path, kId, [&](snsim::StateArchive& a) { a(wrong); }),
                  snsim::CheckpointError);
  std::uint32_t too_little = 0;
  CHECK_THROWS_WITH(
      snsim::read_checkpoint(path, kId, [&](snsim::StateArchive& a) { a(too_little); }),
      Catch::Contains("left unread"));

  CHECK_THROWS_AS(snsim::check_checkpoint(dir.file("missing"), kId), snsim::CheckpointError);

  // A whole checkpoint of an older format (3: feeds of `capacity` slots a person) is refused by
  // its version, not misread: the version field rewritten and the CRC-32 made right again.
  std::string old = good;
  old[8] = '\x03';
  const auto crc = static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(old.data()), static_cast<uInt>(old.size() - 16)));
  for (int k = 0; k < 4; ++k) old[old.size() - 8 + k] = static_cast<char>(crc >> (8 * k));
  write_bytes(path, old);
  CHECK_THAT(refused(kId),
             Catch::Contains("checkpoint format version 3") && Catch::Contains("reads version"));
}

TEST_CASE("a checkpoint of an earlier format version is refused in one line naming both",
          "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("c.checkpoint");
  std::uint32_t x = 1;
  snsim::write_checkpoint(path, kId, 1, [&](snsim::StateArchive& a) { a(x); });
  // Version 5 (a relationship slot per person, a byte per unfollow flag and brand follow), with a
  // checksum that matches, as that snsim wrote it.
  std::string old = read_bytes(path);
  old.replace(8, 4, std::string("\x05\x00\x00\x00", 4));
  const std::size_t payload = old.size() - 16;
  const auto crc = static_cast<std::uint32_t>(::crc32(::crc32(0L, Z_NULL, 0),
                                                      reinterpret_cast<const Bytef*>(old.data()),
                                                      static_cast<uInt>(payload)));
  for (std::size_t k = 0; k < 4; ++k)
    old[payload + 8 + k] = static_cast<char>((crc >> (8 * k)) & 0xff);
  write_bytes(path, old);
  const std::string want = sizeof(snsim::ArcIndex) == 4 ? "7" : "8";
  CHECK_THROWS_WITH(snsim::check_checkpoint(path, kId),
                    path + ": checkpoint format version 5, this snsim reads version " + want);
}

TEST_CASE("a failed checkpoint write leaves the previous checkpoint intact", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("c.checkpoint");
  std::uint64_t x = 1;
  snsim::write_checkpoint(path, kId, 1, [&](snsim::StateArchive& a) { a(x); });
  const std::string before = read_bytes(path);
  CHECK_THROWS(snsim::write_checkpoint(path, kId, 2, [&](snsim::StateArchive& a) {
    a(x);
    throw snsim::CheckpointError("disk full");
  }));
  CHECK(read_bytes(path) == before);
  CHECK_FALSE(fs::exists(path + ".partial"));
}

TEST_CASE("a checkpoint larger than the archive's buffer round trips, fields across its edges",
          "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.file("c.checkpoint");
  std::vector<std::uint8_t> big(3'500'000);
  for (std::size_t k = 0; k < big.size(); ++k) big[k] = static_cast<std::uint8_t>(k * 7 + k / 256);
  std::vector<Inner> many(300'000);
  for (std::size_t k = 0; k < many.size(); ++k) many[k] = Inner{static_cast<std::uint16_t>(k), {}};
  std::uint32_t tail = 77;
  snsim::write_checkpoint(path, kId, 2, [&](snsim::StateArchive& a) { a(many, big, tail); });
  std::vector<std::uint8_t> big_in;
  std::vector<Inner> many_in;
  std::uint32_t tail_in = 0;
  snsim::read_checkpoint(path, kId, [&](snsim::StateArchive& a) { a(many_in, big_in, tail_in); });
  CHECK(big_in == big);
  REQUIRE(many_in.size() == many.size());
  CHECK(many_in.back().a == many.back().a);
  CHECK(tail_in == 77);
}
