#include "snsim/media/media_state.hpp"

#include <algorithm>
#include <bit>

#include "snsim/core/parallel.hpp"

namespace snsim {

std::uint32_t PostStore::append_roots(std::size_t count, std::uint32_t step, std::uint16_t brand_id,
                                      PostKind k) {
  const std::uint32_t first = size();
  const std::size_t n = first + count;
  author.resize(n);
  topic.resize(n);
  root.resize(n);
  created.resize(n, step);
  likes.resize(n, 0);
  if (!fake_likes.empty()) fake_likes.resize(n, 0);
  quality.resize(n);
  brand.resize(n, brand_id);
  depth.resize(n, 0);
  kind.resize(n, k);
  cascade_size.resize(n, 1);
  cascade_depth.resize(n, 0);
  serial.resize(n);
  for (std::size_t p = first; p < n; ++p) {
    root[p] = static_cast<std::uint32_t>(p);
    serial[p] = next_serial++;  // modulo 2^32
  }
  return first;
}

std::uint32_t PostStore::add(std::uint32_t author_id, std::uint32_t topic_id, std::uint32_t root_id,
                             std::uint32_t step, float q, std::uint16_t brand_id, std::uint16_t d,
                             PostKind k) {
  const std::uint32_t id = append_roots(1, step, brand_id, k);
  author[id] = author_id;
  topic[id] = topic_id;
  root[id] = root_id;
  quality[id] = q;
  depth[id] = d;
  return id;
}

std::vector<std::uint32_t> PostStore::compact(const std::vector<std::uint8_t>& keep) {
  const std::uint32_t n = size();
  std::vector<std::uint32_t> to(n, kDropped);
  std::uint32_t kept = 0;
  for (std::uint32_t p = 0; p < n; ++p)
    if (keep[p]) to[p] = kept++;
  auto squeeze = [&](auto& column) {
    for (std::uint32_t p = 0; p < n; ++p)
      if (to[p] != kDropped) column[to[p]] = column[p];
    // The capacity is kept: the store grows back to it before the next recycling (which waits
    // for it to double), so its columns are allocated once at their largest rather than copied
    // to a tight buffer and then doubled again, which left the freed buffers as heap holes.
    column.resize(kept);
  };
  squeeze(author);
  squeeze(topic);
  squeeze(root);
  squeeze(created);
  squeeze(likes);
  if (!fake_likes.empty()) squeeze(fake_likes);
  squeeze(quality);
  squeeze(brand);
  squeeze(depth);
  squeeze(kind);
  squeeze(cascade_size);
  squeeze(cascade_depth);
  squeeze(serial);
  for (std::uint32_t& r : root) r = to[r];  // roots of kept posts are kept (precondition)
  recycled += n - kept;
  return to;
}

std::size_t PostStore::memory_bytes() const {
  return author.capacity() *
             (5 * sizeof(std::uint32_t) + sizeof(float) + 2 * sizeof(std::uint16_t) +
              sizeof(PostKind) + 2 * sizeof(std::uint32_t) + sizeof(std::uint16_t)) +
         fake_likes.capacity() * sizeof(std::uint32_t);
}

std::size_t FollowGraph::memory_bytes() const {
  std::size_t total = offsets.capacity() * sizeof(ArcIndex) +
                      followers.capacity() * sizeof(std::uint32_t) + removed.memory_bytes() +
                      added.capacity() * sizeof(added[0]) +
                      brand_follower_count.capacity() * sizeof(std::int64_t);
  for (const auto& list : brand_followers) total += list.capacity() * sizeof(std::uint32_t);
  for (const auto& flags : follows_brand) total += flags.memory_bytes();
  return total;
}

std::size_t MediaState::memory_bytes() const {
  std::size_t total = follow.memory_bytes() + posts.memory_bytes() + feeds.memory_bytes() +
                      static_cast<std::size_t>(brand_topic.size()) * sizeof(float);
  for (const auto& list : influencers) total += list.capacity() * sizeof(std::uint32_t);
  return total;
}

std::vector<std::int64_t> cascade_size_histogram(const PostStore& posts, std::uint16_t brand) {
  std::vector<std::int64_t> h;
  for (std::uint32_t p = 0; p < posts.size(); ++p) {
    if (posts.root[p] != p || posts.brand[p] != brand) continue;
    const auto bin = static_cast<std::size_t>(std::bit_width(posts.cascade_size[p]) - 1);
    if (h.size() <= bin) h.resize(bin + 1, 0);
    ++h[bin];
  }
  return h;
}

std::vector<std::int64_t> cascade_depth_histogram(const PostStore& posts, std::uint16_t brand) {
  std::vector<std::int64_t> h;
  for (std::uint32_t p = 0; p < posts.size(); ++p) {
    if (posts.root[p] != p || posts.brand[p] != brand) continue;
    const std::size_t bin = posts.cascade_depth[p];
    if (h.size() <= bin) h.resize(bin + 1, 0);
    ++h[bin];
  }
  return h;
}

void Feeds::reset(std::uint32_t people, std::uint32_t cap) {
  capacity = cap;
  offsets.assign(static_cast<std::size_t>(people) + 1, 0);
  items.clear();
  items.shrink_to_fit();
  size.assign(people, 0);
  incoming.clear();
  incoming.shrink_to_fit();
  spare_items.clear();
  spare_items.shrink_to_fit();
}

void Feeds::make_room(int threads) {
  const std::size_t people = size.size();
  std::vector<std::uint16_t>& room = incoming;  // pending() counts, then each row's new slots
  // Fixed parts of the id range (their number does not change the result, only the speed): each
  // part sums its rows' slots, then writes its offsets from its running sum and moves its rows.
  const std::size_t parts = static_cast<std::int64_t>(people) >= kMinParallelAgents
                                ? static_cast<std::size_t>(threads)
                                : 1;
  std::vector<std::uint64_t> base(parts + 1, 0);
  auto first = [&](std::size_t part) { return people * part / parts; };
#pragma omp parallel for schedule(static, 1) num_threads(threads) if (parts > 1)
  for (std::size_t part = 0; part < parts; ++part) {
    std::uint64_t sum = 0;
    for (std::size_t i = first(part); i < first(part + 1); ++i) {
      const std::uint32_t slots =
          std::min<std::uint32_t>(capacity, std::uint32_t{size[i]} + room[i]);
      room[i] = static_cast<std::uint16_t>(slots);  // capacity <= 65535 (the loader's range)
      sum += slots;
    }
    base[part + 1] = sum;
  }
  for (std::size_t part = 0; part < parts; ++part) base[part + 1] += base[part];
  const ArcIndex total = arc_index(base[parts], "the feeds");  // before any offset could wrap
  // The spare buffer is reused (its pages stay mapped from step to step) unless too small or far
  // too large; it is reallocated with a sixteenth to spare, not doubled as resize() would.
  if (spare_items.capacity() < total || spare_items.capacity() > 2 * std::size_t{total} + 65536) {
    spare_items.clear();
    spare_items.shrink_to_fit();
    spare_items.reserve(std::size_t{total} + total / 16);
  }
  spare_items.resize(total);
#pragma omp parallel for schedule(static, 1) num_threads(threads) if (parts > 1)
  for (std::size_t part = 0; part < parts; ++part) {
    auto at = static_cast<ArcIndex>(base[part]);
    for (std::size_t i = first(part); i < first(part + 1); ++i) {
      const ArcIndex old = offsets[i];
      offsets[i] = at;  // row i's old offset is not read again, by this part or any other
      std::copy_n(items.data() + old, size[i], spare_items.data() + at);
      at += room[i];
    }
  }
  offsets[people] = total;
  items.swap(spare_items);
}

void Feeds::push(std::uint32_t i, std::uint32_t post) {
  std::uint32_t* row = items.data() + offsets[i];
  if (size[i] < capacity) {
    row[size[i]++] = post;
    return;
  }
  // Full: the newest items stay; evict the oldest if the new one is newer.
  const float* when = arrival.data();
  std::uint32_t* oldest =
      std::min_element(row, row + capacity, [when](std::uint32_t a, std::uint32_t b) {
        return when[a] < when[b] || (when[a] == when[b] && a < b);
      });
  if (when[post] > when[*oldest]) *oldest = post;
}

void Feeds::push(std::uint32_t i, FeedEntry e) {
  note_arrival(e.post, e.arrival);
  pending()[i] = 1;
  make_room(1);
  push(i, e.post);
}

void Feeds::remap_posts(const std::vector<std::uint32_t>& to, std::uint32_t posts) {
  const auto people = static_cast<std::int64_t>(size.size());
#pragma omp parallel for schedule(static) if (people >= kMinParallelAgents)
  for (std::int64_t i = 0; i < people; ++i)
    for (std::uint32_t& p : of(static_cast<std::uint32_t>(i))) p = to[p];
  // Survivors keep their order, so new ids never exceed old ones: moved down in place.
  const std::size_t known = std::min(arrival.size(), to.size());
  for (std::size_t p = 0; p < known; ++p)
    if (to[p] != PostStore::kDropped) arrival[to[p]] = arrival[p];
  arrival.resize(posts);
  arrival.shrink_to_fit();
}

}  // namespace snsim
