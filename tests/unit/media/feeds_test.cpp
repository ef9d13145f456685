// Packed feeds (media/media_state.hpp, Feeds): rows get exactly the slots their pushes can fill,
// held items keep their order across make_room(), and a full feed keeps its newest items.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "snsim/media/media_state.hpp"

namespace {

std::vector<std::uint32_t> held(const snsim::Feeds& feeds, std::uint32_t i) {
  const auto row = feeds.of(i);
  return {row.begin(), row.end()};
}

}  // namespace

TEST_CASE("packed feeds take slots only for the items they can hold", "[media][feeds]") {
  snsim::Feeds feeds;
  feeds.reset(5, 3);
  for (std::uint32_t p = 0; p < 10; ++p) feeds.note_arrival(p, static_cast<float>(p));
  // Person 1 gets two pushes, person 3 five (capacity 3), the others none.
  auto& pending = feeds.pending();
  pending[1] = 2;
  pending[3] = 5;
  feeds.make_room(2);
  CHECK(feeds.items.size() == 5);  // 2 + min(3, 5), not 5 x 3
  CHECK(feeds.offsets == std::vector<snsim::ArcIndex>{0, 0, 2, 2, 5, 5});
  feeds.push(1, 0);
  feeds.push(1, 1);
  for (std::uint32_t p = 2; p < 7; ++p) feeds.push(3, p);
  CHECK(held(feeds, 1) == std::vector<std::uint32_t>{0, 1});
  CHECK(held(feeds, 3) == std::vector<std::uint32_t>{5, 6, 4});  // the newest three, in slots
  CHECK(held(feeds, 0).empty());

  // A read keeps person 3's last slot only; the next make_room drops the freed slots and keeps
  // the held items in order.
  feeds.items[feeds.offsets[3]] = 4;
  feeds.size[3] = 1;
  feeds.pending()[4] = 1;
  feeds.make_room(1);
  CHECK(feeds.items.size() == 2 + 1 + 1);
  CHECK(held(feeds, 1) == std::vector<std::uint32_t>{0, 1});
  CHECK(held(feeds, 3) == std::vector<std::uint32_t>{4});
  feeds.push(4, 9);
  CHECK(held(feeds, 4) == std::vector<std::uint32_t>{9});
}

TEST_CASE("a full feed ignores an arrival no newer than its oldest item", "[media][feeds]") {
  snsim::Feeds feeds;
  feeds.reset(1, 2);
  feeds.push(0, {0, 5.0f});
  feeds.push(0, {1, 6.0f});
  feeds.push(0, {2, 5.0f});  // as old as the oldest: not taken
  CHECK(held(feeds, 0) == std::vector<std::uint32_t>{0, 1});
  feeds.push(0, {3, 7.0f});  // evicts post 0
  CHECK(held(feeds, 0) == std::vector<std::uint32_t>{3, 1});
}
