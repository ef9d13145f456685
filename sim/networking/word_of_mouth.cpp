#include "snsim/networking/word_of_mouth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

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

void WordOfMouth::spread(const World& world, const std::vector<double>& talk,
                         std::vector<double>& heard) const {
  const SocialGraph& g = world.social_graph();
  const TieOverlay& overlay = world.networking().person_ties;
  const bool has_overlay = overlay.num_agents() == g.num_agents();
  const std::uint32_t n = world.population().size;
  if (g.is_complete()) {
    double total = 0.0;
    for (AgentId j = 0; j < n; ++j) total += talk[j];
    if (total > 0.0)
      for (AgentId i = 0; i < n; ++i) heard[i] = (total - talk[i]) / (n - 1.0);
    return;
  }
  for (AgentId j = 0; j < n; ++j) {
    const double r = talk[j];
    if (r <= 0.0) continue;
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
    for (std::size_t k = 0; k < nbrs.size(); ++k) heard[nbrs[k]] += r * w[k] / sum_w;
    for (std::size_t k = 0; k < extra.size(); ++k) heard[extra[k]] += r * extra_w[k] / sum_w;
  }
}

void WordOfMouth::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const WordOfMouthSpec& wom = sc.word_of_mouth;
  const std::uint32_t n = world.population().size;
  const auto in = static_cast<std::int64_t>(n);
  talk_.assign(n, 0.0);
  negative_talk_.assign(n, 0.0);

  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandFunnel& f = world.funnels()[b];
    bool any_positive = false, any_negative = false;
    for (AgentId j = 0; j < n; ++j) {
      const float trust = f.trust[j];
      if (trust < 0.0f && f.stage[j] != Stage::unaware) {
        negative_talk_[j] = wom.rate * wom.negative_mult * -trust;
        any_negative = any_negative || negative_talk_[j] > 0.0;
      } else {
        talk_[j] = wom.rate * wom.talk_weight[index(f.stage[j])];
        any_positive = any_positive || talk_[j] > 0.0;
      }
    }
    std::int64_t heard = 0, heard_negative = 0;
    if (any_positive) {
      rate_.assign(n, 0.0);
      spread(world, talk_, rate_);
      auto& touches = f.touch_column(Channel::referral, n);
#pragma omp parallel for schedule(static) reduction(+ : heard) if (in >= kMinParallelAgents)
      for (std::int64_t ii = 0; ii < in; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        if (rate_[i] <= 0.0) continue;
        RandomStream stream = ctx.stream(kStream, b, i);
        const std::uint32_t k = draw_poisson(stream, rate_[i]);
        if (k == 0) continue;
        heard += k;
        const std::uint32_t total = touches[i] + k;
        touches[i] = static_cast<std::uint16_t>(total > UINT16_MAX ? UINT16_MAX : total);
      }
    }
    if (any_negative) {
      rate_.assign(n, 0.0);
      spread(world, negative_talk_, rate_);
      const auto penalty = static_cast<float>(wom.negative_trust_penalty);
#pragma omp parallel for schedule(static) reduction(+ : heard_negative) if (in >= kMinParallelAgents)
      for (std::int64_t ii = 0; ii < in; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        if (rate_[i] <= 0.0) continue;
        RandomStream stream = ctx.stream(kStream, kNegative | b, i);
        const std::uint32_t k = draw_poisson(stream, rate_[i]);
        if (k == 0) continue;
        heard_negative += k;
        f.trust[i] = std::max(-1.0f, f.trust[i] - penalty * static_cast<float>(k));
      }
    }
    std::fill(talk_.begin(), talk_.end(), 0.0);
    std::fill(negative_talk_.begin(), negative_talk_.end(), 0.0);
    ctx.recorder->set(referrals_, ctx.step, b, static_cast<double>(heard));
    ctx.recorder->set(negative_referrals_, ctx.step, b, static_cast<double>(heard_negative));
  }
}

}  // namespace snsim
