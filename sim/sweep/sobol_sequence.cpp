#include "snsim/sweep/sobol_sequence.hpp"

#include <stdexcept>
#include <string>

namespace snsim {
namespace {

struct DirectionRow {
  unsigned degree;
  unsigned coefficients;
  std::array<std::uint32_t, 13> m;
};

constexpr DirectionRow kRows[] = {
#include "sobol_directions.inc"
};
static_assert(sizeof(kRows) / sizeof(kRows[0]) == SobolSequence::kMaxDimensions - 1);

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

/// splitmix64's finaliser (Steele, Lea and Flood 2014).
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Returns 32 random bits keyed by (seed, dim, row).
std::uint32_t bits32(std::uint64_t seed, std::uint64_t dim, std::uint64_t row) {
  std::uint64_t x = mix64(seed + kGolden * (dim + 1));
  x = mix64(x + kGolden * (row + 1));
  return static_cast<std::uint32_t>(x >> 32);
}

/// Returns the parity (0 or 1) of the set bits of x.
std::uint32_t parity(std::uint32_t x) { return static_cast<std::uint32_t>(__builtin_parity(x)); }

}  // namespace

SobolSequence::SobolSequence(unsigned dimensions, bool scramble, std::uint64_t seed) {
  if (dimensions == 0 || dimensions > kMaxDimensions)
    throw std::invalid_argument("a Sobol' sequence has 1 to " + std::to_string(kMaxDimensions) +
                                " dimensions, not " + std::to_string(dimensions));
  directions_.resize(dimensions);
  shift_.assign(dimensions, 0);
  for (unsigned d = 0; d < dimensions; ++d) {
    auto& v = directions_[d];  // v[k] is direction number k+1, as a 32-bit binary fraction
    if (d == 0) {
      for (unsigned k = 0; k < 32; ++k) v[k] = 1u << (31 - k);
    } else {
      const DirectionRow& row = kRows[d - 1];
      const unsigned s = row.degree;
      for (unsigned k = 0; k < s; ++k) v[k] = row.m[k] << (31 - k);
      // Bratley and Fox's recurrence: v_k = a_1 v_{k-1} ^ ... ^ a_{s-1} v_{k-s+1} ^ v_{k-s} ^
      // (v_{k-s} >> s), the a_i being the polynomial's inner coefficients, highest first.
      for (unsigned k = s; k < 32; ++k) {
        std::uint32_t x = v[k - s] ^ (v[k - s] >> s);
        for (unsigned i = 1; i < s; ++i)
          if ((row.coefficients >> (s - 1 - i)) & 1u) x ^= v[k - i];
        v[k] = x;
      }
    }
    if (!scramble) continue;
    // Linear matrix scramble: digit r of a scrambled number is digit r of the original plus the
    // random lower digits' combination row_r. Being linear over GF(2), scrambling each direction
    // number scrambles every point the same way.
    std::array<std::uint32_t, 32> rows{};
    for (unsigned r = 0; r < 32; ++r) {
      const std::uint32_t diagonal = 1u << (31 - r);
      const std::uint32_t above = r == 0 ? 0u : ~((diagonal << 1) - 1u);  // digits 0 .. r-1
      rows[r] = diagonal | (bits32(seed, d, r) & above);
    }
    for (unsigned k = 0; k < 32; ++k) {
      std::uint32_t out = 0;
      for (unsigned r = 0; r < 32; ++r) out |= parity(rows[r] & v[k]) << (31 - r);
      v[k] = out;
    }
    shift_[d] = bits32(seed, d, 32);
  }
}

double SobolSequence::coordinate(std::uint64_t index, unsigned dim) const {
  if (index >> 32) throw std::out_of_range("a Sobol' point index must be below 2^32");
  const auto& v = directions_.at(dim);
  std::uint32_t x = shift_[dim];
  for (unsigned k = 0; index != 0; ++k, index >>= 1)
    if (index & 1u) x ^= v[k];
  return static_cast<double>(x) * 0x1.0p-32;
}

}  // namespace snsim
