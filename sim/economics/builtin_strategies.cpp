// The built-in strategies, by name. Adding a strategy is one line here (see
// economics/strategy.hpp).
#include <memory>

#include "snsim/economics/strategies/flighting.hpp"
#include "snsim/economics/strategies/mix.hpp"
#include "snsim/economics/strategy.hpp"

namespace snsim {

void register_builtin_strategies(StrategyRegistry& registry) {
  registry.add("mix", "the brand's mix every step, or its phases' mixes in turn",
               [] { return std::make_unique<MixStrategy>(); });
  registry.add("flighting",
               "money in bursts: the mix for flighting.on steps, then none for flighting.off "
               "steps, the saved money spent in the next burst",
               [] { return std::make_unique<FlightingStrategy>(); });
}

}  // namespace snsim
