#pragma once
// Accounting ("accounting"): costs, revenue and return on investment, cumulative (MODEL.md step 9).
// cost = media money spent + staff hours x hourly rate; revenue = purchases x order value;
// roi = (revenue - cost) / cost, NaN while nothing has been spent.
// Metrics: `cost` (USD), `revenue` (USD), `roi` (ratio), all cumulative to the step.
#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class Accounting final : public Process {
 public:
  explicit Accounting(const Scenario& scenario);
  std::string_view name() const override { return "accounting"; }
  std::vector<std::string_view> reads() const override {
    return {"ledger.money_spent", "ledger.purchases", "brands.budget"};
  }
  std::vector<std::string_view> writes() const override { return {"ledger.staff_cost", "ledger.revenue"}; }
  void define_metrics(Recorder& recorder) override;
  void step(World& world, StepContext& ctx) override;

  /// Returns (revenue - cost) / cost, or NaN when cost is 0.
  static double roi(double revenue, double cost);

 private:
  MetricId cost_ = 0, revenue_ = 0, roi_ = 0;
};

}  // namespace snsim
