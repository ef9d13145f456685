#include "snsim/contagion/memes.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "snsim/core/scenario.hpp"
#include "snsim/core/world.hpp"
#include "snsim/media/follow_graph.hpp"

namespace snsim {
namespace {
constexpr std::uint32_t kStream = stream_id("memes");
enum Purpose : std::uint32_t { kActivate = 1 };

/// Returns the log2 bin of a count v >= 1 (bin j holds [2^j, 2^(j+1)); the last bin is open).
std::size_t bin_of(std::uint32_t v) {
  return std::min<std::size_t>(MemeModel::kBins - 1,
                               static_cast<std::size_t>(std::bit_width(v)) - 1);
}

/// Moves one meme from the bin of `before` (0: none) to the bin of `after`.
void rebin(std::array<std::int64_t, MemeModel::kBins>& bins, std::uint32_t before,
           std::uint32_t after) {
  if (before > 0 && bin_of(before) == bin_of(after)) return;
  if (before > 0) --bins[bin_of(before)];
  ++bins[bin_of(after)];
}

/// Returns the label of log2 bin j: "a-b", or "a+" for the last, open bin.
std::string bin_label(std::size_t j) {
  const std::string lo = std::to_string(1ull << j);
  return j + 1 == MemeModel::kBins ? lo + "+" : lo + "-" + std::to_string((2ull << j) - 1);
}
}  // namespace

MemeModel::MemeModel(const MemeSpec& spec, std::uint32_t n, const std::vector<float>& activity)
    : spec_(spec), n_(n), window_(spec.time_window * n) {
  if (spec.attention == MemeAttention::window) {
    timed_screen_.resize(n);
    timed_memory_.resize(n);
  } else {
    screen_.assign(static_cast<std::size_t>(n) * spec.screen_length, 0);
    screen_head_.assign(n, 0);
    screen_size_.assign(n, 0);
    memory_.assign(static_cast<std::size_t>(n) * spec.memory_length, 0);
    memory_head_.assign(n, 0);
    memory_size_.assign(n, 0);
  }
  if (!activity.empty()) {
    cumulative_.resize(n);
    double total = 0.0;
    for (std::uint32_t i = 0; i < n; ++i) cumulative_[i] = total += std::max(0.0f, activity[i]);
    if (!(total > 0.0)) cumulative_.clear();  // nobody active: fall back to uniform
  }
}

std::vector<std::uint32_t> MemeModel::lifetimes() const {
  std::vector<std::uint32_t> out(popularity_.size());
  for (std::size_t m = 0; m < out.size(); ++m) out[m] = last_[m] - first_[m] + 1;
  return out;
}

void MemeModel::push(std::vector<std::uint32_t>& slots, std::vector<std::uint32_t>& head,
                     std::vector<std::uint32_t>& size, std::uint32_t length, std::uint32_t i,
                     std::uint32_t m) {
  std::uint32_t* ring = slots.data() + static_cast<std::size_t>(i) * length;
  if (copies_[m]++ == 0) ++live_;
  if (size[i] < length) {  // not full yet: head stays 0 and the first size[i] slots are used
    ring[size[i]++] = m;
    return;
  }
  const std::uint32_t old = ring[head[i]];  // the oldest entry leaves
  if (--copies_[old] == 0) --live_;
  ring[head[i]] = m;
  head[i] = head[i] + 1 == length ? 0 : head[i] + 1;
}

void MemeModel::expire(TimedPosts& list) {
  // A post made at activation `at` is seen by the activations before at + window_.
  while (list.start < list.meme.size() &&
         static_cast<double>(clock_ - list.at[list.start]) >= window_) {
    const std::uint32_t old = list.meme[list.start++];
    if (--copies_[old] == 0) --live_;
  }
  // Reclaim the expired front once it is most of the list (amortised O(1) a post).
  if (list.start > 32 && 2 * list.start > list.meme.size()) {
    const auto k = static_cast<std::ptrdiff_t>(list.start);
    list.meme.erase(list.meme.begin(), list.meme.begin() + k);
    list.at.erase(list.at.begin(), list.at.begin() + k);
    list.start = 0;
  }
}

void MemeModel::push_timed(TimedPosts& list, std::uint32_t m) {
  expire(list);
  if (copies_[m]++ == 0) ++live_;
  list.meme.push_back(m);
  list.at.push_back(clock_);
}

std::uint32_t MemeModel::choose(std::uint32_t i, RandomStream& s, MemeStep& out) {
  if (s.uniform01() >= spec_.p_new) {
    const bool from_memory = s.uniform01() < spec_.p_memory;
    if (spec_.attention == MemeAttention::window) {
      // An empty list is common under a short window; the person then re-posts from the other
      // list, and posts a new meme only when both are empty (the passages of the paper at hand
      // do not say; with a new meme at once, the window's popularity goes against the paper's
      // Fig. 7b: docs/classic-models.md).
      TimedPosts& chosen = (from_memory ? timed_memory_ : timed_screen_)[i];
      TimedPosts& other = (from_memory ? timed_screen_ : timed_memory_)[i];
      for (TimedPosts* list : {&chosen, &other}) {
        expire(*list);
        if (list->size() > 0) {  // every post still in the window is equally likely
          ++out.reposts;
          return list->meme[list->start + s.below(list->size())];
        }
      }
    } else {
      const std::uint32_t length = from_memory ? spec_.memory_length : spec_.screen_length;
      const std::uint32_t size = (from_memory ? memory_size_ : screen_size_)[i];
      if (size > 0) {  // every used slot is equally likely, whatever the ring's head
        ++out.reposts;
        const auto& slots = from_memory ? memory_ : screen_;
        return slots[static_cast<std::size_t>(i) * length + s.below(size)];
      }
    }
  }
  return fresh(out);  // also when the chosen list is empty: there is nothing to re-post
}

std::uint32_t MemeModel::fresh(MemeStep& out) {
  ++out.new_memes;
  const auto m = static_cast<std::uint32_t>(popularity_.size());
  popularity_.push_back(0);
  first_.push_back(0);
  last_.push_back(0);
  copies_.push_back(0);
  step_posts_.push_back(0);
  return m;
}

void MemeModel::post(const FollowGraph& follow, std::uint32_t i, std::uint32_t m, std::uint32_t t) {
  const std::uint32_t p = popularity_[m]++;
  rebin(popularity_bins_, p, p + 1);
  popularity_max_ = std::max(popularity_max_, p + 1);
  if (p == 0) {
    first_[m] = last_[m] = t;
    rebin(lifetime_bins_, 0, 1);
  } else if (last_[m] != t) {
    rebin(lifetime_bins_, last_[m] - first_[m] + 1, t - first_[m] + 1);
    last_[m] = t;
  }
  if (step_posts_[m]++ == 0) touched_.push_back(m);
  if (spec_.attention == MemeAttention::window) {
    push_timed(timed_memory_[i], m);
    follow.for_each_follower(i, [&](std::uint32_t f) { push_timed(timed_screen_[f], m); });
    return;
  }
  push(memory_, memory_head_, memory_size_, spec_.memory_length, i, m);
  follow.for_each_follower(i, [&](std::uint32_t f) {
    push(screen_, screen_head_, screen_size_, spec_.screen_length, f, m);
  });
}

MemeStep MemeModel::step(const FollowGraph& follow, std::uint32_t t, std::uint64_t activations,
                         RandomStream& s) {
  MemeStep out;
  step_posts_.resize(popularity_.size(), 0);  // a resumed run's scratch
  if (n_ == 0) return out;
  for (std::uint64_t a = 0; a < activations; ++a) {
    std::uint32_t i = 0;
    if (cumulative_.empty()) {
      i = static_cast<std::uint32_t>(s.below(n_));
    } else {
      const double u = s.uniform01() * cumulative_.back();
      i = static_cast<std::uint32_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
                                     cumulative_.begin());
      i = std::min(i, n_ - 1);
    }
    post(follow, i, choose(i, s, out), t);
    ++clock_;
  }
  // Under a time window posts leave screens and memories without any event: drop them all now,
  // so that live() counts the memes still in some window at the end of the step.
  for (TimedPosts& list : timed_screen_) expire(list);
  for (TimedPosts& list : timed_memory_) expire(list);
  // Diversity: the entropy of the memes of this step's posts (touched_ is in order of first post,
  // so the sum's order is fixed).
  const double total = static_cast<double>(activations);
  for (std::uint32_t m : touched_) {
    const double f = step_posts_[m] / total;
    out.entropy -= f * std::log2(f);
    step_posts_[m] = 0;
  }
  touched_.clear();
  return out;
}

Memes::Memes(const Scenario& scenario) : spec_(scenario.memes) {}

void Memes::define_metrics(Recorder& r) {
  m_new_ = r.define("new_memes", "memes", "new memes posted this step (p_new)", false);
  m_reposts_ =
      r.define("reposts", "posts", "re-posts of a meme from a screen or memory this step", false);
  m_live_ =
      r.define("live_memes", "memes",
               "distinct memes on some screen or in some memory at the end of the step", false);
  m_entropy_ = r.define("meme_entropy", "bits",
                        "Shannon entropy of the memes of this step's posts (diversity)", false);
  m_max_ = r.define("meme_popularity_max", "posts", "most posts of one meme so far", false);
  for (std::size_t j = 0; j < MemeModel::kBins; ++j) {
    const std::string bin = bin_label(j);
    m_popularity_[j] =
        r.define("meme_popularity_histogram/" + bin, "memes",
                 "memes posted " + bin + " times so far (the first post included)", false);
    m_lifetime_[j] =
        r.define("meme_lifetime_histogram/" + bin, "memes",
                 "memes whose first and latest posts so far span " + bin + " steps", false);
  }
}

void Memes::prepare(World& world, StepContext& ctx) {
  follow_ = build_follow_graph(world, ctx.seed, kStream);
  const Population& pop = world.population();
  model_ =
      MemeModel(spec_, pop.size,
                spec_.activity == MemeActivity::population ? pop.activity : std::vector<float>{});
}

void Memes::step(World& world, StepContext& ctx) {
  const auto activations = static_cast<std::uint64_t>(
      std::llround(spec_.activations_per_person * world.population().size));
  RandomStream s = ctx.stream(kStream, kActivate, 0);
  const MemeStep done = model_.step(follow_, static_cast<std::uint32_t>(ctx.step), activations, s);
  Recorder& r = *ctx.recorder;
  const Step t = ctx.step;
  r.set(m_new_, t, static_cast<double>(done.new_memes));
  r.set(m_reposts_, t, static_cast<double>(done.reposts));
  r.set(m_live_, t, static_cast<double>(model_.live()));
  r.set(m_entropy_, t, done.entropy);
  r.set(m_max_, t, static_cast<double>(model_.popularity_max()));
  for (std::size_t j = 0; j < MemeModel::kBins; ++j) {
    r.set(m_popularity_[j], t, static_cast<double>(model_.popularity_bins()[j]));
    r.set(m_lifetime_[j], t, static_cast<double>(model_.lifetime_bins()[j]));
  }
}

}  // namespace snsim
