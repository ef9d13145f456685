#pragma once
// The networking subsystem's processes: person_ties, social_networking and word_of_mouth.
namespace snsim {

class ProcessRegistry;

/// Registers the networking processes by name (called by register_builtin, snsim/builtin.hpp).
void register_networking_processes(ProcessRegistry& registry);

}  // namespace snsim
