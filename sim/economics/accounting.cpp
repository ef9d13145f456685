#include "snsim/economics/accounting.hpp"

#include <limits>
#include <string>

#include "snsim/core/world.hpp"
#include "snsim/economics/attribution.hpp"

namespace snsim {

Accounting::Accounting(const Scenario& scenario) : attribution_(scenario.attribution) {}

double Accounting::roi(double revenue, double cost) {
  return cost > 0.0 ? (revenue - cost) / cost : std::numeric_limits<double>::quiet_NaN();
}

std::array<double, kChannelCount> Accounting::channel_costs(const BrandSpec& brand,
                                                            const BrandMix& mix, double money,
                                                            double staff) {
  std::array<double, kChannelCount> cost{};
  const double paid = mix.money_share();
  if (paid > 0.0) {
    cost[index(Channel::broadcast)] = money * mix.broadcast / paid;
    cost[index(Channel::ad)] = money * mix.promote / paid;
    // Fake likes are bought to lift the brand's posts: their cost is the posts' cost.
    cost[index(Channel::post)] = money * mix.manipulate / paid;
  } else {
    cost[index(Channel::post)] = money;  // influencer fees and other money with no paid share
  }
  // Networking hours go equally to the networking channels the strategy uses.
  std::array<std::size_t, 3> used{};
  std::size_t n_used = 0;
  used[n_used++] = index(Channel::conversation);
  if (brand.introductions > 0) used[n_used++] = index(Channel::introduction);
  if (!brand.groups.empty()) used[n_used++] = index(Channel::group);
  const double networking = staff * mix.networking;
  for (std::size_t k = 0; k < n_used; ++k)
    cost[used[k]] += networking / static_cast<double>(n_used);
  cost[index(Channel::post)] += staff - networking;  // content, replies and the rest
  return cost;
}

void Accounting::define_metrics(Recorder& recorder) {
  cost_ = recorder.define("cost", "USD",
                          "money spent on media plus staff hours at the hourly rate (cumulative)");
  revenue_ = recorder.define("revenue", "USD",
                             "purchases times the brand's price plus deals won (cumulative)");
  roi_ = recorder.define("roi", "1", "return on investment (revenue - cost) / cost (cumulative)");
  if (!attribution_.enabled) return;
  for (std::size_t c = 0; c < kChannelCount; ++c) {
    const std::string ch(kChannelNames[c]);
    roi_true_[c] = recorder.define(
        "roi_true/" + ch, "1",
        "ROI of " + ch +
            ": revenue of the purchases and deals it truly caused, against its cost "
            "(cumulative)");
  }
  for (const AttributionModel m : attribution_.models) {
    const auto k = static_cast<std::size_t>(m);
    const std::string model(kAttributionModelNames[k]);
    for (std::size_t c = 0; c < kChannelCount; ++c) {
      const std::string ch(kChannelNames[c]);
      roi_measured_[k][c] = recorder.define(
          "roi_measured/" + model + "/" + ch, "1",
          "ROI of " + ch + " a marketer measures under " + model + " attribution (cumulative)");
    }
    error_[k] = recorder.define("attribution_error/" + model, "1",
                                "total-variation distance between measured (" + model +
                                    ", direct included) and true conversion shares by channel "
                                    "(cumulative); NaN before any");
  }
}

void Accounting::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  if (last_money_.size() != world.brand_count()) last_money_.assign(world.brand_count(), 0.0);
  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandLedger& l = world.ledgers()[b];
    const Allocation& alloc = world.allocations()[b];
    const double staff = alloc.hours * sc.economics.hourly_rate;
    l.staff_cost += staff;
    // Consumer purchases plus business-to-business deals won (sales_cycle; 0 without it).
    l.revenue = static_cast<double>(l.purchases) * sc.brands[b].price + l.deal_revenue;
    const double cost = l.money_spent + l.staff_cost;
    ctx.recorder->set(cost_, ctx.step, b, cost);
    ctx.recorder->set(revenue_, ctx.step, b, l.revenue);
    ctx.recorder->set(roi_, ctx.step, b, roi(l.revenue, cost));
    if (!attribution_.enabled) continue;
    AttributionLedger& a = l.attribution;
    const auto step_cost =
        channel_costs(sc.brands[b], alloc.mix, l.money_spent - last_money_[b], staff);
    last_money_[b] = l.money_spent;
    // A channel's revenue: the purchases credited to it at the brand's price, as the brand's own
    // revenue is counted, plus the value of the deals credited to it.
    const double price = sc.brands[b].price;
    for (std::size_t c = 0; c < kChannelCount; ++c) {
      a.cost[c] += step_cost[c];
      ctx.recorder->set(roi_true_[c], ctx.step, b,
                        roi(a.purchases_true[c] * price + a.deal_revenue_true[c], a.cost[c]));
    }
    for (const AttributionModel m : attribution_.models) {
      const auto k = static_cast<std::size_t>(m);
      for (std::size_t c = 0; c < kChannelCount; ++c)
        ctx.recorder->set(
            roi_measured_[k][c], ctx.step, b,
            roi(a.purchases_measured[k][c] * price + a.deal_revenue_measured[k][c], a.cost[c]));
      ctx.recorder->set(error_[k], ctx.step, b,
                        attribution_error(a.conversions_measured[k], a.conversions_true));
    }
  }
}

}  // namespace snsim
