// The market processes, by name (see core/process.hpp).
#include "snsim/market/market_processes.hpp"

#include "snsim/core/process_registry.hpp"
#include "snsim/market/market.hpp"

namespace snsim {

void register_market_processes(ProcessRegistry& registry) {
  registry.add<Market>("market",
                       "category purchase occasions; people choose among the brands they know");
}

}  // namespace snsim
