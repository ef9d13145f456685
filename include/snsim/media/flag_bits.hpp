#pragma once
// FlagBits: one yes/no flag per index, packed 64 to a word (issue 20: the follow graph's
// unfollowed arcs and who follows each brand, a bit each instead of a byte). Setting and clearing
// are not thread-safe (two flags share a word); reading is.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "snsim/core/state_archive.hpp"

namespace snsim {

struct FlagBits {
  std::vector<std::uint64_t> words;  ///< flag k is bit k % 64 of words[k / 64]
  std::uint64_t count = 0;           ///< number of flags

  /// Makes `n` flags, all clear.
  void assign(std::uint64_t n) {
    count = n;
    words.assign((n + 63) / 64, 0);
  }
  /// Drops every flag and frees the words.
  void release() {
    count = 0;
    words.clear();
    words.shrink_to_fit();
  }
  /// Returns the number of flags.
  std::uint64_t size() const { return count; }
  /// Returns true if flag k is set (k < size()).
  bool test(std::uint64_t k) const { return (words[k >> 6] >> (k & 63)) & 1u; }
  /// Sets flag k.
  void set(std::uint64_t k) { words[k >> 6] |= std::uint64_t{1} << (k & 63); }
  /// Clears flag k.
  void reset(std::uint64_t k) { words[k >> 6] &= ~(std::uint64_t{1} << (k & 63)); }
  /// Returns the heap bytes held.
  std::size_t memory_bytes() const { return words.capacity() * sizeof(std::uint64_t); }
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, FlagBits& f) { a(f.words, f.count); }

}  // namespace snsim
