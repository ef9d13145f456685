#pragma once
// ProcessRegistry: processes by name, so that a scenario's `processes:` list selects them.
//
// Each subsystem registers its own processes (e.g. register_media_processes in
// media/media_processes.hpp); register_builtin (snsim/builtin.hpp) calls them all. A program
// embedding snsim adds its own to ProcessRegistry::global() the same way (docs/library.md).
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "snsim/core/named_registry.hpp"
#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class ProcessRegistry
    : public NamedRegistry<std::function<std::unique_ptr<Process>(const Scenario&)>> {
 public:
  using Factory = std::function<std::unique_ptr<Process>(const Scenario&)>;

  ProcessRegistry() : NamedRegistry("process") {}

  /// Returns the registry that scenarios are checked against and runs build their pipeline
  /// from: every built-in process, then any a program embedding snsim added. Add to it before
  /// loading scenarios, from one thread (it is not locked).
  static ProcessRegistry& global();

  using NamedRegistry::add;
  /// Adds process P, built from the scenario by P(const Scenario&), under name; throws
  /// std::logic_error if the name is taken.
  template <class P>
  void add(std::string name, std::string summary) {
    add(std::move(name), std::move(summary),
        [](const Scenario& s) -> std::unique_ptr<Process> { return std::make_unique<P>(s); });
  }

  /// Returns a new process called name; throws std::out_of_range if unknown.
  std::unique_ptr<Process> create(const std::string& name, const Scenario& scenario) const {
    return factory(name)(scenario);
  }
};

}  // namespace snsim
