// The built-in processes and strategies, gathered from the subsystems that define them, and the
// process-wide registries that start from them.
#include "snsim/builtin.hpp"

#include "snsim/contagion/contagion_processes.hpp"
#include "snsim/core/process_registry.hpp"
#include "snsim/economics/economics_processes.hpp"
#include "snsim/economics/strategy.hpp"
#include "snsim/market/market_processes.hpp"
#include "snsim/media/media_processes.hpp"
#include "snsim/networking/networking_processes.hpp"
#include "snsim/sales/sales_processes.hpp"

namespace snsim {

void register_builtin(ProcessRegistry& processes, StrategyRegistry& strategies) {
  register_media_processes(processes);
  register_networking_processes(processes);
  register_economics_processes(processes);
  register_contagion_processes(processes);
  register_market_processes(processes);
  register_sales_processes(processes);
  register_builtin_strategies(strategies);
}

std::vector<std::string> default_pipeline() {
  return {"strategy",          "manipulation",  "broadcast", "person_ties",
          "social_networking", "word_of_mouth", "funnel",    "accounting"};
}

namespace {
// Both registries are built together on first use, so neither can be seen without the other's
// built-ins (a function-local static: thread-safe initialisation, no static-order problem).
struct Registries {
  ProcessRegistry processes;
  StrategyRegistry strategies;
};
Registries& registries() {
  static Registries r = [] {
    Registries x;
    register_builtin(x.processes, x.strategies);
    return x;
  }();
  return r;
}
}  // namespace

ProcessRegistry& ProcessRegistry::global() { return registries().processes; }
StrategyRegistry& StrategyRegistry::global() { return registries().strategies; }

}  // namespace snsim
