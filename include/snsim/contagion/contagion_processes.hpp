#pragma once
// The contagion subsystem's process: contagion (the classic models of diffusion).
namespace snsim {

class ProcessRegistry;

/// Registers the contagion process by name (called by register_builtin, snsim/builtin.hpp).
void register_contagion_processes(ProcessRegistry& registry);

}  // namespace snsim
