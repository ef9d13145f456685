#include "snsim/economics/accounting.hpp"

#include <limits>

#include "snsim/core/world.hpp"

namespace snsim {

Accounting::Accounting(const Scenario&) {}

double Accounting::roi(double revenue, double cost) {
  return cost > 0.0 ? (revenue - cost) / cost : std::numeric_limits<double>::quiet_NaN();
}

void Accounting::define_metrics(Recorder& recorder) {
  cost_ = recorder.define("cost", "USD", "money spent on media plus staff hours at the hourly rate (cumulative)");
  revenue_ = recorder.define("revenue", "USD", "purchases times order value (cumulative)");
  roi_ = recorder.define("roi", "1", "return on investment (revenue - cost) / cost (cumulative)");
}

void Accounting::step(World& world, StepContext& ctx) {
  const Scenario& sc = world.scenario();
  for (BrandId b = 0; b < world.brand_count(); ++b) {
    BrandLedger& l = world.ledgers()[b];
    l.staff_cost += sc.brands[b].hours_per_step * sc.economics.hourly_rate;
    l.revenue = static_cast<double>(l.purchases) * sc.economics.order_value;
    const double cost = l.money_spent + l.staff_cost;
    ctx.recorder->set(cost_, ctx.step, b, cost);
    ctx.recorder->set(revenue_, ctx.step, b, l.revenue);
    ctx.recorder->set(roi_, ctx.step, b, roi(l.revenue, cost));
  }
}

}  // namespace snsim
