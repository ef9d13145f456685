#pragma once
// The contagion subsystem's processes: contagion (the classic models of diffusion) and memes
// (the limited-attention meme model).
namespace snsim {

class ProcessRegistry;

/// Registers the contagion and memes processes by name (called by register_builtin,
/// snsim/builtin.hpp).
void register_contagion_processes(ProcessRegistry& registry);

}  // namespace snsim
