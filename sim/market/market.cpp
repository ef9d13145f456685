#include "snsim/market/market.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>

#include <boost/random/gamma_distribution.hpp>

#include "snsim/core/parallel.hpp"
#include "snsim/core/world.hpp"
#include "snsim/economics/attribution_tally.hpp"

namespace snsim {
namespace {

constexpr std::uint32_t kStream = stream_id("market");
constexpr std::uint32_t kRate = 1;      // set-up: the category rate and the first occasion
constexpr std::uint32_t kTaste = 2;     // set-up: the brand tastes
constexpr std::uint32_t kOccasion = 3;  // per step: choices and the next occasions
constexpr std::uint16_t kNone = std::numeric_limits<std::uint16_t>::max();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Returns the waiting time, in steps, to the next event of a Poisson process of `rate` per step
/// (+infinity for a rate of 0).
double wait(RandomStream& stream, double rate) {
  const double u = stream.uniform01();
  return rate > 0.0 ? -std::log1p(-u) / rate : std::numeric_limits<double>::infinity();
}

/// Returns a / b, or NaN when b is 0.
double ratio(double a, double b) { return b != 0.0 ? a / b : kNaN; }

/// One thread's counts for a step; integers, so the sum over threads does not depend on order.
struct Tally {
  std::vector<std::int64_t> purchases, conversions, switches, new_buyers, requirements, window_new;
  std::vector<std::int64_t> ring;  ///< [brand][slot]: last purchases moved out of a slot
  std::vector<std::array<std::int64_t, kStageCount>> stage_delta;
  std::int64_t category = 0, occasions = 0;
  std::vector<AttributionTally> attr;  ///< per brand, with attribution.enabled only

  Tally(std::size_t brands, std::size_t window, bool attribution)
      : purchases(brands),
        conversions(brands),
        switches(brands),
        new_buyers(brands),
        requirements(brands),
        window_new(brands),
        ring(brands * window),
        stage_delta(brands),
        attr(attribution ? brands : 0) {}
  void add(const Tally& o) {
    for (std::size_t b = 0; b < purchases.size(); ++b) {
      purchases[b] += o.purchases[b];
      conversions[b] += o.conversions[b];
      switches[b] += o.switches[b];
      new_buyers[b] += o.new_buyers[b];
      requirements[b] += o.requirements[b];
      window_new[b] += o.window_new[b];
      for (std::size_t k = 0; k < kStageCount; ++k) stage_delta[b][k] += o.stage_delta[b][k];
    }
    for (std::size_t b = 0; b < attr.size(); ++b) attr[b].add(o.attr[b]);
    for (std::size_t k = 0; k < ring.size(); ++k) ring[k] += o.ring[k];
    category += o.category;
    occasions += o.occasions;
  }
};

}  // namespace

Market::Market(const Scenario& scenario)
    : spec_(scenario.market), attribution_(scenario.attribution) {
  for (const BrandSpec& b : scenario.brands) price_.push_back(b.price);
}

bool Market::runs(const Scenario& scenario) {
  return std::find(scenario.processes.begin(), scenario.processes.end(), "market") !=
         scenario.processes.end();
}

void Market::define_metrics(Recorder& r) {
  share_ = r.define("market_share", "1",
                    "share of this step's category purchases that bought the brand; NaN if none");
  voice_ = r.define("share_of_voice", "1",
                    "share of this step's brand impressions (broadcast and feeds) that were the "
                    "brand's; NaN if none");
  penetration_ = r.define("penetration", "1",
                          "share of people who bought the brand at least once since step 0");
  penetration_window_ = r.define(
      "penetration_window", "1",
      "share of people who bought the brand in the last market.window steps (this one included)");
  frequency_ =
      r.define("purchase_frequency", "purchases per buyer",
               "purchases of the brand since step 0 per person who bought it; NaN if none");
  switching_ = r.define("switching", "purchases",
                        "purchases of the brand this step by people whose previous category "
                        "purchase was another brand");
  requirements_share_ = r.define(
      "share_of_requirements", "1",
      "share of category requirements: purchases of the brand since step 0 over all category "
      "purchases since step 0 of the people who bought it; NaN if none");
  category_ = r.define("category_purchases", "purchases",
                       "category purchases this step (all brands)", false);
  occasions_ = r.define("category_occasions", "occasions",
                        "category purchase occasions this step (bought or not)", false);
  purchases_ = r.define_or_find("purchases", "purchases", "first and repeat purchases this step");
  conversions_ =
      r.define_or_find("conversions", "agents", "first purchases this step (new customers)");
  if (attribution_.enabled) attribution_metrics_.define(r, attribution_);
}

void Market::prepare(World& world, StepContext& ctx) {
  const std::uint32_t n = world.population().size;
  const std::uint32_t brands = world.brand_count();
  double appeal_sum = 0.0;
  for (const BrandSpec& b : world.scenario().brands) appeal_sum += b.appeal;
  rate_.assign(n, 0.0f);
  next_.assign(n, 0.0);
  affinity_.assign(brands, std::vector<float>(n, 0.0f));
  last_brand_.assign(n, kNone);
  last_step_.assign(brands, std::vector<std::int32_t>(n, -1));
  category_count_.assign(n, 0);
  buyers_.assign(brands, 0);
  purchases_total_.assign(brands, 0);
  requirements_.assign(brands, 0);
  window_ring_.assign(brands, std::vector<std::int64_t>(spec_.window, 0));
  window_count_.assign(brands, 0);
  const double k = spec_.rate_shape;
  std::vector<double> alpha;
  for (const BrandSpec& b : world.scenario().brands)
    alpha.push_back(spec_.dirichlet_s * b.appeal / appeal_sum);
#pragma omp parallel for schedule(static) if (n >= kMinParallelAgents)
  for (std::int64_t ii = 0; ii < static_cast<std::int64_t>(n); ++ii) {
    const auto i = static_cast<AgentId>(ii);
    RandomStream rs = ctx.stream(kStream, kRate, i);
    const double rate = spec_.category_rate > 0.0 ? boost::random::gamma_distribution<double>(
                                                        k, spec_.category_rate / k)(rs)
                                                  : 0.0;
    rate_[i] = static_cast<float>(rate);
    next_[i] = wait(rs, rate_[i]);
    RandomStream ts = ctx.stream(kStream, kTaste, i);
    for (BrandId b = 0; b < brands; ++b) {
      const double g = boost::random::gamma_distribution<double>(alpha[b], 1.0)(ts);
      // ln G; a G that underflows to 0 is a taste of e^-700, never chosen against any other.
      affinity_[b][i] = static_cast<float>(g > 0.0 ? std::max(std::log(g), -700.0) : -700.0);
    }
  }
}

void Market::step(World& world, StepContext& ctx) {
  const auto n = static_cast<std::int64_t>(world.population().size);
  const std::uint32_t brands = world.brand_count();
  const Step t = ctx.step;
  const std::size_t w = spec_.window;
  const std::size_t slot = static_cast<std::size_t>(t) % w;
  // People whose last purchase was window steps ago leave the window; their slot is reused.
  for (BrandId b = 0; b < brands; ++b) {
    window_count_[b] -= window_ring_[b][slot];
    window_ring_[b][slot] = 0;
  }
  const auto& nets = world.networking().brands;
  const double log_none = spec_.no_purchase_weight > 0.0 ? std::log(spec_.no_purchase_weight)
                                                         : -std::numeric_limits<double>::infinity();
  const double end = static_cast<double>(t) + 1.0;
  const bool attribute_on = attribution_.enabled;
  Tally total(brands, w, attribute_on);
#pragma omp parallel if (n >= kMinParallelAgents)
  {
    Tally local(brands, w, attribute_on);
    std::vector<double> weight(brands);
#pragma omp for schedule(static) nowait
    for (std::int64_t ii = 0; ii < n; ++ii) {
      const auto i = static_cast<AgentId>(ii);
      if (next_[i] >= end) continue;  // no occasion this step: most people, most steps
      RandomStream stream = ctx.stream(kStream, kOccasion, i);
      while (next_[i] < end) {
        ++local.occasions;
        // Utilities of the brands the person knows, then the logit choice among them and none.
        double top = log_none;
        bool any = false;
        for (BrandId b = 0; b < brands; ++b) {
          const BrandFunnel& f = world.funnels()[b];
          if (f.stage[i] < Stage::aware) {
            weight[b] = -std::numeric_limits<double>::infinity();
            continue;
          }
          const double tie =
              b < nets.size() && !nets[b].ties.empty() ? nets[b].ties.strength_of(i) : 0.0;
          weight[b] = affinity_[b][i] + (f.stage[i] >= Stage::engaged ? spec_.beta_engaged : 0.0) +
                      spec_.beta_trust * f.trust[i] + spec_.beta_relationship * tie +
                      (last_brand_[i] == b ? spec_.beta_loyalty : 0.0) -
                      spec_.beta_price * price_[b];
          top = std::max(top, weight[b]);
          any = true;
        }
        const double u = stream.uniform01();  // always drawn: common random numbers
        next_[i] += wait(stream, rate_[i]);
        if (!any) continue;
        double sum = std::exp(log_none - top);
        for (BrandId b = 0; b < brands; ++b) sum += (weight[b] = std::exp(weight[b] - top));
        double x = u * sum - std::exp(log_none - top);
        if (x < 0.0) continue;  // bought nothing
        BrandId j = 0;
        for (; j + 1 < brands; ++j) {
          x -= weight[j];
          if (x < 0.0) break;
        }
        while (weight[j] == 0.0) --j;  // rounding past the last known brand: the last one
        // A purchase of j: the category record, switching, buyers and the window.
        ++local.category;
        ++local.purchases[j];
        if (last_brand_[i] != kNone && last_brand_[i] != j) ++local.switches[j];
        last_brand_[i] = static_cast<std::uint16_t>(j);
        const std::uint32_t c = ++category_count_[i];
        for (BrandId b = 0; b < brands; ++b)
          if (b != j && last_step_[b][i] >= 0) ++local.requirements[b];
        std::int32_t& prev = last_step_[j][i];
        if (prev < 0) {
          ++local.new_buyers[j];
          local.requirements[j] += c;  // all their category purchases so far, this one included
        } else {
          ++local.requirements[j];
        }
        if (prev >= 0 && static_cast<Step>(prev) + w > t)
          --local.ring[j * w + static_cast<std::size_t>(prev) % w];
        else
          ++local.window_new[j];
        ++local.ring[j * w + slot];
        prev = static_cast<std::int32_t>(t);
        BrandFunnel& f = world.funnels()[j];
        const bool conversion = f.stage[i] < Stage::customer;
        if (conversion) {
          --local.stage_delta[j][index(f.stage[i])];
          ++local.stage_delta[j][index(Stage::customer)];
          f.stage[i] = Stage::customer;
          ++local.conversions[j];
        }
        if (attribute_on) {
          // Credited as a funnel purchase is: to the touch behind the buyer's last funnel move
          // with the brand, measured over the touches the brand has made on them.
          const TouchRing& ring = f.history[i];
          std::array<Touch, kTouchHistory> hist{};
          const std::size_t hist_n = ring.read(hist);
          local.attr[j].purchase(code_channel(ring.cause),
                                 std::span<const Touch>(hist.data(), hist_n),
                                 code_tracked(ring.cause), conversion, attribution_.models);
        }
      }
    }
#pragma omp critical(snsim_market_tally)
    total.add(local);
  }

  Recorder& r = *ctx.recorder;
  const MetricSeries* impressions = r.series().find("impressions");
  double voice_total = 0.0;
  if (impressions != nullptr)
    for (BrandId b = 0; b < brands; ++b)
      voice_total += impressions->values[static_cast<std::size_t>(t) * brands + b];
  const auto people = static_cast<double>(n);
  for (BrandId b = 0; b < brands; ++b) {
    BrandFunnel& f = world.funnels()[b];
    for (std::size_t k = 0; k < kStageCount; ++k) f.stage_count[k] += total.stage_delta[b][k];
    world.ledgers()[b].purchases += total.purchases[b];
    buyers_[b] += total.new_buyers[b];
    purchases_total_[b] += total.purchases[b];
    requirements_[b] += total.requirements[b];
    window_count_[b] += total.window_new[b];
    for (std::size_t s = 0; s < w; ++s) window_ring_[b][s] += total.ring[b * w + s];
    r.add(purchases_, t, b, static_cast<double>(total.purchases[b]));
    r.add(conversions_, t, b, static_cast<double>(total.conversions[b]));
    if (attribute_on) {
      const AttributionLedger events = total.attr[b].events();
      add_into(world.ledgers()[b].attribution, events);
      attribution_metrics_.add(r, t, b, events);
    }
    r.set(share_, t, b,
          ratio(static_cast<double>(total.purchases[b]), static_cast<double>(total.category)));
    r.set(voice_, t, b,
          impressions == nullptr
              ? kNaN
              : ratio(impressions->values[static_cast<std::size_t>(t) * brands + b], voice_total));
    r.set(penetration_, t, b, static_cast<double>(buyers_[b]) / people);
    r.set(penetration_window_, t, b, static_cast<double>(window_count_[b]) / people);
    r.set(frequency_, t, b,
          ratio(static_cast<double>(purchases_total_[b]), static_cast<double>(buyers_[b])));
    r.set(switching_, t, b, static_cast<double>(total.switches[b]));
    r.set(requirements_share_, t, b,
          ratio(static_cast<double>(purchases_total_[b]), static_cast<double>(requirements_[b])));
  }
  r.set(category_, t, static_cast<double>(total.category));
  r.set(occasions_, t, static_cast<double>(total.occasions));
}

}  // namespace snsim
