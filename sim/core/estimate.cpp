#include "snsim/core/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "snsim/core/ids.hpp"

namespace snsim {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kOffsetBytes = sizeof(ArcIndex);  // a CSR row offset (core/ids.hpp)

/// Returns true if the pipeline names the process.
bool runs(const Scenario& s, std::string_view process) {
  return std::find(s.processes.begin(), s.processes.end(), process) != s.processes.end();
}

/// Returns the lines of a text file (the ties of an edge list, near enough), 0 if unreadable.
double count_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0.0;
  double lines = 0;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    lines += static_cast<double>(std::count(buf, buf + in.gcount(), '\n'));
  }
  return lines;
}

/// Returns the expected arcs (two per tie) of the scenario's social graph.
double expected_arcs(const Scenario& s) {
  const double n = s.population.size;
  const NetworkSpec& net = s.network;
  switch (net.generator) {
    case GraphGenerator::complete:
      return 0.0;  // stored implicitly
    case GraphGenerator::erdos_renyi:
      return n * net.er_mean_degree;
    case GraphGenerator::barabasi_albert:
      return 2.0 * std::min<double>(net.ba_m, n - 1) * n;
    case GraphGenerator::watts_strogatz:
      return n * net.ws_k;
    case GraphGenerator::stochastic_block:
      return n * (net.sbm_degree_in + net.sbm_degree_out);
    case GraphGenerator::holme_kim:
      return 2.0 * std::min<double>(net.hk_m, n - 1) * n;
    case GraphGenerator::edge_list:
      return 2.0 * count_lines(net.edge_list_path);
    case GraphGenerator::jackson_rogers:  // m = p_r m_r + p_n m_n links per newcomer
      return 2.0 * n * (net.jr_p_r * net.jr_m_r + net.jr_p_n * net.jr_m_n);
  }
  return 0.0;
}

/// Returns the expected feed sessions of one person in one step.
double sessions_per_person(const Scenario& s) {
  const double mean = s.population.activity_mean;
  if (s.platform.sessions == SessionModel::poisson) return mean;
  // Bernoulli: min(1, activity) with activity lognormal of this mean; E[min(1, X)] by a short
  // quadrature over the normal (exact enough for an estimate).
  const double sigma = s.population.activity_sigma;
  if (sigma == 0.0) return std::min(1.0, mean);
  const double mu = std::log(mean) - 0.5 * sigma * sigma;
  double total = 0.0, weight = 0.0;
  for (int k = -40; k <= 40; ++k) {
    const double z = k / 10.0, w = std::exp(-0.5 * z * z);
    total += w * std::min(1.0, std::exp(mu + sigma * z));
    weight += w;
  }
  return total / weight;
}

/// Returns the chance that a person opens their feed in a step (at least one session).
double read_chance(const Scenario& s) {
  if (s.platform.sessions == SessionModel::poisson) {
    // Poisson sessions of a lognormal mean: 1 - E[exp(-X)], by the same quadrature.
    const double mean = s.population.activity_mean, sigma = s.population.activity_sigma;
    const double mu = std::log(mean) - 0.5 * sigma * sigma;
    double total = 0.0, weight = 0.0;
    for (int k = -40; k <= 40; ++k) {
      const double z = k / 10.0, w = std::exp(-0.5 * z * z);
      total += w * (1.0 - std::exp(-std::exp(mu + sigma * z)));
      weight += w;
    }
    return total / weight;
  }
  return sessions_per_person(s);  // Bernoulli: one session or none
}

// Measured constants (README "Performance" says how). People's posts are platform.person_posts
// a session (people_posts in the results); their shares are rare beside them and not counted.
// PostStore holds 37 bytes a post in 11 columns that grow by doubling (41 in 12 once
// manipulation buys fake likes); resident memory measured over 1 M x 20 and 100 k x 120 step runs
// grows by about twice that per post (the copies of each doubling and the freed old buffers that
// the allocator keeps).
// The feeds' arrival time of each post (Feeds::arrival, 4 bytes) grows and is kept alike.
constexpr double kPostBytes = 2.0 * (5 * 4 + 4 + 2 * 2 + 1 + 4 + 2 + 4);
constexpr double kFakeLikeBytes = 2.0 * 4;  // PostStore::fake_likes, with manipulation only
constexpr double kRecyclePosts = 65536;  // SocialMedia::kRecycleMinPosts: smaller stores are kept
constexpr double kProcessBaseBytes = 14.0 * kMiB;  // libraries, HDF5, the recorder

// Time on the reference machine, one thread, in nanoseconds per unit of work, from the
// quiet-machine figures of README "Performance" (2026-11-26): bench/scale_100k.yaml, 100 steps in
// 0.49 s on one thread (16 ns per agent and brand for broadcast, word_of_mouth, funnel and
// accounting), and bench/media_1m.yaml, 61.5 s for 50 steps of 1 M feed sessions on one thread (1.2
// us a session) before the read path drew background items as a Poisson process (README
// "Media read path and set-up"): social_media's step time then fell 4.65x on media_1m and 5.2x on
// scale_1m (same hour, same load), so about 250 ns a session; to re-measure on a quiet machine.
constexpr double kFunnelNsPerAgentBrand = 16.0;  // broadcast, word_of_mouth, funnel, accounting
constexpr double kMediaNsPerSession = 250.0;     // social_media: one feed session read
constexpr double kNetworkingNsPerAgent = 10.0;   // person_ties and social_networking
constexpr double kSetupNsPerArc = 60.0;          // graph generation and CSR
// market: the scan for people with an occasion, and one occasion (a keyed stream, the logit over
// the brands, the purchase record: about 720 instructions under callgrind, README "Performance").
constexpr double kMarketNsPerAgent = 1.0;
constexpr double kMarketNsPerOccasion = 300.0;
constexpr double kParallelShare = 0.9;                // of the step's work that threads share
constexpr double kMinParallelAgentsEstimate = 32768;  // core/parallel.hpp

}  // namespace

double expected_person_ties(const Scenario& s) {
  // Ties form at most at (closure_rate + homophily_rate) N a step and each lives until its
  // strength decays below the floor, plus up to one compaction interval (decay is applied at
  // compactions), so the ties held level off at that rate times the lifetime.
  const NetworkingSpec& net = s.networking;
  const double steps = s.time.steps;
  double lifetime = steps;
  if (net.tie_decay > 0) {
    lifetime = std::ceil(std::log(net.tie_floor / net.person_tie_strength) /
                         std::log(1.0 - net.tie_decay)) +
               net.compaction_interval;
  }
  const double per_step = (net.closure_rate + net.homophily_rate) * s.population.size;
  return per_step * std::min(steps, std::max(lifetime, 1.0));
}

ResourceEstimate estimate_resources(const Scenario& s, int threads) {
  ResourceEstimate e;
  e.threads = std::max(1, threads);
  const double n = s.population.size;
  const double brands = static_cast<double>(s.brands.size());
  const double arcs = expected_arcs(s);
  e.arcs = arcs;
  e.people = n;
  auto add = [&e](std::string name, double bytes) {
    if (bytes > 0) e.memory.push_back({std::move(name), bytes});
  };

  // Population columns: interests (k components of interest_bits bits), community, activity,
  // attention, share, reply, skepticism.
  add("population columns",
      n * (s.population.interest_bits / 8.0 * s.population.topics + 2 + 4 + 2 + 4 + 4 + 4));
  // Social graph CSR: row offsets and 4-byte ids per arc; 4-byte strengths per arc only
  // for an edge list (generated graphs have one strength, stored once).
  const double strength_bytes = s.network.generator == GraphGenerator::edge_list ? 4.0 : 0.0;
  add("social graph (CSR)", kOffsetBytes * (n + 1) + (4.0 + strength_bytes) * arcs);

  // Funnels: stage (1 byte), trust (4), reached (1) per agent and brand, and a 1-byte touch
  // column per channel that touches the brand (allocated on the first touch; the rare counts past
  // 254 sit in an overflow store, core/touch_column.hpp, too small to count).
  add("brand funnels", brands * n * 6.0);
  double touch_columns = 0;
  for (const BrandSpec& b : s.brands) {
    if (runs(s, "broadcast") && b.money_per_step * b.broadcast_share > 0) touch_columns += 1;
    if (runs(s, "word_of_mouth")) touch_columns += 1;
    if (runs(s, "social_media")) touch_columns += b.media.promote_share > 0 ? 3 : 2;
    if (runs(s, "social_networking") && b.networking_share > 0 && b.hours_per_step > 0) {
      touch_columns += b.groups.empty() ? 2 : 3;  // conversation, introduction (, group)
    }
  }
  add("touch columns", touch_columns * n * 1.0);
  if (s.attribution.enabled) add("attribution touch history", brands * n * 36.0);

  if (runs(s, "word_of_mouth")) {
    // A 4-byte position a person (allocated at the first pass with talkers); on the complete graph,
    // where everyone listens, instead a list of 12 bytes a person (id and rate heard). Elsewhere
    // the lists hold the people who hear a talker in one pass (12 bytes each) and the talkers (16
    // bytes each, twice while found in parallel): they grow with adoption, which this estimate
    // does not foresee, and are not counted.
    const bool complete = s.network.generator == GraphGenerator::complete;
    add("word of mouth (listener positions)", n * (complete ? 12.0 : 4.0));
  }
  if (runs(s, "person_ties") && s.network.generator != GraphGenerator::complete) {
    // Community member lists (4 bytes a person) and the tie overlay (network/tie_overlay.hpp):
    // 16 bytes a compacted tie (two arcs of id and strength) and one offsets array; 12 bytes a
    // pending tie and 8 a slot of its duplicate guard (a power of two at least twice the keys).
    // A compaction frees the guard, then holds 20 bytes a pending tie (the list sorted in place
    // and the list of lower arcs) as the rows grow to take them; before it, the rows hold only
    // the older ties (16 bytes a pending tie less).
    const NetworkingSpec& net = s.networking;
    const double per_step = (net.closure_rate + net.homophily_rate) * n;
    const double held = expected_person_ties(s);
    const double pending = per_step * std::min<double>(net.compaction_interval, s.time.steps);
    const double guard_slots =
        std::max(64.0, std::exp2(std::ceil(std::log2(std::max(1.0, 2.0 * pending)))));
    // A run shorter than the compaction interval never compacts: its ties all stay pending.
    const bool compacts = s.time.steps >= net.compaction_interval;
    add("person ties (overlay at a compaction, members)",
        kOffsetBytes * (n + 1) + 4.0 * n +
            (compacts ? 16.0 * held + std::max(20.0 * pending, 8.0 * guard_slots - 4.0 * pending)
                      : 12.0 * pending + 8.0 * guard_slots));
  }
  if (runs(s, "social_networking") &&
      !(runs(s, "person_ties") && s.network.generator != GraphGenerator::complete)) {
    // The community member lists (4 bytes a person), shared with person_ties, whose term counts
    // them when it runs. A brand's ties and the people it talked to in a step are indexed by
    // hash tables sized to them (networking/person_index.hpp), not to the population: a brand's
    // hours allow hundreds to thousands of ties, too few to count.
    add("social networking (community members)", n * 4.0);
  }
  if (runs(s, "social_media")) {
    const PlatformSpec& pl = s.platform;
    const double follows = pl.follow_graph.tie_follow * arcs + pl.follow_graph.popular_follows * n;
    // Follower CSR: offsets, ids, an unfollow flag bit per arc (media/flag_bits.hpp).
    add("follow graph", kOffsetBytes * (n + 1) + (4.0 + 1.0 / 8.0) * follows);
    // A following bit per person and brand, and the brand's list of 4-byte follower ids.
    add("brand follows", brands * n * (1.0 / 8.0 + 4.0 * pl.follow_graph.brand_follow));
    double brand_posts = 0;
    for (const BrandSpec& b : s.brands) brand_posts += b.media.posts_per_step;
    const double posts_per_step = n * sessions_per_person(s) * pl.person_posts + brand_posts;
    // Feeds are packed rows (Feeds::make_room): an offset, a 2-byte size and a 2-byte count of
    // pushes to come per person, and two buffers of 4-byte post ids as long as the items held. A
    // feed receives its followees' posts and its brands' posts (shares and influencers' posts are
    // rare beside them) and holds each from its arrival until the first read after it has expired:
    // pushes come before the step's reads, and reads fall at a uniform time of the step, so
    // item_lifetime
    // + 1/2 steps plus the mean wait for a read (1 step for daily readers); at most capacity.
    const double received = sessions_per_person(s) * pl.person_posts * follows / n +
                            brand_posts * pl.follow_graph.brand_follow;
    const double held_span = std::min<double>(
        s.time.steps, pl.item_lifetime + 0.5 + 1.0 / std::max(read_chance(s), 1e-9));
    const double held = std::min<double>(pl.feed_capacity, received * held_span);
    add("feeds", n * (kOffsetBytes + 2.0 + 2.0 + 2.0 * 4.0 * held));
    // Posts no feed holds are recycled whenever the store has doubled (media/social_media.hpp),
    // so the store levels off at twice the posts feeds still hold (at least kRecyclePosts). A
    // post is readable for item_lifetime steps; when the background items alone fill a feed each
    // step, nothing older survives a read, so feeds hold about item_lifetime + 1 steps of posts.
    // With fewer background items old posts can sit in quiet feeds: counted for the whole run.
    const double total_posts = posts_per_step * s.time.steps;
    double held_steps = s.time.steps;
    if (pl.background_items >= pl.feed_capacity) held_steps = std::ceil(pl.item_lifetime) + 1.0;
    const double store =
        std::min(total_posts, 2.0 * std::max(kRecyclePosts, posts_per_step * held_steps));
    const double post_bytes = kPostBytes + (runs(s, "manipulation") ? kFakeLikeBytes : 0.0);
    add("posts (recycled once no feed holds them)", post_bytes * store);
  }
  if (runs(s, "market")) {
    // Per person: rate, next occasion, last brand, category count; per person and brand: taste
    // and last purchase step (market/market.hpp).
    add("market (rates, occasions, tastes, purchase record)", n * (18.0 + 8.0 * brands));
  }
  if (runs(s, "memes")) {
    // Screens and memories (a ring of ids, a head and a size a person each), the process's own
    // follow graph, and five 4-byte counters per meme (p_new of all activations at most).
    const MemeSpec& m = s.memes;
    const FollowGraphSpec& fs = s.platform.follow_graph;
    const double follows = fs.tie_follow * arcs + fs.popular_follows * n;
    if (m.attention == MemeAttention::posts)
      add("memes (screens and memories)", n * (4.0 * (m.screen_length + m.memory_length) + 16.0));
    else  // a post of every followee and an own post per time unit, 12 bytes each, for t_w units
      add("memes (screens and memories)", 12.0 * m.time_window * (follows + n) + 104.0 * n);
    add("memes (follow graph)", kOffsetBytes * (n + 1) + (4.0 + 1.0 / 8.0) * follows);
    add("memes (per-meme counts)", 20.0 * m.p_new * m.activations_per_person * n * s.time.steps);
  }
  std::sort(e.memory.begin(), e.memory.end(),
            [](const MemoryPart& a, const MemoryPart& b) { return a.bytes > b.bytes; });
  e.peak_bytes = kProcessBaseBytes;
  for (const MemoryPart& p : e.memory) e.peak_bytes += p.bytes;

  // Time per step, averaged over the run: per-process work times measured unit costs, spread
  // over the threads (Amdahl with the measured parallel share; small worlds run serially).
  double ns = kFunnelNsPerAgentBrand * n * brands;
  if (runs(s, "social_media")) {
    ns += kMediaNsPerSession * n * sessions_per_person(s);
  }
  if (runs(s, "person_ties") || runs(s, "social_networking")) ns += kNetworkingNsPerAgent * n;
  if (runs(s, "market"))
    ns += kMarketNsPerAgent * n + kMarketNsPerOccasion * n * s.market.category_rate;
  const double workers = n >= kMinParallelAgentsEstimate ? e.threads : 1;
  e.step_seconds = ns * 1e-9 * ((1 - kParallelShare) + kParallelShare / workers);
  e.setup_seconds = kSetupNsPerArc * 1e-9 * std::max(arcs, n);
  return e;
}

std::string format_estimate(const ResourceEstimate& e) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "# Estimate: peak memory %.0f MiB; %.3g s per step on %d thread%s",
                e.peak_bytes / kMiB, e.step_seconds, e.threads, e.threads == 1 ? "" : "s");
  out += line;
  std::snprintf(line, sizeof line, ", set-up %.3g s (a 2-core machine like the README's).\n",
                e.setup_seconds);
  out += line;
  const double people = std::max(e.people, 1.0);
  for (const MemoryPart& p : e.memory) {
    std::snprintf(line, sizeof line, "#   %-48s %9.1f MiB %7.1f bytes/person\n", p.name.c_str(),
                  p.bytes / kMiB, p.bytes / people);
    out += line;
  }
  std::snprintf(line, sizeof line, "#   %-48s %9.1f MiB %7.1f bytes/person\n",
                "total (with the process base)", e.peak_bytes / kMiB, e.peak_bytes / people);
  out += line;
  return out;
}

double available_memory_bytes() {
  double available = 0.0;
  {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    double kib = 0.0;
    std::string unit;
    while (meminfo >> key >> kib >> unit)
      if (key == "MemAvailable:") {
        available = kib * 1024.0;
        break;
      }
  }
  if (available <= 0.0) return 0.0;
  // cgroup v2: the limit of this process's group minus what the group uses already.
  std::ifstream self("/proc/self/cgroup");
  std::string line;
  while (std::getline(self, line)) {
    if (line.rfind("0::", 0) != 0) continue;
    const std::string dir = "/sys/fs/cgroup" + line.substr(3);
    std::ifstream max_file(dir + "/memory.max"), current_file(dir + "/memory.current");
    std::string max_text;
    double current = 0.0;
    if ((max_file >> max_text) && max_text != "max" && (current_file >> current)) {
      const double room = std::strtod(max_text.c_str(), nullptr) - current;
      if (room > 0.0) available = std::min(available, room);
    }
  }
  return available;
}

}  // namespace snsim
