#include "snsim/economics/strategy.hpp"

#include "snsim/core/scenario.hpp"

namespace snsim {

Allocation base_allocation(const BrandSpec& brand) {
  Allocation a;
  a.mix.broadcast = brand.broadcast_share;
  a.mix.promote = brand.media.promote_share;
  a.mix.manipulate = brand.manipulate_share;
  a.mix.networking = brand.networking_share;
  a.mix.answer = brand.media.answer_share;
  a.mix.ask_votes = brand.ask_votes_share;
  a.money = brand.money_per_step;
  a.hours = brand.hours_per_step;
  return a;
}

BrandMix phase_mix(const BrandSpec& brand, Step step) {
  // Phases are few and sorted, and cover every step (checked by the loader).
  for (const StrategyPhase& p : brand.phases)
    if (step >= p.from && step < p.to) return p.mix;
  return base_allocation(brand).mix;
}

}  // namespace snsim
