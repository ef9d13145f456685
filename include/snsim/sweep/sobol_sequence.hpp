#pragma once
// SobolSequence: Sobol' low-discrepancy points in [0, 1)^d (Sobol' 1967; direction numbers of
// Joe and Kuo 2008, up to 512 dimensions), optionally scrambled.
//
// Point i is the XOR of the direction numbers of the set bits of i (the sequence in its natural
// order, not Gray-code order: the first 2^m points are the same set in both). Scrambling is
// Matousek's (1998) random linear matrix scramble (a lower-triangular binary matrix with a unit
// diagonal per dimension) followed by a random digital shift, both keyed by a 64-bit seed: every
// scrambled sequence keeps the (t, m, s)-net property, so the first 2^m points stay balanced, and
// the points are unbiased for integration (which is what Saltelli's estimators assume).
#include <array>
#include <cstdint>
#include <vector>

namespace snsim {

class SobolSequence {
 public:
  /// The most dimensions the built-in direction numbers cover.
  static constexpr unsigned kMaxDimensions = 512;

  /// A sequence of `dimensions` (1 .. kMaxDimensions) coordinates; scrambled unless `scramble`
  /// is false, with the scramble drawn from `seed`.
  SobolSequence(unsigned dimensions, bool scramble, std::uint64_t seed);

  /// Returns coordinate `dim` of point `index` (< 2^32), in [0, 1).
  double coordinate(std::uint64_t index, unsigned dim) const;
  unsigned dimensions() const { return static_cast<unsigned>(directions_.size()); }

 private:
  /// Per dimension: 32 direction numbers (bit 31 is the first binary digit), then the shift.
  std::vector<std::array<std::uint32_t, 32>> directions_;
  std::vector<std::uint32_t> shift_;
};

}  // namespace snsim
