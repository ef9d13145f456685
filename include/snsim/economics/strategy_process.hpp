#pragma once
// StrategyProcess ("strategy"): docs/model.md step 1, brand actions. Each step, asks each brand's
// strategy (economics/strategy.hpp) what it spends and stores the allocation in the world, where
// the spending processes read it. First in the pipeline.
#include <memory>
#include <vector>

#include "snsim/core/process.hpp"
#include "snsim/economics/strategy.hpp"

namespace snsim {

struct Scenario;

class StrategyProcess final : public Process {
 public:
  /// Creates each brand's strategy by name; throws std::out_of_range for an unknown one.
  explicit StrategyProcess(const Scenario& scenario);

  std::string_view name() const override { return "strategy"; }
  std::vector<std::string_view> reads() const override { return {"brands"}; }
  std::vector<std::string_view> writes() const override { return {"brand.allocation"}; }
  void define_metrics(Recorder& recorder) override;
  void step(World& world, StepContext& ctx) override;

 private:
  std::vector<std::unique_ptr<Strategy>> strategies_;
  MetricId money_ = 0, hours_ = 0;
};

}  // namespace snsim
