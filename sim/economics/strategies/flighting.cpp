#include "snsim/economics/strategies/flighting.hpp"

#include "snsim/core/scenario.hpp"

namespace snsim {

Allocation FlightingStrategy::allocate(const BrandSpec& brand, Step step,
                                       const World& world) const {
  (void)world;
  Allocation a = base_allocation(brand);
  a.mix = phase_mix(brand, step);
  const Step period = brand.flight_on + brand.flight_off;
  const Step in_flight = step % period;
  if (in_flight >= brand.flight_on) {
    a.mix = without_money(a.mix);
    a.money = 0.0;
    return a;
  }
  // Money saved in the dark steps is spent in the flight; a last flight cut short by the end of
  // the run still spends at the same rate (the run ends mid-cycle, as a campaign would).
  a.money =
      brand.money_per_step * static_cast<double>(period) / static_cast<double>(brand.flight_on);
  return a;
}

}  // namespace snsim
