#pragma once
// ProcessRegistry: processes by name, so that a scenario's `processes:` list selects them.
//
// Each subsystem registers its own processes (e.g. register_media_processes in
// media/media_processes.hpp); register_builtin (snsim/builtin.hpp) calls them all. A program
// embedding snsim adds its own to ProcessRegistry::global() the same way (docs/library.md).
//
// Each process says whether it acts on brands. A scenario without brands (a classic model of
// diffusion, say) may run only processes that do not; the loader refuses the others by name. A
// process registered without saying is taken to need brands, the safe side for processes written
// before brand-less scenarios existed.
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "snsim/core/named_registry.hpp"
#include "snsim/core/process.hpp"

namespace snsim {

struct Scenario;

/// Whether a process reads or writes the brand axis of the world (funnels, ledgers, budgets).
enum class BrandUse {
  needs_brands,  ///< it acts on brands: a scenario without brands cannot run it
  none           ///< it acts on people only (contagion, memes, person_ties)
};

class ProcessRegistry
    : public NamedRegistry<std::function<std::unique_ptr<Process>(const Scenario&)>> {
 public:
  using Factory = std::function<std::unique_ptr<Process>(const Scenario&)>;

  ProcessRegistry() : NamedRegistry("process") {}

  /// Returns the registry that scenarios are checked against and runs build their pipeline
  /// from: every built-in process, then any a program embedding snsim added. Add to it before
  /// loading scenarios, from one thread (it is not locked).
  static ProcessRegistry& global();

  /// Adds a process built by factory under name; throws std::logic_error if the name is taken.
  void add(std::string name, std::string summary, Factory factory,
           BrandUse brands = BrandUse::needs_brands) {
    std::string key = name;
    NamedRegistry::add(std::move(name), std::move(summary), std::move(factory));
    if (brands == BrandUse::none) brand_free_.push_back(std::move(key));
  }
  /// Adds process P, built from the scenario by P(const Scenario&), under name; throws
  /// std::logic_error if the name is taken.
  template <class P>
  void add(std::string name, std::string summary, BrandUse brands = BrandUse::needs_brands) {
    add(
        std::move(name), std::move(summary),
        [](const Scenario& s) -> std::unique_ptr<Process> { return std::make_unique<P>(s); },
        brands);
  }

  /// Returns true when the process called name acts on brands (false for an unknown name).
  bool needs_brands(const std::string& name) const {
    const auto all = names();
    return std::find(all.begin(), all.end(), name) != all.end() &&
           std::find(brand_free_.begin(), brand_free_.end(), name) == brand_free_.end();
  }

  /// Returns a new process called name; throws std::out_of_range if unknown.
  std::unique_ptr<Process> create(const std::string& name, const Scenario& scenario) const {
    return factory(name)(scenario);
  }

 private:
  std::vector<std::string> brand_free_;  ///< processes registered with BrandUse::none
};

}  // namespace snsim
