#pragma once
// The `mix` strategy (the default): spend the brand's mix every step, or, when the brand has
// phases, the mix of the phase covering the step ("broadcast for 30 days, then networking").
#include "snsim/economics/strategy.hpp"

namespace snsim {

class MixStrategy final : public Strategy {
 public:
  Allocation allocate(const BrandSpec& brand, Step step, const World& world) const override;
};

}  // namespace snsim
