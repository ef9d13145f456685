#pragma once
// Counter-based random streams (docs/model.md section 8).
//
// A RandomStream is the Philox4x64-10 block cipher (Random123, Salmon et al. SC'11) run in counter
// mode over a key that names *who draws and why*: (scenario seed, run index) as the cipher key and
// (step, process, purpose, entity) as the fixed part of the counter. The last counter word counts
// blocks of four 64-bit outputs. Nothing in the key depends on how many numbers were drawn before,
// so the same decision of the same agent at the same step draws the same numbers in any thread,
// on any rank, and in a counterfactual twin run (common random numbers).
//
// RandomStream satisfies UniformRandomBitGenerator, so Boost.Random distributions draw from it.
// Use Boost.Random's distributions, never std::'s: std:: ones differ between standard libraries.
#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include <Random123/philox.h>

namespace snsim {

/// Identity of one random stream; every field is part of the key.
struct StreamKey {
  std::uint64_t seed = 0;     ///< scenario (or sweep-run) seed
  std::uint64_t run = 0;      ///< run index within a sweep, 0 for a single run
  std::uint64_t step = 0;     ///< simulation step; set-up draws use kSetupStep
  std::uint32_t process = 0;  ///< stable id of the drawing process (stream_id("name"))
  std::uint32_t purpose = 0;  ///< sub-stream within the process (e.g. which decision, which brand)
  std::uint64_t entity = 0;   ///< agent, item or brand id
};

/// Step number used by draws made while building the world, before step 0.
inline constexpr std::uint64_t kSetupStep = std::numeric_limits<std::uint64_t>::max();

/// Returns a stable 32-bit id for a name (FNV-1a), so process ids do not depend on pipeline order.
constexpr std::uint32_t stream_id(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

/// A UniformRandomBitGenerator of 64-bit words over one StreamKey.
class RandomStream {
 public:
  using result_type = std::uint64_t;
  using Cipher = r123::Philox4x64;

  explicit RandomStream(const StreamKey& key) {
    key_ = Cipher::key_type{{key.seed, key.run}};
    counter_ = Cipher::ctr_type{
        {key.step, (static_cast<std::uint64_t>(key.process) << 32) | key.purpose, key.entity, 0}};
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  /// Returns the next 64 random bits of this stream.
  result_type operator()() {
    if (next_ == 4) refill();
    return block_.v[next_++];
  }

  /// Returns a double uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  /// Returns true with probability p (p outside [0, 1] is clamped).
  bool bernoulli(double p) { return uniform01() < p; }

  /// Returns an integer uniform on [0, n) (Lemire's multiply-shift; bias below 2^-64 * n).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;  // GCC and Clang; -Wpedantic otherwise objects
    return static_cast<std::uint64_t>((static_cast<u128>((*this)()) * n) >> 64);
  }

 private:
  void refill() {
    block_ = Cipher{}(counter_, key_);
    ++counter_.v[3];
    next_ = 0;
  }

  Cipher::key_type key_{};
  Cipher::ctr_type counter_{};
  Cipher::ctr_type block_{};
  unsigned next_ = 4;
};

}  // namespace snsim
