#pragma once
// What snsim ships with: every subsystem's processes and strategies, and the default pipeline.
//
// register_builtin calls each subsystem's own registration function (media/media_processes.hpp,
// networking/networking_processes.hpp, economics/economics_processes.hpp, and
// economics/strategy.hpp for the strategies), so adding a process touches only its subsystem.
// ProcessRegistry::global() and StrategyRegistry::global() start from it.
#include <string>
#include <vector>

namespace snsim {

class ProcessRegistry;
class StrategyRegistry;

/// Registers every built-in process and strategy.
void register_builtin(ProcessRegistry& processes, StrategyRegistry& strategies);

/// Returns the default pipeline, in order (used when a scenario has no `processes:` key).
std::vector<std::string> default_pipeline();

}  // namespace snsim
