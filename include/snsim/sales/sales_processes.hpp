#pragma once
// The sales subsystem's processes: sales_cycle.
namespace snsim {

class ProcessRegistry;

/// Registers the sales processes by name (called by register_builtin, snsim/builtin.hpp).
void register_sales_processes(ProcessRegistry& registry);

}  // namespace snsim
