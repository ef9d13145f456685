#include "snsim/economics/strategy_process.hpp"

#include "snsim/core/scenario.hpp"
#include "snsim/core/world.hpp"

namespace snsim {

StrategyProcess::StrategyProcess(const Scenario& scenario) {
  for (const BrandSpec& b : scenario.brands)
    strategies_.push_back(StrategyRegistry::global().create(b.strategy));
}

void StrategyProcess::define_metrics(Recorder& recorder) {
  money_ = recorder.define("budget_money", "USD",
                           "money the brand's strategy allots this step (unspent shares included)");
  hours_ = recorder.define("budget_hours", "staff hours",
                           "staff hours the brand's strategy allots this step");
}

void StrategyProcess::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  for (BrandId b = 0; b < world.brand_count(); ++b) {
    const Allocation a = strategies_[b]->allocate(sc.brands[b], ctx.step, world);
    world.allocations()[b] = a;
    ctx.recorder->set(money_, ctx.step, b, a.money);
    ctx.recorder->set(hours_, ctx.step, b, a.hours);
  }
}

}  // namespace snsim
