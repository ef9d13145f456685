#include "snsim/networking/word_of_mouth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#include <omp.h>

#include "snsim/core/parallel.hpp"
#include "snsim/core/poisson.hpp"
#include "snsim/core/world.hpp"

namespace snsim {
namespace {
constexpr std::uint32_t kStream = stream_id("word_of_mouth");
// Purposes: the brand index for positive referrals (as since the first release, so that runs
// without negative talkers draw the same numbers), these flags for the rest.
constexpr std::uint32_t kNegative = 0x80000000u;
constexpr std::uint32_t kSeed = 0x40000000u;
}  // namespace

WordOfMouth::WordOfMouth(const Scenario&) {}

void WordOfMouth::define_metrics(Recorder& recorder) {
  referrals_ = recorder.define("referrals", "referrals", "word-of-mouth referrals heard this step");
  negative_referrals_ = recorder.define("negative_referrals", "referrals",
                                        "negative word-of-mouth referrals heard this step");
}

void WordOfMouth::prepare(World& world, StepContext& ctx) {
  const std::uint32_t n = world.population().size;
  for (BrandId b = 0; b < world.brand_count(); ++b) {
    const double share = world.scenario().brands[b].initial_aware;
    if (share <= 0.0) continue;
    // Exactly round(share * N) people, those with the smallest keys of their own streams.
    const auto k = static_cast<std::size_t>(std::llround(share * n));
    std::vector<std::pair<std::uint64_t, AgentId>> keyed(n);
    for (AgentId i = 0; i < n; ++i) keyed[i] = {ctx.stream(kStream, kSeed | b, i)(), i};
    std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(k), keyed.end());
    BrandFunnel& f = world.funnels()[b];
    for (std::size_t m = 0; m < k; ++m) {
      const AgentId i = keyed[m].second;
      if (f.stage[i] != Stage::unaware) continue;
      f.stage[i] = Stage::aware;
      --f.stage_count[index(Stage::unaware)];
      ++f.stage_count[index(Stage::aware)];
    }
  }
}

void WordOfMouth::spread(const World& world, const std::vector<Talker>& talkers) {
  const SocialGraph& g = world.social_graph();
  const std::uint32_t n = world.population().size;
  if (g.is_complete()) {
    // Everyone hears everyone: the listeners are the whole population.
    double total = 0.0;
    for (const Talker& t : talkers) total += t.rate;  // ascending agents, as a full sum would
    if (total <= 0.0) return;
    listeners_.reserve(n);
    heard_.reserve(n);
    // The talkers are ascending and distinct: walk them beside the listeners for their own talk.
    std::size_t t = 0;
    for (AgentId i = 0; i < n; ++i) {
      double own = 0.0;
      if (t < talkers.size() && talkers[t].agent == i) own = talkers[t++].rate;
      listeners_.push_back(i);
      heard_.push_back((total - own) / (n - 1.0));
    }
    return;
  }
  // Allocated at the first pass with talkers: a run where nobody talks never holds it.
  if (entry_.size() != n) entry_.assign(n, kNotListed);
  const TieOverlay& overlay = world.networking().person_ties;
  const bool has_overlay = overlay.num_agents() == g.num_agents();
  auto hear = [&](AgentId i, double amount) {
    std::uint32_t& e = entry_[i];
    if (e != kNotListed) {
      heard_[e] += amount;
      return;
    }
    // The first amount as is: 0.0 + amount is amount, but for the sign of a zero, which no
    // result reads (a rate <= 0 draws nothing).
    e = static_cast<std::uint32_t>(listeners_.size());
    listeners_.push_back(i);
    heard_.push_back(amount);
  };
  // Talkers in ascending order, so each listener's rate is summed in the same order as a pass
  // over every agent would (bitwise the same rates, whatever the thread count).
  for (const Talker& t : talkers) {
    const AgentId j = t.agent;
    const double r = t.rate;
    const auto nbrs = g.neighbours(j);
    const auto w = g.strengths(j);
    double sum_w = 0.0;
    for (float x : w) sum_w += x;
    std::span<const AgentId> extra;
    std::span<const float> extra_w;
    if (has_overlay) {
      extra = overlay.neighbours(j);
      extra_w = overlay.strengths(j);
      for (float x : extra_w) sum_w += x;
    }
    if (sum_w <= 0.0) continue;
    for (std::size_t k = 0; k < nbrs.size(); ++k) hear(nbrs[k], r * w[k] / sum_w);
    for (std::size_t k = 0; k < extra.size(); ++k) hear(extra[k], r * extra_w[k] / sum_w);
  }
}

void WordOfMouth::clear_listeners() {
  if (!entry_.empty())  // empty on the complete graph, whose listeners are everyone, unindexed
    for (const AgentId i : listeners_) entry_[i] = kNotListed;
  listeners_.clear();
  heard_.clear();
}

void WordOfMouth::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const WordOfMouthSpec& wom = sc.word_of_mouth;
  const std::uint32_t n = world.population().size;

  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandFunnel& f = world.funnels()[b];
    find_talkers(f, wom);
    std::int64_t heard = 0, heard_negative = 0;
    if (!talkers_.empty()) {
      spread(world, talkers_);
      auto& touches = f.touch_column(Channel::referral, n);
      const auto count = static_cast<std::int64_t>(listeners_.size());
#pragma omp parallel for schedule(static) reduction(+ : heard) if (count >= kMinParallelAgents)
      for (std::int64_t li = 0; li < count; ++li) {
        const double rate = heard_[static_cast<std::size_t>(li)];
        if (rate <= 0.0) continue;
        const AgentId i = listeners_[static_cast<std::size_t>(li)];
        RandomStream stream = ctx.stream(kStream, b, i);
        const std::uint32_t k = draw_poisson(stream, rate);
        if (k == 0) continue;
        heard += k;
        touches.add(i, k);
      }
      clear_listeners();
    }
    if (!negative_talkers_.empty()) {
      spread(world, negative_talkers_);
      const auto penalty = static_cast<float>(wom.negative_trust_penalty);
      const auto count = static_cast<std::int64_t>(listeners_.size());
#pragma omp parallel for schedule(static) reduction(+ : heard_negative) if (count >= kMinParallelAgents)
      for (std::int64_t li = 0; li < count; ++li) {
        const double rate = heard_[static_cast<std::size_t>(li)];
        if (rate <= 0.0) continue;
        const AgentId i = listeners_[static_cast<std::size_t>(li)];
        RandomStream stream = ctx.stream(kStream, kNegative | b, i);
        const std::uint32_t k = draw_poisson(stream, rate);
        if (k == 0) continue;
        heard_negative += k;
        f.trust[i] = std::max(-1.0f, f.trust[i] - penalty * static_cast<float>(k));
      }
      clear_listeners();
    }
    ctx.recorder->set(referrals_, ctx.step, b, static_cast<double>(heard));
    ctx.recorder->set(negative_referrals_, ctx.step, b, static_cast<double>(heard_negative));
  }
}

void WordOfMouth::find_talkers(const BrandFunnel& f, const WordOfMouthSpec& wom) {
  talkers_.clear();
  negative_talkers_.clear();
  const auto n = static_cast<AgentId>(f.stage.size());
  std::array<double, kStageCount> talk{};
  bool stage_talks = false;
  for (std::size_t s = 0; s < kStageCount; ++s) {
    talk[s] = wom.rate * wom.talk_weight[s];
    // Counted from the funnel's tallies: no pass over the agents when no stage that talks is held.
    if (talk[s] > 0.0 && f.stage_count[s] > 0) stage_talks = true;
  }
  const double negative = wom.rate * wom.negative_mult;
  if (!stage_talks && !(negative > 0.0)) return;
  // One pass over the 1-byte stage and 4-byte trust columns (a person with negative trust talks
  // against the brand instead of for it); everything after it costs per talker and per listener.
  // Unaware people (stage 0) say nothing unless talk_weight.unaware > 0, so eight of them in a
  // row are skipped with one 8-byte load: most people are unaware of most brands.
  static_assert(static_cast<int>(Stage::unaware) == 0 && sizeof(Stage) == 1);
  const bool skip_unaware = !(talk[index(Stage::unaware)] > 0.0);
  const Stage* stages = f.stage.data();
  auto scan = [&](AgentId j, AgentId last, std::vector<Talker>& pro, std::vector<Talker>& con) {
    while (j < last) {
      if (skip_unaware && last - j >= 8) {
        std::uint64_t block = 0;
        std::memcpy(&block, stages + j, sizeof block);
        if (block == 0) {
          j += 8;
          continue;
        }
      }
      const AgentId end = std::min<AgentId>(last, j + 8);
      for (; j < end; ++j) {
        const Stage stage = stages[j];
        const float trust = f.trust[j];
        if (trust < 0.0f && stage != Stage::unaware) {
          const double r = negative * -trust;
          if (r > 0.0) con.push_back({j, r});
        } else if (talk[index(stage)] > 0.0) {
          pro.push_back({j, talk[index(stage)]});
        }
      }
    }
  };
  const int threads =
      static_cast<std::int64_t>(n) >= kMinParallelAgents ? omp_get_max_threads() : 1;
  if (threads <= 1) {
    scan(0, n, talkers_, negative_talkers_);
    return;
  }
  // In parallel over equal id ranges, each thread's lists then appended in range order: the
  // same ascending lists as one serial pass, on any number of threads.
  found_.resize(static_cast<std::size_t>(threads));
  for (auto& [pro, con] : found_) {
    pro.clear();
    con.clear();
  }
#pragma omp parallel num_threads(threads)
  {
    const auto me = static_cast<std::uint64_t>(omp_get_thread_num());
    const auto team = static_cast<std::uint64_t>(omp_get_num_threads());
    auto& [pro, con] = found_[me];
    scan(static_cast<AgentId>(n * me / team), static_cast<AgentId>(n * (me + 1) / team), pro, con);
  }
  for (const auto& [pro, con] : found_) {
    talkers_.insert(talkers_.end(), pro.begin(), pro.end());
    negative_talkers_.insert(negative_talkers_.end(), con.begin(), con.end());
  }
}

}  // namespace snsim
