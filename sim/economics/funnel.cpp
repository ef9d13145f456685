#include "snsim/economics/funnel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>

#include "snsim/core/ordered_sum.hpp"
#include "snsim/core/parallel.hpp"
#include "snsim/core/world.hpp"
#include "snsim/economics/attribution_tally.hpp"
#include "snsim/market/market.hpp"

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
    case Stage::unaware:
      return c.aware;
    case Stage::aware:
      return c.engage;
    default:
      return c.visit;
  }
}

/// Agents looked at together when skipping the quiet ones.
constexpr std::int64_t kBlock = 8;
static_assert(index(Stage::customer) == 4 && index(Stage::advocate) == 5 && kStageCount == 6,
              "quiet_block tests the loyal stages (4 and 5) by their bit 2");
static_assert(kBlock == sizeof(std::uint64_t) && sizeof(Stage) == 1,
              "quiet_block loads a block's stages and each channel's touch bytes as one word");

/// Returns true if none of the kBlock agents from `first` was touched on any channel this step
/// and none is loyal (customer or advocate): the funnel has nothing to do for them.
bool quiet_block(const std::array<std::uint8_t*, kChannelCount>& bytes, const Stage* stage,
                 std::int64_t first) {
  std::uint64_t loyal = 0;
  std::memcpy(&loyal, stage + first, sizeof loyal);
  if ((loyal & 0x0404040404040404ull) != 0) return false;
  for (const std::uint8_t* c : bytes) {
    if (c == nullptr) continue;
    std::uint64_t w = 0;  // the block's kBlock one-byte counts
    std::memcpy(&w, c + first, sizeof w);
    if (w != 0) return false;
  }
  return true;
}

struct Tally {
  std::array<std::int64_t, kStageCount> stage_delta{};
  std::int64_t visits = 0, conversions = 0, purchases = 0;
  AttributionTally attr;  // this step's per-channel counts (attribution.enabled only)
};

}  // namespace

Funnel::Funnel(const Scenario& scenario)
    : attribution_(scenario.attribution), market_(Market::runs(scenario)) {}

void Funnel::define_metrics(Recorder& recorder) {
  aware_ = recorder.define("aware", "agents", "people aware of the brand (stage aware or later)");
  engaged_ = recorder.define("engaged", "agents",
                             "people engaged with the brand (stage engaged or later)");
  customers_ = recorder.define("customers", "agents", "customers and advocates of the brand");
  advocates_ = recorder.define("advocates", "agents", "advocates (loyal fans) of the brand");
  visits_ = recorder.define("visits", "visits", "visits to the brand's site this step");
  // The market (market/market.hpp) adds its purchases and conversions to these two.
  conversions_ =
      recorder.define_or_find("conversions", "agents", "first purchases this step (new customers)");
  trust_mean_ = recorder.define(
      "trust_mean", "1",
      "mean trust in the brand, in [-1, 1], of the people aware of it; NaN while none is");
  purchases_ =
      recorder.define_or_find("purchases", "purchases", "first and repeat purchases this step");
  if (attribution_.enabled) attribution_metrics_.define(recorder, attribution_);
}

void Funnel::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  const FunnelSpec& spec = sc.funnel;
  const auto n = static_cast<std::int64_t>(world.population().size);
  const auto warm = static_cast<float>(sc.word_of_mouth.trust_bonus);
  const bool attribute_on = attribution_.enabled;
  const AttributionSpec& as = attribution_;

  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandFunnel& f = world.funnels()[b];
    // The channels that touched anyone so far in the run (others have no column).
    // Their bytes are read and zeroed through plain pointers (TouchColumn::bytes()).
    std::array<std::uint8_t*, kChannelCount> col{};
    for (std::size_t c = 0; c < kChannelCount; ++c)
      col[c] = f.touches[c].empty() ? nullptr : f.touches[c].bytes();
    Tally total;
    const std::int64_t blocks = (n + kBlock - 1) / kBlock;
#pragma omp parallel if (n >= kMinParallelAgents)
    {
      Tally local;
      // Dynamic chunks of 1,024 blocks: touched people cluster (followers of the brand, readers
      // of its posts), so equal static halves left one thread waiting at the tally; the tallies
      // are integer counts, so their sum does not depend on which thread counted which chunk.
#pragma omp for schedule(dynamic, 1024) nowait
      for (std::int64_t block = 0; block < blocks; ++block) {
        const std::int64_t first = block * kBlock, last = std::min(n, first + kBlock);
        // Most people are neither touched this step nor loyal: a block of them is skipped on a
        // few loads, without writing (and so dirtying) its touch columns.
        if (last - first == kBlock && quiet_block(col, f.stage.data(), first)) continue;
        for (std::int64_t ii = first; ii < last; ++ii) {
          const auto i = static_cast<AgentId>(ii);
          std::array<std::uint32_t, kChannelCount> touched{};
          std::uint32_t any = 0;
          for (std::size_t c = 0; c < kChannelCount; ++c) {
            if (col[c] == nullptr) continue;
            touched[c] = col[c][i];
            col[c][i] = 0;
            any += touched[c];
          }
          // A byte of kOverflow stands for a count in the column's overflow store (rare: one
          // test per person here rather than one per channel above).
          if (any >= TouchColumn::kOverflow)
            for (std::size_t c = 0; c < kChannelCount; ++c)
              if (touched[c] == TouchColumn::kOverflow) touched[c] = f.touches[c].overflow_count(i);
          const Stage start = f.stage[i];
          const bool loyal = start >= Stage::customer;
          if (any == 0 && !loyal) continue;
          RandomStream stream = ctx.stream(kStream, b, i);
          Stage s = start;
          if (any > 0) {
            // One uniform per channel, always drawn in channel order, so that a person's draw for
            // a channel does not depend on which other channels touched them (common random
            // numbers).
            bool moved = false;
            bool by_referral = false;
            std::array<double, kChannelCount> u{}, p{};
            for (std::size_t c = 0; c < kChannelCount; ++c) {
              u[c] = stream.uniform01();
              p[c] = any_success(chance(spec.response[c], s), touched[c]);
              if (u[c] < p[c]) {
                moved = true;
                if (c == index(Channel::referral)) by_referral = true;
              }
            }
            // Attribution: the true trigger, and this step's touches into the history, the trigger
            // last; tracking draws come from their own stream, one per channel in channel order.
            const std::size_t trigger = attribute_on ? true_trigger(u, p) : kChannelCount;
            bool trigger_tracked = false;
            std::array<Touch, kTouchHistory> hist{};
            std::size_t hist_n = 0;
            if (attribute_on) {
              const std::array<bool, kChannelCount> tracked = tracked_touches(ctx, as, b, i);
              TouchRing& ring = f.history[i];
              const auto step16 = static_cast<std::uint16_t>(ctx.step & 0xffffu);
              for (std::size_t c = 0; c < kChannelCount; ++c)
                if (touched[c] > 0 && c != trigger)
                  ring.push(Touch{static_cast<std::uint8_t>(c), step16, tracked[c]});
              if (trigger < kChannelCount) {
                ring.push(Touch{static_cast<std::uint8_t>(trigger), step16, tracked[trigger]});
                trigger_tracked = tracked[trigger];
                ring.cause = touch_code(trigger, trigger_tracked);  // what the market credits
              }
              hist_n = ring.read(hist);
            }
            const std::span<const Touch> history(hist.data(), hist_n);
            if (moved) {
              if (s == Stage::unaware || s == Stage::aware) {
                s = static_cast<Stage>(index(s) + 1);
                if (s == Stage::aware && by_referral)
                  f.trust[i] = std::min(1.0f, f.trust[i] + warm);
              } else {
                ++local.visits;
                if (attribute_on) local.attr.visit(trigger, history, trigger_tracked, as.models);
                if (s == Stage::engaged) s = Stage::visitor;
                // With the market on, purchases come from its choices only.
                if (!market_ && stream.bernoulli(spec.purchase_per_visit)) {
                  ++local.purchases;
                  const bool conversion = s < Stage::customer;
                  if (conversion) {
                    s = Stage::customer;
                    ++local.conversions;
                  }
                  if (attribute_on)
                    local.attr.purchase(trigger, history, trigger_tracked, conversion, as.models);
                }
              }
            }
          }
          if (loyal) {
            if (!market_ && stream.bernoulli(spec.repurchase_per_step)) ++local.purchases;
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
      }
#pragma omp critical(snsim_funnel_tally)
      {
        for (std::size_t k = 0; k < kStageCount; ++k) total.stage_delta[k] += local.stage_delta[k];
        total.visits += local.visits;
        total.conversions += local.conversions;
        total.purchases += local.purchases;
        if (attribute_on) total.attr.add(local.attr);
      }
    }
    // Every touched person's byte was read and zeroed above: the overflow stores are done with.
    for (TouchColumn& c : f.touches) c.clear_overflow();
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
    r.add(conversions_, ctx.step, b, static_cast<double>(total.conversions));
    r.add(purchases_, ctx.step, b, static_cast<double>(total.purchases));
    // Mean trust of the people who know the brand: what a scandal or good conversations move.
    const double known = at_least(Stage::aware);
    const double trust_sum = ordered_sum(n, [&](std::int64_t i) {
      return f.stage[static_cast<std::size_t>(i)] >= Stage::aware
                 ? static_cast<double>(f.trust[static_cast<std::size_t>(i)])
                 : 0.0;
    });
    r.set(trust_mean_, ctx.step, b,
          known > 0.0 ? trust_sum / known : std::numeric_limits<double>::quiet_NaN());
    if (attribute_on) {
      const AttributionLedger events = total.attr.events();
      add_into(world.ledgers()[b].attribution, events);
      attribution_metrics_.add(r, ctx.step, b, events);
    }
  }
}

}  // namespace snsim
