#pragma once
// MediaState: the social-media part of the world (follow graph, posts, feeds). Owned by the
// "social_media" process (docs/model.md section 4, steps 2-4); empty until its prepare() fills it.
//
// Accounts: people are accounts 0 .. n-1; brand b is account n + b. A post's `topic` names the
// account whose topic vector it carries (a person's interest row, or the brand's topic), so a
// post costs no k floats.
#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "snsim/core/ids.hpp"
#include "snsim/core/state_archive.hpp"
#include "snsim/media/flag_bits.hpp"

namespace snsim {

/// Kind of a post (docs/model.md step 2).
enum class PostKind : std::uint8_t { organic, ad, share };

inline constexpr std::uint16_t kNoBrand = 0xFFFF;

/// Posts as columns; post ids are indices, assigned in a canonical order each step.
/// Invariants: root[p] <= p; depth[p] == depth[root chain parent] + 1 for shares, 0 otherwise;
/// cascade_size / cascade_depth are meaningful for roots only (a root counts itself).
/// Posts nobody can read any more are recycled by compact(), which keeps the survivors in order
/// (so ids compare as before) and renumbers them; `serial` keeps each post's number of creation
/// for keying random draws, so recycling never changes a result.
struct PostStore {
  static constexpr std::uint32_t kDropped = 0xFFFFFFFFu;  ///< compact(): the post was dropped
  std::vector<std::uint32_t> author;                      ///< account id
  std::vector<std::uint32_t> topic;    ///< account whose topic vector the post carries
  std::vector<std::uint32_t> root;     ///< the original post of a cascade (itself if not a share)
  std::vector<std::uint32_t> created;  ///< step
  std::vector<std::uint32_t> likes;    ///< real likes
  /// Bought likes (issue 5): empty until manipulation delivers the first one, then one a post
  /// (read them with fake_likes_of).
  std::vector<std::uint32_t> fake_likes;
  std::vector<float> quality;        ///< [0, 1]
  std::vector<std::uint16_t> brand;  ///< brand whose content it is, or kNoBrand
  std::vector<std::uint16_t> depth;  ///< hops from the root
  std::vector<PostKind> kind;
  std::vector<std::uint32_t> cascade_size;   ///< roots: 1 + distinct sharers
  std::vector<std::uint16_t> cascade_depth;  ///< roots: largest depth reached
  std::vector<std::uint32_t> serial;         ///< creation number (modulo 2^32), for keying draws
  std::uint32_t next_serial = 0;
  std::uint64_t recycled = 0;  ///< posts dropped by compact() so far

  std::uint32_t size() const { return static_cast<std::uint32_t>(author.size()); }
  /// Returns post p's bought likes (0 while none was ever bought).
  std::uint32_t fake_likes_of(std::uint32_t p) const {
    return fake_likes.empty() ? 0 : fake_likes[p];
  }
  /// Sets post p's bought likes, making the column on the first non-zero value.
  void set_fake_likes(std::uint32_t p, std::uint32_t fakes) {
    if (fakes == 0 && fake_likes.empty()) return;
    if (fake_likes.empty()) fake_likes.assign(size(), 0);
    fake_likes[p] = fakes;
  }
  /// Appends `count` new roots created at `step` (no likes, depth 0, a cascade of one, each its
  /// own root, serials in order) and returns the first one's id; author, topic and quality are
  /// left for the caller to fill (in parallel, if it likes).
  std::uint32_t append_roots(std::size_t count, std::uint32_t step, std::uint16_t brand_id,
                             PostKind k);
  /// Appends a post and returns its id.
  std::uint32_t add(std::uint32_t author_id, std::uint32_t topic_id, std::uint32_t root_id,
                    std::uint32_t step, float q, std::uint16_t brand_id, std::uint16_t d,
                    PostKind k);
  /// Keeps the posts whose keep flag is 1 (a kept share's root must be kept too), in order, and
  /// returns the map old id -> new id (kDropped for dropped posts). O(posts).
  std::vector<std::uint32_t> compact(const std::vector<std::uint8_t>& keep);
  /// Returns the approximate heap bytes held.
  std::size_t memory_bytes() const;
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, PostStore& p) {
  a(p.author, p.topic, p.root, p.created, p.likes, p.fake_likes, p.quality, p.brand, p.depth,
    p.kind, p.cascade_size, p.cascade_depth, p.serial, p.next_serial, p.recycled);
}

/// Returns the histogram of cascade sizes of a brand's root posts (kNoBrand: people's posts) in
/// log2 bins: bin j counts roots with size in [2^j, 2^(j+1)); for a results snapshot.
std::vector<std::int64_t> cascade_size_histogram(const PostStore& posts, std::uint16_t brand);
/// Returns the histogram of cascade depths (bin d counts roots whose deepest share is d hops).
std::vector<std::int64_t> cascade_depth_histogram(const PostStore& posts, std::uint16_t brand);

/// One item in a feed: the post and its arrival time (step + fraction of the step).
struct FeedEntry {
  std::uint32_t post = 0;
  float arrival = 0.0f;
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, FeedEntry& e) { a(e.post, e.arrival); }

/// Bounded feeds, packed: agent i holds up to `capacity` post ids in its row, items
/// [offsets[i], offsets[i] + size[i]) of `items`. When full, a newer arrival evicts the oldest
/// entry (the feed keeps the latest items). Every push of a post reaches feeds at the same time
/// (the post's), so the arrival time is kept once per post in `arrival`, not in every slot.
/// A row has room for exactly the items it may hold after the pushes under way: before each batch
/// of pushes, make_room() packs the rows anew into a second buffer with min(capacity, held +
/// pushes) slots each, so memory follows what feeds hold (about one item a person; most feeds are
/// empty) rather than `capacity` slots a person (issue 20). The new row offsets overwrite the old
/// ones in place (each row's old offset is read just before its new one is written), so only the
/// item buffer is doubled. Reads shrink size[i] in place; the space they free is dropped at the
/// next make_room().
struct Feeds {
  std::uint32_t capacity = 0;
  std::vector<ArcIndex> offsets{
      0};  ///< person i's row: from offsets[i], offsets[i+1] - offsets[i] slots
  std::vector<std::uint32_t> items;  ///< post ids, rows in person order
  std::vector<std::uint16_t> size;   ///< items held by person i (at most its row's slots)
  std::vector<float> arrival;        ///< per post id: when its pushes reach feeds (step + fraction)
  /// make_room()'s working buffers (contents meaningless between calls, kept so that each step
  /// reuses their pages), not checkpointed: the per-person count of pushes to come (at most
  /// capacity, so 2 bytes), and the second item buffer (swapped with items).
  std::vector<std::uint16_t> incoming;
  std::vector<std::uint32_t> spare_items;

  /// Makes `people` empty feeds of `cap` items at most.
  void reset(std::uint32_t people, std::uint32_t cap);
  /// Records when post's pushes arrive (before any push of it; not thread-safe).
  void note_arrival(std::uint32_t post, float when) {
    if (post >= arrival.size()) arrival.resize(static_cast<std::size_t>(post) + 1, 0.0f);
    arrival[post] = when;
  }
  /// Returns the per-person count of pushes to come, zeroed, for make_room() (one entry a
  /// person; a count past capacity counts as capacity, so a count may stop there).
  std::vector<std::uint16_t>& pending() {
    incoming.assign(size.size(), 0);
    return incoming;
  }
  /// Packs the rows anew, row i with room for min(capacity, size[i] + pending()[i]) items (held
  /// items kept in order), on `threads` threads. Throws std::length_error if the slots outgrow
  /// ArcIndex.
  void make_room(int threads);
  /// Inserts a post whose arrival is noted into agent i's feed, which must have room for it
  /// (make_room; not thread-safe for the same agent).
  void push(std::uint32_t i, std::uint32_t post);
  /// Notes the entry's arrival and inserts it into agent i's feed, making room first (serial
  /// code and tests; O(people)).
  void push(std::uint32_t i, FeedEntry e);
  /// Returns agent i's post ids, in slot order.
  std::span<std::uint32_t> of(std::uint32_t i) { return {items.data() + offsets[i], size[i]}; }
  /// Returns agent i's post ids, in slot order.
  std::span<const std::uint32_t> of(std::uint32_t i) const {
    return {items.data() + offsets[i], size[i]};
  }
  /// Returns the entry (post and arrival time) of a post held in a feed.
  FeedEntry entry(std::uint32_t post) const { return {post, arrival[post]}; }
  /// Renumbers the posts of every feed and the arrival times after PostStore::compact (old id ->
  /// new id; feeds hold no dropped post), on `threads` threads; `posts` is the new store size.
  void remap_posts(const std::vector<std::uint32_t>& to, std::uint32_t posts);
  /// Returns the heap bytes held.
  std::size_t memory_bytes() const {
    return offsets.capacity() * sizeof(ArcIndex) +
           (items.capacity() + spare_items.capacity()) * sizeof(std::uint32_t) +
           (size.capacity() + incoming.capacity()) * sizeof(std::uint16_t) +
           arrival.capacity() * sizeof(float);
  }
};
/// Checkpoint fields (core/state_archive.hpp): every member but make_room()'s spare buffers.
inline void state_fields(StateArchive& a, Feeds& f) {
  a(f.capacity, f.offsets, f.items, f.size, f.arrival);
}

/// Directed follow graph. People's followers are a CSR compacted every few steps plus a mutable
/// overlay (people follow and unfollow people during the run, like the social ties' TieOverlay):
/// unfollowed CSR arcs are flagged in `removed`, new arcs wait in `added` until compact().
/// Brands' followers are a list plus a flag bit per person, with unfollowed entries removed
/// lazily. The flags are bits (FlagBits), set and cleared by serial code only.
struct FollowGraph {
  std::vector<ArcIndex> offsets{0};      ///< person j's followers: [offsets[j], offsets[j+1])
  std::vector<std::uint32_t> followers;  ///< follower ids, ascending within a row
  /// Per CSR arc: set if unfollowed since the last compact(); empty (no bits held) while nothing
  /// is unfollowed, as after every compact().
  FlagBits removed;
  /// (followee, follower) arcs between people added since the last compact(), sorted, unique,
  /// none of them in the CSR.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> added;
  std::uint64_t removed_count = 0;                          ///< arcs flagged in `removed`
  std::vector<std::vector<std::uint32_t>> brand_followers;  ///< per brand, may hold stale ids
  std::vector<FlagBits> follows_brand;                      ///< [brand]: bit per agent, following
  std::vector<std::int64_t> brand_follower_count;           ///< per brand, live followers

  /// Returns the CSR row of person's followers as of the last compact() (it may hold unfollowed
  /// arcs and misses new ones unless pending_changes() == 0); for set-up code (IMM, seeding).
  std::span<const std::uint32_t> followers_of(std::uint32_t person) const {
    return {followers.data() + offsets[person], followers.data() + offsets[person + 1]};
  }
  /// Returns the CSR follower count as of the last compact() (see followers_of).
  std::uint32_t follower_count(std::uint32_t person) const {
    return static_cast<std::uint32_t>(offsets[person + 1] - offsets[person]);
  }
  /// Calls f(follower) for every live follower of person: CSR row in ascending order skipping
  /// unfollowed arcs, then the added arcs in ascending order. O(row + log |added|).
  template <class F>
  void for_each_follower(std::uint32_t person, F&& f) const {
    for (std::uint64_t k = offsets[person]; k < offsets[person + 1]; ++k)
      if (removed_count == 0 || !removed.test(k)) f(followers[k]);
    if (added.empty()) return;
    auto it =
        std::lower_bound(added.begin(), added.end(), std::make_pair(person, std::uint32_t{0}));
    for (; it != added.end() && it->first == person; ++it) f(it->second);
  }
  /// Calls f(follower) for every live follower of person whose id is in [lo, hi), in the order
  /// for_each_follower gives them (a receiver-range slice, for pushes partitioned by receiver).
  template <class F>
  void for_each_follower_in(std::uint32_t person, std::uint32_t lo, std::uint32_t hi, F&& f) const {
    const std::uint32_t* row = followers.data();
    const std::uint64_t end = offsets[person + 1];
    auto k =
        static_cast<std::uint64_t>(std::lower_bound(row + offsets[person], row + end, lo) - row);
    for (; k < end && row[k] < hi; ++k)
      if (removed_count == 0 || !removed.test(k)) f(row[k]);
    if (added.empty()) return;
    auto it = std::lower_bound(added.begin(), added.end(), std::make_pair(person, lo));
    for (; it != added.end() && it->first == person && it->second < hi; ++it) f(it->second);
  }
  /// Returns true if person u follows person v now. O(log row + log |added|).
  bool follows_person(std::uint32_t u, std::uint32_t v) const;
  /// Returns the number of live arcs between people.
  std::uint64_t person_arcs() const { return followers.size() - removed_count + added.size(); }
  /// Returns the number of changes (flagged removals and additions) waiting for compact().
  std::uint64_t pending_changes() const { return removed_count + added.size(); }
  /// Applies (follower, followee) follows, then unfollows, between people; pairs already in the
  /// wanted state and self-follows are ignored. Returns the numbers of arcs actually added and
  /// removed. Results do not depend on the order of either list. O((f + u) log + |added|).
  std::pair<std::uint64_t, std::uint64_t> apply_person_changes(
      std::vector<std::pair<std::uint32_t, std::uint32_t>> follows,
      std::vector<std::pair<std::uint32_t, std::uint32_t>> unfollows);
  /// Folds the overlay into the CSR (rows stay ascending). O(n + arcs).
  void compact();
  /// Returns the heap bytes held.
  std::size_t memory_bytes() const;
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, FollowGraph& g) {
  a(g.offsets, g.followers, g.removed, g.added, g.removed_count, g.brand_followers, g.follows_brand,
    g.brand_follower_count);
}

struct MediaState {
  bool ready = false;  ///< set by the social_media process's prepare()
  FollowGraph follow;
  PostStore posts;
  Feeds feeds;
  /// Brand topic vectors, brands x topics, unit rows (the normalised mean interest of the
  /// brand's home community).
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> brand_topic;
  std::vector<std::vector<std::uint32_t>> influencers;  ///< per brand, people paid to post
  /// Returns the heap bytes held (follow graph, posts, feeds, brand topics, influencers).
  std::size_t memory_bytes() const;
};
/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, MediaState& m) {
  a(m.ready, m.follow, m.posts, m.feeds, m.brand_topic, m.influencers);
}

}  // namespace snsim
