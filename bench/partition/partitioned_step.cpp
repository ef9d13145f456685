// A two-rank (or R-rank) prototype of the partitioned step of docs/scaling.md ("A two-rank
// prototype"). It is NOT snsim's engine: it runs a reduced social-media step (posting, pushes into
// bounded feeds, reading with likes, two ordered sums) on a population split over MPI ranks by
// contiguous id ranges aligned to ordered_sum's 16,384-id blocks, following the design's rules
// 1-4 of "Bitwise identical to one rank", and prints a hash of the final state that must not
// depend on the number of ranks, with the bytes that crossed ranks each step by kind.
//   OMP_NUM_THREADS=1 mpirun -n 2 build/ci/bench/partition/snsim_partition_proto [key=value ...]
// Keys: n m T capacity seed post_prob read_prob attention decay like_base pull (see kDefaults).
// Lines: `series` (one per step, identical for any rank count), `bytes` and `time` (per step,
// informational), `hash` (identical for any rank count).
#define OMPI_SKIP_MPICXX 1  // the C API only: no libmpi_cxx
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <time.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "snsim/core/ordered_sum.hpp"
#include "snsim/core/random_stream.hpp"
#include "snsim/network/generators.hpp"

namespace {

using snsim::AgentId;
using snsim::RandomStream;
using snsim::StreamKey;

// ordered_sum's block (include/snsim/core/ordered_sum.hpp keeps it inside the function): ranks
// own whole blocks, so a rank's block partials are exactly the one-rank partials.
constexpr std::int64_t kBlock = 16384;
constexpr std::uint32_t kProcess = snsim::stream_id("partition_proto");
enum Purpose : std::uint32_t { kInterest = 1, kPost = 2, kRead = 3 };

const std::map<std::string, std::string> kDefaults = {
    {"n", "100000"},      {"m", "5"},         {"T", "10"},
    {"capacity", "15"},   {"seed", "1"},      {"post_prob", "0.05"},
    {"read_prob", "0.5"}, {"attention", "5"}, {"decay", "0.8"},
    {"like_base", "0.1"}, {"pull", "0.05"}};

/// A post at its author's rank (the post store).
struct Post {
  std::uint32_t id;
  AgentId author;
  float topic;    ///< the author's interest when posting
  float quality;  ///< uniform on [0, 1)
  float created;  ///< step + uniform time within the step
  std::uint32_t likes;
};

/// A delivery of a post into a follower's feed: what the design counts as 8 bytes.
struct Delivery {
  AgentId receiver;
  std::uint32_t post;
};

/// The ghost record of a remote post: the fields a reader ranks and likes by, sent once per post
/// and receiving rank (the design's 32-byte record also carries likes, brand, kind and root).
struct Ghost {
  std::uint32_t post;
  AgentId author;  ///< tells the reader's rank where to send the likes back
  float topic;
  float quality;
  float created;
};

/// Likes of one remote post summed on the reader's rank, sent to the post's owner.
struct LikeCount {
  std::uint32_t post;
  std::uint32_t count;
};

/// A feed item: the post's id and the ghost fields, kept with the item.
struct FeedItem {
  Ghost g;
  bool read = false;
};

/// Returns true if a is newer than b: later created, ties broken by the larger post id.
bool newer(const Ghost& a, const Ghost& b) {
  return a.created != b.created ? a.created > b.created : a.post > b.post;
}

/// Returns the 64-bit FNV-1a hash of n bytes continued from h.
std::uint64_t fnv(std::uint64_t h, const void* p, std::size_t n) {
  const auto* c = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ull;
  return h;
}
constexpr std::uint64_t kFnvBasis = 14695981039346656037ull;

/// Returns splitmix64's finaliser of x (a well-mixed 64-bit value).
std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// The split of the population: rank r owns the people of blocks [first_block[r],
/// first_block[r + 1]), i.e. ids [lo(r), hi(r)).
struct Partition {
  std::int64_t n = 0;
  std::vector<std::int64_t> first_block;

  /// Returns the first id rank r owns.
  std::int64_t lo(int r) const { return std::min(n, first_block[r] * kBlock); }
  /// Returns one past the last id rank r owns.
  std::int64_t hi(int r) const { return std::min(n, first_block[r + 1] * kBlock); }
  /// Returns the rank that owns person i.
  int owner(AgentId i) const {
    const auto b = static_cast<std::int64_t>(i) / kBlock;
    return static_cast<int>(std::upper_bound(first_block.begin(), first_block.end(), b) -
                            first_block.begin()) -
           1;
  }
};

/// Returns the split of n people over `ranks` ranks: whole blocks, as even as blocks allow.
Partition partition(std::int64_t n, int ranks) {
  Partition p;
  p.n = n;
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
  for (int r = 0; r <= ranks; ++r) p.first_block.push_back(blocks * r / ranks);
  return p;
}

/// Bytes sent to other ranks in one step, by kind (the design's table of traffic).
struct Traffic {
  std::uint64_t deliveries = 0, ghosts = 0, likes = 0, reductions = 0;
};

/// Returns this thread's CPU seconds: unlike wall time, hardly moved by other jobs on the cores.
double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// A point in time: wall and CPU seconds.
struct Clock {
  double wall = MPI_Wtime(), cpu = cpu_s();
};

/// Wraps the MPI calls of one rank and counts the seconds spent in them.
struct Comm {
  int rank = 0, size = 1;
  double mpi_wall = 0, mpi_cpu = 0;  ///< seconds in MPI calls this step

  /// Adds the time since `start` to the time in MPI calls.
  void count_mpi(const Clock& start) {
    const Clock end;
    mpi_wall += end.wall - start.wall;
    mpi_cpu += end.cpu - start.cpu;
  }

  /// Returns what every rank sent to this one: out[r] goes to rank r (MPI_Alltoallv); adds the
  /// bytes sent to other ranks to *sent.
  template <class T>
  std::vector<T> exchange(const std::vector<std::vector<T>>& out, std::uint64_t* sent) {
    const Clock t0;
    std::vector<int> send_n(size), recv_n(size), send_at(size), recv_at(size);
    std::vector<T> flat;
    for (int r = 0; r < size; ++r) {
      send_at[r] = static_cast<int>(flat.size() * sizeof(T));
      send_n[r] = static_cast<int>(out[r].size() * sizeof(T));
      flat.insert(flat.end(), out[r].begin(), out[r].end());
      if (r != rank) *sent += out[r].size() * sizeof(T);
    }
    MPI_Alltoall(send_n.data(), 1, MPI_INT, recv_n.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < size; ++r) recv_at[r] = total, total += recv_n[r];
    std::vector<T> in(static_cast<std::size_t>(total) / sizeof(T));
    MPI_Alltoallv(flat.data(), send_n.data(), send_at.data(), MPI_BYTE, in.data(), recv_n.data(),
                  recv_at.data(), MPI_BYTE, MPI_COMM_WORLD);
    count_mpi(t0);
    return in;
  }
};

/// One rank's share of the simulation state and the reduced step over it.
class Rank {
 public:
  /// Builds the rank's state at set-up: interests drawn per person, empty feeds, no posts.
  Rank(const std::map<std::string, std::string>& arg, const snsim::SocialGraph& graph, Comm& comm)
      : graph_(graph),
        comm_(comm),
        part_(partition(graph.num_agents(), comm.size)),
        lo_(part_.lo(comm.rank)),
        hi_(part_.hi(comm.rank)),
        seed_(std::stoull(arg.at("seed"))),
        capacity_(std::stoul(arg.at("capacity"))),
        attention_(std::stoul(arg.at("attention"))),
        post_prob_(std::stod(arg.at("post_prob"))),
        read_prob_(std::stod(arg.at("read_prob"))),
        decay_(std::stod(arg.at("decay"))),
        like_logit_(
            std::log(std::stod(arg.at("like_base")) / (1 - std::stod(arg.at("like_base"))))),
        pull_(std::stof(arg.at("pull"))) {
    interest_.resize(static_cast<std::size_t>(hi_ - lo_));
    feed_.resize(interest_.size());
    satisfaction_.assign(interest_.size(), 0.0f);
    for (std::int64_t i = lo_; i < hi_; ++i) {
      // Rule 1: the stream names the person, not the rank, so every split draws the same value.
      RandomStream s(stream(snsim::kSetupStep, kInterest, i));
      interest_[local(i)] = static_cast<float>(s.uniform01());
    }
  }

  /// Returns the step's exact counts and ordered sums (valid on rank 0) after running step t.
  std::vector<std::uint64_t> step(std::uint32_t t, Traffic* traffic) {
    post(t, traffic);
    push(traffic);
    read(t, traffic);
    return reduce(traffic);
  }

  /// Returns the hash of the final state (valid on rank 0): every person's interest and feed
  /// (item ids in feed order, read flags), every post's like count, and the series.
  std::uint64_t state_hash(const std::vector<std::uint64_t>& series) {
    // People: one hash per ordered_sum block, gathered in block order, so the result does not
    // depend on where the rank boundaries fall.
    std::vector<std::uint64_t> block_hash;
    for (std::int64_t b = lo_; b < hi_; b += kBlock) {
      std::uint64_t h = kFnvBasis;
      for (std::int64_t i = b; i < std::min(hi_, b + kBlock); ++i) {
        h = fnv(h, &interest_[local(i)], sizeof(float));
        for (const FeedItem& f : feed_[local(i)]) {
          h = fnv(h, &f.g.post, sizeof f.g.post);
          h = fnv(h, &f.read, sizeof f.read);
        }
      }
      block_hash.push_back(h);
    }
    const std::vector<std::uint64_t> all = gather_to_root(block_hash, nullptr);
    // Posts: a sum of mixed (id, author, likes) words is exact in any order.
    std::uint64_t posts = 0, posts_all = 0;
    for (const Post& p : posts_)
      posts += mix((std::uint64_t{p.id} << 32 | p.author) ^ mix(p.likes));
    MPI_Reduce(&posts, &posts_all, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    std::uint64_t h = fnv(kFnvBasis, all.data(), all.size() * sizeof(std::uint64_t));
    h = fnv(h, &posts_all, sizeof posts_all);
    return fnv(h, series.data(), series.size() * sizeof(std::uint64_t));
  }

 private:
  /// Returns the key of the stream of (step, purpose, entity).
  StreamKey stream(std::uint64_t step, Purpose purpose, std::int64_t entity) const {
    return StreamKey{seed_, 0, step, kProcess, purpose, static_cast<std::uint64_t>(entity)};
  }
  /// Returns the index of owned person i in this rank's columns.
  std::size_t local(std::int64_t i) const { return static_cast<std::size_t>(i - lo_); }

  /// Posting: each owned person posts with chance post_prob; ids in one-rank order (rule 2).
  void post(std::uint32_t t, Traffic* traffic) {
    new_posts_.clear();
    for (std::int64_t i = lo_; i < hi_; ++i) {
      RandomStream s(stream(t, kPost, i));
      if (!s.bernoulli(post_prob_)) continue;
      const auto quality = static_cast<float>(s.uniform01());
      const auto created = static_cast<float>(t + s.uniform01());
      new_posts_.push_back({0, static_cast<AgentId>(i), interest_[local(i)], quality, created, 0});
    }
    // Rule 2: the one-rank order is people in id order, and ranks own ascending id ranges, so
    // the exclusive prefix sum of the counts is this rank's first id.
    const std::uint64_t count = new_posts_.size();
    std::uint64_t before = 0, total = 0;
    const Clock t0;
    MPI_Exscan(&count, &before, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(&count, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    comm_.count_mpi(t0);
    if (comm_.rank == 0) before = 0;  // MPI leaves rank 0's Exscan result undefined
    if (comm_.size > 1) traffic->reductions += 2 * sizeof(std::uint64_t);
    for (std::size_t k = 0; k < new_posts_.size(); ++k)
      new_posts_[k].id = static_cast<std::uint32_t>(next_post_ + before + k);
    next_post_ += total;
    if (next_post_ > UINT32_MAX) throw std::length_error("more than 2^32 posts: use fewer steps");
    posts_.insert(posts_.end(), new_posts_.begin(), new_posts_.end());
  }

  /// Pushes: every new post goes to its author's followers' feeds (here the social graph's
  /// neighbours); deliveries to another rank's people go there with one ghost record per post.
  void push(Traffic* traffic) {
    std::vector<std::vector<Delivery>> out(static_cast<std::size_t>(comm_.size));
    std::vector<std::vector<Ghost>> ghosts_out(out.size());
    std::vector<Ghost> ghosts;  // this step's posts as readers see them: own and remote
    for (const Post& p : new_posts_) {
      const Ghost g{p.id, p.author, p.topic, p.quality, p.created};
      ghosts.push_back(g);
      int last = -1;
      for (const AgentId v : graph_.neighbours(p.author)) {
        const int r = part_.owner(v);
        out[static_cast<std::size_t>(r)].push_back({v, p.id});
        // Neighbours are ascending, so their ranks are too: one ghost per post and rank.
        if (r != comm_.rank && r != last) ghosts_out[static_cast<std::size_t>(r)].push_back(g);
        last = r;
      }
    }
    std::vector<Delivery> in = comm_.exchange(out, &traffic->deliveries);
    const std::vector<Ghost> remote = comm_.exchange(ghosts_out, &traffic->ghosts);
    ghosts.insert(ghosts.end(), remote.begin(), remote.end());
    std::sort(ghosts.begin(), ghosts.end(),
              [](const Ghost& a, const Ghost& b) { return a.post < b.post; });
    // Rule 3: apply in post-id order (the one-rank push order), whatever order ranks sent in.
    std::sort(in.begin(), in.end(), [](const Delivery& a, const Delivery& b) {
      return a.post != b.post ? a.post < b.post : a.receiver < b.receiver;
    });
    for (const Delivery& d : in) {
      const auto g = std::lower_bound(ghosts.begin(), ghosts.end(), d.post,
                                      [](const Ghost& x, std::uint32_t id) { return x.post < id; });
      std::vector<FeedItem>& feed = feed_[local(d.receiver)];
      // The feed keeps the newest `capacity` items, newest first (ties by post id), so its
      // content does not depend on the order of arrival either.
      const auto at =
          std::upper_bound(feed.begin(), feed.end(), *g,
                           [](const Ghost& x, const FeedItem& f) { return newer(x, f.g); });
      if (static_cast<std::size_t>(at - feed.begin()) >= capacity_) continue;
      feed.insert(at, FeedItem{*g, false});
      if (feed.size() > capacity_) feed.pop_back();
    }
  }

  /// Reads: an active owned person reads the top `attention` unread items of their feed, ranked
  /// by relevance to their interest; a seen item is liked with a chance rising with relevance and
  /// quality; a like pulls the reader's interest toward the topic. Remote likes go to the owner.
  void read(std::uint32_t t, Traffic* traffic) {
    std::vector<std::map<std::uint32_t, std::uint32_t>> remote(
        static_cast<std::size_t>(comm_.size));
    std::fill(satisfaction_.begin(), satisfaction_.end(), 0.0f);
    seen_ = 0;
    liked_ = 0;
    std::vector<FeedItem*> unread;
    for (std::int64_t i = lo_; i < hi_; ++i) {
      RandomStream s(stream(t, kRead, i));
      if (!s.bernoulli(read_prob_)) continue;
      float& interest = interest_[local(i)];
      unread.clear();
      for (FeedItem& f : feed_[local(i)])
        if (!f.read) unread.push_back(&f);
      const auto relevance = [&](const FeedItem* f) {
        return 1.0f - std::fabs(interest - f->g.topic);
      };
      std::sort(unread.begin(), unread.end(), [&](const FeedItem* a, const FeedItem* b) {
        const float ra = relevance(a), rb = relevance(b);
        return ra != rb ? ra > rb : a->g.post > b->g.post;
      });
      double shown = 1.0;
      for (std::size_t r = 0; r < std::min<std::size_t>(attention_, unread.size()); ++r) {
        FeedItem& f = *unread[r];
        const bool seen = s.bernoulli(shown);
        shown *= decay_;
        if (!seen) continue;
        f.read = true;
        ++seen_;
        const float rel = relevance(&f);
        satisfaction_[local(i)] += rel;
        const double logit = like_logit_ + 2.0 * (rel - 0.5) + 1.0 * (f.g.quality - 0.5);
        if (!s.bernoulli(1.0 / (1.0 + std::exp(-logit)))) continue;
        ++liked_;
        interest += pull_ * (f.g.topic - interest);
        const int owner = part_.owner(f.g.author);
        if (owner == comm_.rank)
          like(f.g.post, 1);
        else
          ++remote[static_cast<std::size_t>(owner)][f.g.post];
      }
    }
    // Likes of remote posts, summed per post on this rank: integers, exact in any order.
    std::vector<std::vector<LikeCount>> out(remote.size());
    for (std::size_t r = 0; r < remote.size(); ++r)
      for (const auto& [post, count] : remote[r]) out[r].push_back({post, count});
    for (const LikeCount& l : comm_.exchange(out, &traffic->likes)) like(l.post, l.count);
  }

  /// Adds `count` likes to the owned post `id`.
  void like(std::uint32_t id, std::uint32_t count) {
    const auto p = std::lower_bound(posts_.begin(), posts_.end(), id,
                                    [](const Post& x, std::uint32_t v) { return x.id < v; });
    p->likes += count;
  }

  /// Returns rank-0 gathers of the values each rank holds, in rank order; adds bytes sent to
  /// rank 0 from another rank to *sent (if not null).
  std::vector<std::uint64_t> gather_to_root(const std::vector<std::uint64_t>& mine,
                                            std::uint64_t* sent) {
    const Clock t0;
    const int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(comm_.size)), at(counts.size());
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    int total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) at[r] = total, total += counts[r];
    std::vector<std::uint64_t> all(static_cast<std::size_t>(total));
    MPI_Gatherv(mine.data(), count, MPI_UINT64_T, all.data(), counts.data(), at.data(),
                MPI_UINT64_T, 0, MPI_COMM_WORLD);
    comm_.count_mpi(t0);
    if (sent && comm_.rank != 0) *sent += mine.size() * sizeof(std::uint64_t);
    return all;
  }

  /// Returns the step's series entry on rank 0: posts, deliveries, items seen, likes (exact
  /// integer sums) and the bits of mean interest and mean satisfaction (ordered sums, rule 4).
  std::vector<std::uint64_t> reduce(Traffic* traffic) {
    // Rule 4: each owned block summed alone, exactly as ordered_sum sums it (ordered_sum over
    // one block returns that block's partial), then rank 0 adds the blocks in block order.
    std::vector<std::uint64_t> partials;
    for (std::int64_t b = lo_; b < hi_; b += kBlock) {
      const std::int64_t len = std::min(hi_, b + kBlock) - b;
      const double in = snsim::ordered_sum(
          len, [&](std::int64_t k) { return static_cast<double>(interest_[local(b + k)]); });
      const double sat = snsim::ordered_sum(
          len, [&](std::int64_t k) { return static_cast<double>(satisfaction_[local(b + k)]); });
      partials.push_back(std::bit_cast<std::uint64_t>(in));
      partials.push_back(std::bit_cast<std::uint64_t>(sat));
    }
    const std::vector<std::uint64_t> all = gather_to_root(partials, &traffic->reductions);
    std::uint64_t counts[4] = {new_posts_.size(), 0, seen_, liked_};
    for (const Post& p : new_posts_) counts[1] += graph_.degree(p.author);
    std::uint64_t sums[4] = {0, 0, 0, 0};
    const Clock t0;
    MPI_Reduce(counts, sums, 4, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    comm_.count_mpi(t0);
    if (comm_.rank != 0) traffic->reductions += sizeof counts;
    double interest = 0.0, satisfaction = 0.0;
    for (std::size_t k = 0; k + 1 < all.size(); k += 2) {
      interest += std::bit_cast<double>(all[k]);
      satisfaction += std::bit_cast<double>(all[k + 1]);
    }
    if (comm_.size == 1) {
      // One rank: the gathered blocks must equal ordered_sum over the whole population.
      const double whole = snsim::ordered_sum(
          part_.n, [&](std::int64_t i) { return static_cast<double>(interest_[local(i)]); });
      if (std::bit_cast<std::uint64_t>(whole) != std::bit_cast<std::uint64_t>(interest))
        throw std::logic_error("block sums differ from ordered_sum");
    }
    const auto n = static_cast<double>(part_.n);
    return {sums[0],
            sums[1],
            sums[2],
            sums[3],
            std::bit_cast<std::uint64_t>(interest / n),
            std::bit_cast<std::uint64_t>(satisfaction / n)};
  }

  const snsim::SocialGraph& graph_;
  Comm& comm_;
  Partition part_;
  std::int64_t lo_, hi_;
  std::uint64_t seed_;
  std::size_t capacity_, attention_;
  double post_prob_, read_prob_, decay_, like_logit_;
  float pull_;
  std::vector<float> interest_;              ///< per owned person, in [0, 1]
  std::vector<float> satisfaction_;          ///< per owned person: relevance seen this step
  std::vector<std::vector<FeedItem>> feed_;  ///< per owned person, newest first
  std::vector<Post> posts_;                  ///< posts this rank's people made, ascending ids
  std::vector<Post> new_posts_;              ///< this step's
  std::uint64_t next_post_ = 0;              ///< first id of the next step's posts
  std::uint64_t seen_ = 0, liked_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  Comm comm;
  MPI_Comm_rank(MPI_COMM_WORLD, &comm.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &comm.size);
  try {
    std::map<std::string, std::string> arg = kDefaults;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      const auto eq = a.find('=');
      if (eq == std::string::npos || !arg.count(a.substr(0, eq)))
        throw std::invalid_argument("unknown argument " + a + " (want key=value)");
      arg[a.substr(0, eq)] = a.substr(eq + 1);
    }
    const auto n = static_cast<std::uint32_t>(std::stoul(arg["n"]));
    const auto steps = static_cast<std::uint32_t>(std::stoul(arg["T"]));
    const double g0 = MPI_Wtime();
    // Set-up is replicated: every rank builds the whole graph and reads only its own rows (the
    // design's distributed generation, rule 5, is not prototyped).
    const snsim::SocialGraph graph = snsim::generate_barabasi_albert(
        n, static_cast<std::uint32_t>(std::stoul(arg["m"])), 1.0f, std::stoull(arg["seed"]));
    Rank rank(arg, graph, comm);
    const double g1 = MPI_Wtime();
    if (comm.rank == 0)
      std::printf("setup n=%u arcs=%llu ranks=%d set_up_s=%.3f\n", n,
                  static_cast<unsigned long long>(graph.num_arcs()), comm.size, g1 - g0);
    std::vector<std::uint64_t> series;
    Traffic total;
    for (std::uint32_t t = 0; t < steps; ++t) {
      MPI_Barrier(MPI_COMM_WORLD);
      comm.mpi_wall = comm.mpi_cpu = 0;
      const Clock s0;
      Traffic traffic;
      const std::vector<std::uint64_t> row = rank.step(t, &traffic);
      const Clock s1;
      // Informational: bytes that left each rank, summed over ranks; the slowest rank's step and
      // wall time in MPI calls; the CPU seconds each rank spent outside MPI calls (its own work:
      // least, most and summed over ranks, so the gap is the load imbalance and the sum compares
      // with one rank's work whatever else runs on the cores).
      std::uint64_t bytes[4] = {traffic.deliveries, traffic.ghosts, traffic.likes,
                                traffic.reductions};
      std::uint64_t bytes_all[4];
      const double work = (s1.cpu - s0.cpu) - comm.mpi_cpu;
      double times[3] = {s1.wall - s0.wall, comm.mpi_wall, work}, times_max[3];
      double work_min = 0, work_sum = 0;
      MPI_Reduce(bytes, bytes_all, 4, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
      MPI_Reduce(times, times_max, 3, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
      MPI_Reduce(&work, &work_min, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
      MPI_Reduce(&work, &work_sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
      if (comm.rank != 0) continue;
      series.insert(series.end(), row.begin(), row.end());
      total.deliveries += bytes_all[0], total.ghosts += bytes_all[1];
      total.likes += bytes_all[2], total.reductions += bytes_all[3];
      std::printf(
          "series step=%u posts=%llu deliveries=%llu seen=%llu likes=%llu "
          "mean_interest=%.17g mean_satisfaction=%.17g\n",
          t, static_cast<unsigned long long>(row[0]), static_cast<unsigned long long>(row[1]),
          static_cast<unsigned long long>(row[2]), static_cast<unsigned long long>(row[3]),
          std::bit_cast<double>(row[4]), std::bit_cast<double>(row[5]));
      std::printf("bytes step=%u deliveries=%llu ghosts=%llu likes=%llu reductions=%llu\n", t,
                  static_cast<unsigned long long>(bytes_all[0]),
                  static_cast<unsigned long long>(bytes_all[1]),
                  static_cast<unsigned long long>(bytes_all[2]),
                  static_cast<unsigned long long>(bytes_all[3]));
      std::printf(
          "time step=%u wall_s=%.4f mpi_wall_s=%.4f work_cpu_s_min=%.4f "
          "work_cpu_s_max=%.4f work_cpu_s_sum=%.4f\n",
          t, times_max[0], times_max[1], work_min, times_max[2], work_sum);
    }
    const std::uint64_t hash = rank.state_hash(series);
    if (comm.rank == 0) {
      std::printf("bytes total deliveries=%llu ghosts=%llu likes=%llu reductions=%llu\n",
                  static_cast<unsigned long long>(total.deliveries),
                  static_cast<unsigned long long>(total.ghosts),
                  static_cast<unsigned long long>(total.likes),
                  static_cast<unsigned long long>(total.reductions));
      std::printf("hash %016llx\n", static_cast<unsigned long long>(hash));
    }
    MPI_Finalize();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "snsim_partition_proto: %s\n", e.what());
    MPI_Abort(MPI_COMM_WORLD, 2);
    return 2;
  }
}
