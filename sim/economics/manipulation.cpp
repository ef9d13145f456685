#include "snsim/economics/manipulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "snsim/core/parallel.hpp"
#include "snsim/core/world.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("manipulation");
enum Purpose : std::uint32_t { kExposure = 1, kChurn = 2 };

/// Applies a scandal to brand b: the trust shock and the customers who leave.
void scandal(World& world, BrandId b, const ManipulationSpec& spec, const StepContext& ctx) {
  BrandFunnel& f = world.funnels()[b];
  const std::vector<float>& skepticism = world.population().skepticism;
  const auto n = static_cast<std::int64_t>(world.population().size);
  std::int64_t left_customers = 0, left_advocates = 0;
#pragma omp parallel for schedule(static) reduction(+ : left_customers, left_advocates) \
    if (n >= kMinParallelAgents)
  for (std::int64_t ii = 0; ii < n; ++ii) {
    const auto i = static_cast<AgentId>(ii);
    if (f.stage[i] == Stage::unaware) continue;
    f.trust[i] = std::max(-1.0f, f.trust[i] - static_cast<float>(spec.trust_shock) * skepticism[i]);
    if (f.stage[i] >= Stage::customer && spec.churn > 0.0 &&
        ctx.stream(kStream, kChurn + 2 * b, i).bernoulli(spec.churn)) {
      // Customers who leave still know the brand (as the funnel's churn).
      (f.stage[i] == Stage::customer ? left_customers : left_advocates) += 1;
      f.stage[i] = Stage::aware;
    }
  }
  f.stage_count[index(Stage::customer)] -= left_customers;
  f.stage_count[index(Stage::advocate)] -= left_advocates;
  f.stage_count[index(Stage::aware)] += left_customers + left_advocates;
}

}  // namespace

Manipulation::Manipulation(const Scenario& scenario) { (void)scenario; }

double Manipulation::exposure_chance(double exposure_hazard, double fakes) {
  return fakes > 0.0 ? -std::expm1(-exposure_hazard * fakes / 1000.0) : 0.0;
}

void Manipulation::define_metrics(Recorder& recorder) {
  fake_engagement_ = recorder.define(
      "fake_engagement", "likes",
      "inauthentic likes so far, bought or asked of the brand's circle (cumulative)");
  votes_asked_ = recorder.define("votes_asked", "likes",
                                 "likes asked of the brand's circle so far (cumulative)");
  fake_online_ =
      recorder.define("fake_online", "likes", "bought fake likes the platform has not removed yet");
  detections_ = recorder.define("detections", "events",
                                "times the brand's manipulation was exposed (cumulative)");
  penalty_ = recorder.define("reach_penalty", "1",
                             "chance the platform shows each of the brand's posts (1 without a "
                             "penalty)");
}

void Manipulation::step(World& world, StepContext& ctx) {
  const ManipulationSpec& spec = world.scenario().manipulation;
  for (BrandId b = 0; b < world.brand_count(); ++b) {
    const Allocation& a = world.allocations()[b];
    BrandStanding& st = world.standings()[b];
    const double money = a.money_for(a.mix.manipulate);
    // Asking the circle: likes for the sake of it, as many as the hours allow and the circle
    // (staff's own plus the brand's relationships) can give, one each a step.
    const double circle =
        static_cast<double>(spec.circle_size) +
        (b < world.networking().brands.size() ? world.networking().brands[b].ties.size() : 0.0);
    const double asked =
        std::min(std::floor(a.hours_for(a.mix.ask_votes) * spec.votes_per_hour), circle);
    st.votes_asked += asked;
    const double fakes = money / spec.fake_like_price * 1000.0 + asked;
    world.ledgers()[b].money_spent += money;
    st.fake_bought += fakes;
    st.fake_online = st.fake_online * (1.0 - spec.removal_hazard) + fakes;
    // Fakes wait for the next post; without social media they land nowhere but still cost.
    if (world.media().ready) st.fake_pending += fakes;
    // One uniform per brand and step whatever the volume, so that twins with and without
    // manipulation draw the same numbers (common random numbers).
    const double u = ctx.stream(kStream, kExposure, b).uniform01();
    if (u < exposure_chance(spec.exposure_hazard, fakes)) {
      ++st.detections;
      st.penalty_until = ctx.step + 1 + spec.penalty_steps;
      st.reach_multiplier = static_cast<float>(spec.reach_penalty);
      scandal(world, b, spec, ctx);
    }
    if (ctx.step >= st.penalty_until) st.reach_multiplier = 1.0f;
    ctx.recorder->set(fake_engagement_, ctx.step, b, st.fake_bought);
    ctx.recorder->set(votes_asked_, ctx.step, b, st.votes_asked);
    ctx.recorder->set(fake_online_, ctx.step, b, st.fake_online);
    ctx.recorder->set(detections_, ctx.step, b, static_cast<double>(st.detections));
    ctx.recorder->set(penalty_, ctx.step, b,
                      ctx.step < st.penalty_until ? st.reach_multiplier : 1.0);
  }
}

}  // namespace snsim
