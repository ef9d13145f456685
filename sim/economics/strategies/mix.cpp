#include "snsim/economics/strategies/mix.hpp"

#include "snsim/core/scenario.hpp"

namespace snsim {

Allocation MixStrategy::allocate(const BrandSpec& brand, Step step, const World& world) const {
  (void)world;
  Allocation a = base_allocation(brand);
  a.mix = phase_mix(brand, step);
  return a;
}

}  // namespace snsim
