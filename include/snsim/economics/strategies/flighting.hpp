#pragma once
// The `flighting` strategy: media money in bursts (advertising "flights"). The brand spends its
// mix (or phase mix) for `flighting.on` steps, then no money for `flighting.off` steps, and so
// on; the money of the dark steps is saved and spent in the next flight, so the total budget
// equals that of a steady mix. Staff hours are spent every step as the mix says.
#include "snsim/economics/strategy.hpp"

namespace snsim {

class FlightingStrategy final : public Strategy {
 public:
  Allocation allocate(const BrandSpec& brand, Step step, const World& world) const override;
};

}  // namespace snsim
