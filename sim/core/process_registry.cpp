#include "snsim/core/process_registry.hpp"

namespace snsim {

void register_builtin_processes(ProcessRegistry& registry);  // builtin_processes.cpp

const ProcessRegistry& ProcessRegistry::builtin() {
  static const ProcessRegistry registry = [] {
    ProcessRegistry r;
    register_builtin_processes(r);
    return r;
  }();
  return registry;
}

}  // namespace snsim
