#pragma once
// ProcessRegistry: processes by name, so that a scenario's `processes:` list selects them.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "snsim/core/named_registry.hpp"
#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class ProcessRegistry
    : public NamedRegistry<std::function<std::unique_ptr<Process>(const Scenario&)>> {
 public:
  using Factory = std::function<std::unique_ptr<Process>(const Scenario&)>;

  ProcessRegistry() : NamedRegistry("process") {}

  /// Returns the registry holding every built-in process (sim/core/builtin_processes.cpp).
  static const ProcessRegistry& builtin();

  /// Returns a new process called name; throws std::out_of_range if unknown.
  std::unique_ptr<Process> create(const std::string& name, const Scenario& scenario) const {
    return factory(name)(scenario);
  }
};

/// Returns the default pipeline, in order (used when a scenario has no `processes:` key).
std::vector<std::string> default_pipeline();

}  // namespace snsim
