#include "snsim/networking/person_index.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace snsim {

std::size_t PersonIndex::probe(AgentId i) const {
  std::size_t h = home(i);
  while (table_[h].person != i && table_[h].person != kEmpty) h = (h + 1) & mask_;
  return h;
}

bool PersonIndex::set(AgentId i, std::uint32_t v) {
  if (table_.empty()) rehash(kMinSlots);
  std::size_t h = probe(i);
  if (table_[h].person == i) {
    table_[h].index = v;
    return false;
  }
  // At most half full after the insertion, so probes stay short and always end at a free slot.
  if (2 * (std::size_t{size_} + 1) > table_.size()) {
    rehash(2 * table_.size());
    h = probe(i);
  }
  table_[h] = {i, v};
  ++size_;
  return true;
}

bool PersonIndex::insert(AgentId i, std::uint32_t v) {
  if (!table_.empty() && table_[probe(i)].person == i) return false;
  return set(i, v);
}

bool PersonIndex::erase(AgentId i) {
  if (size_ == 0) return false;
  std::size_t hole = probe(i);
  if (table_[hole].person != i) return false;
  // Backward shift: move each later entry of the run into the hole when its home does not lie
  // cyclically in (hole, slot], so every remaining entry stays reachable from its home.
  for (std::size_t h = (hole + 1) & mask_; table_[h].person != kEmpty; h = (h + 1) & mask_) {
    const std::size_t want = home(table_[h].person);
    if (((h - want) & mask_) >= ((h - hole) & mask_)) {
      table_[hole] = table_[h];
      hole = h;
    }
  }
  table_[hole] = Entry{};
  --size_;
  // Below an eighth full the table halves (to a quarter full), so a brand that lost most of its
  // ties does not keep the table of its best days.
  if (table_.size() > kMinSlots && 8 * std::size_t{size_} < table_.size())
    rehash(table_.size() / 2);
  return true;
}

void PersonIndex::clear() {
  std::fill(table_.begin(), table_.end(), Entry{});
  size_ = 0;
}

void PersonIndex::rehash(std::size_t slots) {
  std::vector<Entry> old(slots);
  old.swap(table_);
  mask_ = slots - 1;
  shift_ = 64 - std::countr_zero(slots);
  for (const Entry& e : old)
    if (e.person != kEmpty) table_[probe(e.person)] = e;
}

}  // namespace snsim
