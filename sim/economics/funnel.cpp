#include "snsim/economics/funnel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "snsim/core/parallel.hpp"
#include "snsim/core/world.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("funnel");

/// Returns the chance that at least one of n touches, each of chance p, succeeds.
double any_success(double p, std::uint32_t n) {
  if (n == 0 || p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;
  if (n == 1) return p;  // the common case: skip pow
  return 1.0 - std::pow(1.0 - p, static_cast<double>(n));
}

double chance(const ChannelResponse& c, Stage s) {
  switch (s) {
    case Stage::unaware: return c.aware;
    case Stage::aware: return c.engage;
    default: return c.visit;
  }
}

struct Tally {
  std::array<std::int64_t, kStageCount> stage_delta{};
  std::int64_t visits = 0, conversions = 0, purchases = 0;
};

}  // namespace

Funnel::Funnel(const Scenario&) {}

void Funnel::define_metrics(Recorder& recorder) {
  aware_ = recorder.define("aware", "agents", "people aware of the brand (stage aware or later)");
  engaged_ = recorder.define("engaged", "agents", "people engaged with the brand (stage engaged or later)");
  customers_ = recorder.define("customers", "agents", "customers and advocates of the brand");
  advocates_ = recorder.define("advocates", "agents", "advocates (loyal fans) of the brand");
  visits_ = recorder.define("visits", "visits", "visits to the brand's site this step");
  conversions_ = recorder.define("conversions", "agents", "first purchases this step (new customers)");
  purchases_ = recorder.define("purchases", "purchases", "first and repeat purchases this step");
}

void Funnel::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const FunnelSpec& spec = sc.funnel;
  const auto n = static_cast<std::int64_t>(world.population().size);
  const auto warm = static_cast<float>(sc.word_of_mouth.trust_bonus);

  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandFunnel& f = world.funnels()[b];
    // The channels that touched anyone so far in the run (others have no column).
    std::array<std::uint16_t*, kChannelCount> col{};
    for (std::size_t c = 0; c < kChannelCount; ++c)
      col[c] = f.touches[c].empty() ? nullptr : f.touches[c].data();
    Tally total;
#pragma omp parallel if (n >= kMinParallelAgents)
    {
      Tally local;
#pragma omp for schedule(static) nowait
      for (std::int64_t ii = 0; ii < n; ++ii) {
        const auto i = static_cast<AgentId>(ii);
        std::array<std::uint32_t, kChannelCount> touched{};
        std::uint32_t any = 0;
        for (std::size_t c = 0; c < kChannelCount; ++c) {
          if (col[c] == nullptr) continue;
          touched[c] = col[c][i];
          col[c][i] = 0;
          any += touched[c];
        }
        const Stage start = f.stage[i];
        const bool loyal = start >= Stage::customer;
        if (any == 0 && !loyal) continue;
        RandomStream stream = ctx.stream(kStream, b, i);
        Stage s = start;
        if (any > 0) {
          // One uniform per channel, always drawn in channel order, so that a person's draw for
          // a channel does not depend on which other channels touched them (common random numbers).
          bool moved = false;
          bool by_referral = false;
          for (std::size_t c = 0; c < kChannelCount; ++c) {
            const double u = stream.uniform01();
            if (u < any_success(chance(spec.response[c], s), touched[c])) {
              moved = true;
              if (c == index(Channel::referral)) by_referral = true;
            }
          }
          if (moved) {
            if (s == Stage::unaware || s == Stage::aware) {
              s = static_cast<Stage>(index(s) + 1);
              if (s == Stage::aware && by_referral) f.trust[i] = std::min(1.0f, f.trust[i] + warm);
            } else {
              ++local.visits;
              if (s == Stage::engaged) s = Stage::visitor;
              if (stream.bernoulli(spec.purchase_per_visit)) {
                ++local.purchases;
                if (s < Stage::customer) {
                  s = Stage::customer;
                  ++local.conversions;
                }
              }
            }
          }
        }
        if (loyal) {
          if (stream.bernoulli(spec.repurchase_per_step)) ++local.purchases;
          if (stream.bernoulli(spec.churn_per_step)) {
            s = Stage::aware;  // a lost customer still knows the brand
          } else if (s == Stage::customer && stream.bernoulli(spec.advocate_per_step)) {
            s = Stage::advocate;
          }
        }
        if (s != start) {
          --local.stage_delta[index(start)];
          ++local.stage_delta[index(s)];
          f.stage[i] = s;
        }
      }
#pragma omp critical(snsim_funnel_tally)
      {
        for (std::size_t k = 0; k < kStageCount; ++k) total.stage_delta[k] += local.stage_delta[k];
        total.visits += local.visits;
        total.conversions += local.conversions;
        total.purchases += local.purchases;
      }
    }
    for (std::size_t k = 0; k < kStageCount; ++k) f.stage_count[k] += total.stage_delta[k];
    world.ledgers()[b].purchases += total.purchases;

    auto at_least = [&](Stage s) {
      std::int64_t c = 0;
      for (std::size_t k = index(s); k < kStageCount; ++k) c += f.stage_count[k];
      return static_cast<double>(c);
    };
    Recorder& r = *ctx.recorder;
    r.set(aware_, ctx.step, b, at_least(Stage::aware));
    r.set(engaged_, ctx.step, b, at_least(Stage::engaged));
    r.set(customers_, ctx.step, b, at_least(Stage::customer));
    r.set(advocates_, ctx.step, b, at_least(Stage::advocate));
    r.set(visits_, ctx.step, b, static_cast<double>(total.visits));
    r.set(conversions_, ctx.step, b, static_cast<double>(total.conversions));
    r.set(purchases_, ctx.step, b, static_cast<double>(total.purchases));
  }
}

}  // namespace snsim
