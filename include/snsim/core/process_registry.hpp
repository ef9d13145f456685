#pragma once
// ProcessRegistry: processes by name, so that a scenario's `processes:` list selects them.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

class ProcessRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Process>(const Scenario&)>;

  /// Returns the registry holding every built-in process (sim/core/builtin_processes.cpp).
  static const ProcessRegistry& builtin();

  /// Adds a process; throws std::logic_error if the name is taken.
  void add(std::string name, std::string summary, Factory factory);
  /// Returns a new process called name; throws std::out_of_range if unknown.
  std::unique_ptr<Process> create(const std::string& name, const Scenario& scenario) const;
  /// Returns every registered name, in registration order.
  std::vector<std::string> names() const;
  /// Returns the one-line summary of a process.
  const std::string& summary(const std::string& name) const;

 private:
  struct Entry {
    std::string name, summary;
    Factory factory;
  };
  const Entry& find(const std::string& name) const;
  std::vector<Entry> entries_;
};

/// Returns the default pipeline, in order (used when a scenario has no `processes:` key).
std::vector<std::string> default_pipeline();

}  // namespace snsim
