#pragma once
// BroadcastExposure ("broadcast"): a brand buys impressions with the broadcast share of its money
// at the scenario's CPM, and they land on people uniformly at random (external influence, the p of
// Bass 1969). Each impression is a touch that the funnel may turn into awareness, engagement or a
// visit. Metrics: `impressions` (per step), `reach` (cumulative distinct people touched).
//
// Work per step is proportional to the impressions bought, never to the population. Impression k
// of a step goes to the k-th target of the stream (step, broadcast, brand), so a larger budget
// reaches the same people plus more (common random numbers across counterfactual twins).
#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class BroadcastExposure final : public Process {
 public:
  explicit BroadcastExposure(const Scenario& scenario);
  std::string_view name() const override { return "broadcast"; }
  std::vector<std::string_view> reads() const override { return {"brands.budget"}; }
  std::vector<std::string_view> writes() const override {
    return {"funnel.impressions", "funnel.reached", "ledger.money_spent"};
  }
  void define_metrics(Recorder& recorder) override;
  void step(World& world, StepContext& ctx) override;

  /// Returns the impressions a money amount buys at cpm (USD per 1000), as a real number.
  static double impressions_for(double money, double cpm) { return money / cpm * 1000.0; }

 private:
  MetricId impressions_ = 0, reach_ = 0;
};

}  // namespace snsim
