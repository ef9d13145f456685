#pragma once
// The economics subsystem's processes: strategy, manipulation, funnel and accounting. (Its
// strategies register in economics/strategy.hpp's register_builtin_strategies.)
namespace snsim {

class ProcessRegistry;

/// Registers the economics processes by name (called by register_builtin, snsim/builtin.hpp).
void register_economics_processes(ProcessRegistry& registry);

}  // namespace snsim
