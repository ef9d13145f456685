#include "snsim/core/touch_column.hpp"

#include <algorithm>
#include <mutex>
#include <utility>

namespace snsim {
namespace {

// One lock for every column's overflow store: it is taken only for a person past 254 touches of a
// channel in a step, so it is almost never contended, and a column stays movable.
std::mutex& overflow_lock() {
  static std::mutex m;
  return m;
}

}  // namespace

std::uint32_t TouchColumn::overflow_count(AgentId i) const {
  const std::lock_guard<std::mutex> hold(overflow_lock());
  const auto it = overflow_.find(i);
  return it == overflow_.end() ? 0u : it->second;
}

void TouchColumn::add_overflow(AgentId i, std::uint32_t k) {
  const std::lock_guard<std::mutex> hold(overflow_lock());
  const std::uint8_t c = bytes_[i];
  std::uint32_t base = c;
  if (c == kOverflow) {
    const auto it = overflow_.find(i);
    base = it == overflow_.end() ? 0u : it->second;
  }
  const std::uint32_t total = std::min(kMaxCount, base + std::min(k, kMaxCount));
  overflow_[i] = static_cast<std::uint16_t>(total);
  bytes_[i] = kOverflow;
}

void TouchColumn::zero() {
  std::fill(bytes_.begin(), bytes_.end(), std::uint8_t{0});
  overflow_.clear();
}

std::size_t TouchColumn::memory_bytes() const {
  // An unordered_map node holds the pair and a next pointer (and the cached hash for some
  // libraries); each bucket is a pointer.
  constexpr std::size_t kNode = sizeof(std::pair<AgentId, std::uint16_t>) + 2 * sizeof(void*);
  return bytes_.capacity() + overflow_.size() * kNode + overflow_.bucket_count() * sizeof(void*);
}

void TouchColumn::state_fields(StateArchive& a) {
  a(bytes_);
  std::vector<std::pair<AgentId, std::uint16_t>> entries;
  if (a.saving()) {
    entries.assign(overflow_.begin(), overflow_.end());
    std::sort(entries.begin(), entries.end());
  }
  a(entries);
  if (a.loading()) {
    overflow_.clear();
    for (const auto& [i, count] : entries) {
      if (i >= bytes_.size() || bytes_[i] != kOverflow || count < kOverflow)
        StateArchive::mismatch("touch column overflow");
      overflow_.emplace(i, count);
    }
  }
}

}  // namespace snsim
