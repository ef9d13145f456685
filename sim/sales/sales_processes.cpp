// The sales processes, by name. Adding a sales process is one line here (see core/process.hpp).
#include "snsim/sales/sales_processes.hpp"

#include "snsim/core/process_registry.hpp"
#include "snsim/sales/sales_cycle.hpp"

namespace snsim {

void register_sales_processes(ProcessRegistry& registry) {
  registry.add<SalesCycle>(
      "sales_cycle",
      "prospect accounts move lead -> qualified -> opportunity -> won or lost; deals pay revenue");
}

}  // namespace snsim
