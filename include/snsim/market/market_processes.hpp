#pragma once
// The market subsystem's processes: "market" (category demand and brand choice).
namespace snsim {

class ProcessRegistry;

/// Registers the market processes by name (called by register_builtin, snsim/builtin.hpp).
void register_market_processes(ProcessRegistry& registry);

}  // namespace snsim
