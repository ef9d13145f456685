#include "snsim/media/broadcast_exposure.hpp"

#include <cmath>

#include "snsim/core/world.hpp"

namespace snsim {
namespace {
constexpr std::uint32_t kStream = stream_id("broadcast");
}

BroadcastExposure::BroadcastExposure(const Scenario&) {}

void BroadcastExposure::define_metrics(Recorder& recorder) {
  // Shared with the social_media process: each adds its impressions; reach is the one counter.
  impressions_ =
      recorder.define_or_find("impressions", "impressions",
                              "impressions of the brand's content this step (broadcast and feeds)");
  reach_ = recorder.define_or_find(
      "reach", "agents", "distinct people who have seen the brand's content (cumulative)");
}

void BroadcastExposure::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const std::uint32_t n = world.population().size;
  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandFunnel& f = world.funnels()[b];
    RandomStream stream = ctx.stream(kStream, b, 0);
    // Whole impressions only: the fraction is bought with its probability, so spending matches
    // the budget on average and every impression paid for lands somewhere.
    const double want = impressions_for(
        world.allocations()[b].money_for(world.allocations()[b].mix.broadcast), sc.economics.cpm);
    const double whole = std::floor(want);
    const auto count = static_cast<std::uint64_t>(whole) + (stream.bernoulli(want - whole) ? 1 : 0);
    auto& touches = f.touch_column(Channel::broadcast, n);
    for (std::uint64_t k = 0; k < count; ++k) {
      const auto who = static_cast<AgentId>(stream.below(n));
      touches.add(who, 1);
      if (f.reached[who] == 0) {
        f.reached[who] = 1;
        ++f.reach;
      }
    }
    world.ledgers()[b].money_spent += static_cast<double>(count) * sc.economics.cpm / 1000.0;
    ctx.recorder->add(impressions_, ctx.step, b, static_cast<double>(count));
    ctx.recorder->set(reach_, ctx.step, b, static_cast<double>(f.reach));
  }
}

}  // namespace snsim
