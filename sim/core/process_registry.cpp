#include "snsim/core/process_registry.hpp"

#include <stdexcept>

namespace snsim {

void register_builtin_processes(ProcessRegistry& registry);  // builtin_processes.cpp

const ProcessRegistry& ProcessRegistry::builtin() {
  static const ProcessRegistry registry = [] {
    ProcessRegistry r;
    register_builtin_processes(r);
    return r;
  }();
  return registry;
}

void ProcessRegistry::add(std::string name, std::string summary, Factory factory) {
  for (const auto& e : entries_)
    if (e.name == name) throw std::logic_error("process registered twice: " + name);
  entries_.push_back({std::move(name), std::move(summary), std::move(factory)});
}

const ProcessRegistry::Entry& ProcessRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return e;
  throw std::out_of_range("unknown process '" + name + "'");
}

std::unique_ptr<Process> ProcessRegistry::create(const std::string& name,
                                                 const Scenario& scenario) const {
  return find(name).factory(scenario);
}

std::vector<std::string> ProcessRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  return out;
}

const std::string& ProcessRegistry::summary(const std::string& name) const {
  return find(name).summary;
}

}  // namespace snsim
