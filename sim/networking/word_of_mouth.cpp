#include "snsim/networking/word_of_mouth.hpp"

#include <cstdint>

#include "snsim/core/poisson.hpp"
#include "snsim/core/parallel.hpp"
#include "snsim/core/world.hpp"

namespace snsim {
namespace {
constexpr std::uint32_t kStream = stream_id("word_of_mouth");
}

WordOfMouth::WordOfMouth(const Scenario&) {}

void WordOfMouth::define_metrics(Recorder& recorder) {
  referrals_ = recorder.define("referrals", "referrals", "word-of-mouth referrals heard this step");
}

void WordOfMouth::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const WordOfMouthSpec& wom = sc.word_of_mouth;
  const SocialGraph& g = world.social_graph();
  const std::uint32_t n = world.population().size;
  rate_.assign(n, 0.0);
  const auto in = static_cast<std::int64_t>(n);

  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandFunnel& f = world.funnels()[b];
    const auto talk = [&](AgentId j) { return wom.rate * wom.talk_weight[index(f.stage[j])]; };
    bool any_talker = false;
    if (g.is_complete()) {
      double total = 0.0;
      for (AgentId j = 0; j < n; ++j) total += talk(j);
      any_talker = total > 0.0;
      if (any_talker)
        for (AgentId i = 0; i < n; ++i) rate_[i] = (total - talk(i)) / (n - 1.0);
    } else {
      for (AgentId j = 0; j < n; ++j) {
        const double r = talk(j);
        if (r <= 0.0) continue;
        const auto nbrs = g.neighbours(j);
        const auto w = g.strengths(j);
        double sum_w = 0.0;
        for (float x : w) sum_w += x;
        if (sum_w <= 0.0) continue;
        any_talker = true;
        for (std::size_t k = 0; k < nbrs.size(); ++k) rate_[nbrs[k]] += r * w[k] / sum_w;
      }
    }
    std::int64_t heard = 0;
    if (any_talker) {
      auto& touches = f.touch_column(Channel::referral, n);
#pragma omp parallel for schedule(static) reduction(+ : heard) if (in >= kMinParallelAgents)
      for (std::int64_t ii = 0; ii < in; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        if (rate_[i] <= 0.0) continue;
        RandomStream stream = ctx.stream(kStream, b, i);
        const std::uint32_t k = draw_poisson(stream, rate_[i]);
        rate_[i] = 0.0;
        if (k == 0) continue;
        heard += k;
        const std::uint32_t total = touches[i] + k;
        touches[i] = static_cast<std::uint16_t>(total > UINT16_MAX ? UINT16_MAX : total);
      }
    }
    ctx.recorder->set(referrals_, ctx.step, b, static_cast<double>(heard));
  }
}

}  // namespace snsim
