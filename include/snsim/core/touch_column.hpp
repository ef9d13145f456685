#pragma once
// TouchColumn: the touches of one brand on one channel that each person got this step, in one
// byte a person, exactly (issue 20).
//
// Nearly every count is small (a few impressions, a few referrals), so a count is a byte; the rare
// person with 255 touches or more of a channel in a step (a hub of the social graph hearing
// hundreds of referrals, a small population under a large broadcast budget) has the byte 255 and
// the count itself in an overflow store beside the column. Counts saturate at 65535, as the 2-byte
// columns before did, so the model's results do not depend on the layout.
//
// Invariants: count(i) is bytes[i] when bytes[i] < 255, else the overflow store's entry of i; the
// store holds exactly the people whose byte is 255, except while the funnel consumes the column
// (it zeroes the bytes, then calls clear_overflow()).
//
// Threads: add(), count() and overflow_count() may run in parallel for distinct people (each
// thread owns its people's bytes); the overflow store is shared, so it is guarded by one lock,
// taken only past 254 touches.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"

namespace snsim {

class TouchColumn {
 public:
  /// The byte of a person whose count is in the overflow store.
  static constexpr std::uint8_t kOverflow = 255;
  /// The largest count kept (a count saturates there).
  static constexpr std::uint32_t kMaxCount = 65535;

  /// Returns true while the column is unallocated (no touch of its channel yet in the run).
  bool empty() const { return bytes_.empty(); }
  /// Allocates n zero counts (once; later calls keep the counts).
  void allocate(std::uint32_t n) {
    if (bytes_.empty()) bytes_.assign(n, 0);
  }
  /// Returns the bytes, one a person: the count, or kOverflow for a count in the overflow store
  /// (overflow_count()). The funnel reads and zeroes them through this pointer, kept in a local,
  /// because a byte store through a member would make the compiler reload the member each time.
  std::uint8_t* bytes() { return bytes_.data(); }
  const std::uint8_t* bytes() const { return bytes_.data(); }

  /// Returns person i's touches this step (0 to kMaxCount).
  std::uint32_t count(AgentId i) const {
    const std::uint8_t c = bytes_[i];
    return c < kOverflow ? c : overflow_count(i);
  }
  /// Adds k touches to person i, saturating at kMaxCount.
  void add(AgentId i, std::uint32_t k) {
    const std::uint32_t c = bytes_[i];
    if (k < kOverflow - c) {  // c + k < kOverflow, without wrapping for a huge k
      bytes_[i] = static_cast<std::uint8_t>(c + k);
    } else {
      add_overflow(i, k);
    }
  }
  /// Returns the overflow store's count of person i, whose byte is kOverflow (0 if it has none).
  std::uint32_t overflow_count(AgentId i) const;
  /// Empties the overflow store: call once the bytes of kOverflow have been read and zeroed
  /// (the funnel does, through bytes()); not in parallel.
  void clear_overflow() { overflow_.clear(); }
  /// Zeroes every count, keeping the column allocated.
  void zero();

  /// Returns the people in the overflow store now.
  std::size_t overflow_size() const { return overflow_.size(); }
  /// Returns the approximate heap bytes held (bytes and overflow store).
  std::size_t memory_bytes() const;

  /// Checkpoint fields (core/state_archive.hpp): the bytes as a std::vector, then the overflow
  /// store as a std::vector of (person, count) pairs in ascending person order.
  void state_fields(StateArchive& a);

 private:
  /// Adds k touches to person i when the sum reaches kOverflow.
  void add_overflow(AgentId i, std::uint32_t k);

  std::vector<std::uint8_t> bytes_;
  std::unordered_map<AgentId, std::uint16_t> overflow_;
};

}  // namespace snsim
