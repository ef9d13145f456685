#include "newsletter.hpp"

#include <snsim/core/channel.hpp>
#include <snsim/core/random_stream.hpp>
#include <snsim/core/scenario.hpp>
#include <snsim/core/stage.hpp>
#include <snsim/core/world.hpp>

namespace example {
namespace {

constexpr double kOpenRate = 0.2;       // chance a mailed customer opens the newsletter
constexpr double kCostPerMail = 0.001;  // USD per mail sent
constexpr std::uint32_t kStream = snsim::stream_id("newsletter");

class Newsletter : public snsim::Process {
 public:
  explicit Newsletter(const snsim::Scenario&) {}
  std::string_view name() const override { return "newsletter"; }
  std::vector<std::string_view> reads() const override { return {"funnel.stage"}; }
  std::vector<std::string_view> writes() const override {
    return {"funnel.touches", "ledgers.money_spent"};
  }
  void define_metrics(snsim::Recorder& recorder) override {
    opens_ = recorder.define("newsletter_opens", "agents", "customers who opened the newsletter");
  }
  void step(snsim::World& world, snsim::StepContext& ctx) override {
    const std::uint32_t n = world.population().size;
    for (snsim::BrandId b = 0; b < world.brand_count(); ++b) {
      snsim::BrandFunnel& f = world.funnels()[b];
      // One stream per brand and step: the draws do not depend on other processes or threads.
      snsim::RandomStream stream = ctx.stream(kStream, 0, b);
      std::uint32_t mailed = 0, opened = 0;
      for (snsim::AgentId i = 0; i < n; ++i) {
        if (f.stage[i] < snsim::Stage::customer) continue;
        ++mailed;
        if (!stream.bernoulli(kOpenRate)) continue;
        ++opened;
        f.add_touches(snsim::Channel::post, i, 1, n);
      }
      world.ledgers()[b].money_spent += mailed * kCostPerMail;
      ctx.recorder->set(opens_, ctx.step, b, opened);
    }
  }

 private:
  snsim::MetricId opens_ = 0;
};

class Ramp : public snsim::Strategy {
 public:
  snsim::Allocation allocate(const snsim::BrandSpec& brand, snsim::Step step,
                             const snsim::World& world) const override {
    snsim::Allocation a = snsim::base_allocation(brand);
    const double share = static_cast<double>(step + 1) / world.scenario().time.steps;
    a.money *= share;
    a.hours *= share;
    return a;
  }
};

}  // namespace

void register_newsletter(snsim::ProcessRegistry& processes, snsim::StrategyRegistry& strategies) {
  processes.add<Newsletter>("newsletter", "brands mail their customers; opens are post touches");
  strategies.add("ramp", "the brand's mix, its budget rising linearly to the whole at the end",
                 [] { return std::make_unique<Ramp>(); });
}

}  // namespace example
