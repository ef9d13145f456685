// FlagBits (media/flag_bits.hpp): flags start clear, each is set and cleared alone, and
// release() frees the words.
#include <catch2/catch.hpp>

#include <cstdint>

#include "snsim/media/flag_bits.hpp"

TEST_CASE("FlagBits: flags start clear and are set and cleared one at a time",
          "[media][flag_bits]") {
  snsim::FlagBits f;
  f.assign(130);  // three words, the last one partly used
  CHECK(f.size() == 130);
  CHECK(f.words.size() == 3);
  for (std::uint64_t k = 0; k < 130; ++k) CHECK_FALSE(f.test(k));
  f.set(0);
  f.set(63);
  f.set(64);
  f.set(129);
  CHECK(f.test(0));
  CHECK(f.test(63));
  CHECK(f.test(64));
  CHECK(f.test(129));
  CHECK_FALSE(f.test(1));
  CHECK_FALSE(f.test(65));
  f.reset(63);
  CHECK_FALSE(f.test(63));
  CHECK(f.test(64));  // its neighbour in the next word is untouched
  CHECK(f.memory_bytes() == 3 * sizeof(std::uint64_t));
}

TEST_CASE("FlagBits: release frees the words and assign clears old flags", "[media][flag_bits]") {
  snsim::FlagBits f;
  f.assign(10);
  f.set(3);
  f.assign(10);
  CHECK_FALSE(f.test(3));
  f.release();
  CHECK(f.size() == 0);
  CHECK(f.memory_bytes() == 0);
}
