// The economics processes, by name. Adding an economics process is one line here (see
// core/process.hpp).
#include "snsim/economics/economics_processes.hpp"

#include "snsim/core/process_registry.hpp"
#include "snsim/economics/accounting.hpp"
#include "snsim/economics/funnel.hpp"
#include "snsim/economics/manipulation.hpp"
#include "snsim/economics/strategy_process.hpp"

namespace snsim {

void register_economics_processes(ProcessRegistry& registry) {
  registry.add<StrategyProcess>("strategy", "each brand's strategy sets what it spends this step");
  registry.add<Manipulation>(
      "manipulation",
      "brands buy fake likes; exposure brings a trust shock, churn and a reach penalty");
  registry.add<Funnel>("funnel", "touches move people from unaware to advocate");
  registry.add<Accounting>("accounting", "cumulative cost, revenue and ROI per brand");
}

}  // namespace snsim
