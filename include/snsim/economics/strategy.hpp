#pragma once
// Strategy: how a brand spends each step's budget (docs/model.md section 5). A strategy turns the
// brand's keys and the step into an Allocation (money, hours and their mix); the `strategy`
// process asks each brand's strategy once per step and stores the answer in the world, where the
// spending processes (broadcast, social_media, social_networking, manipulation) read it.
//
// To add a strategy: write a class deriving from Strategy in sim/economics/strategies/, register
// it by name in sim/economics/builtin_strategies.cpp (one line), and name it in a scenario as
// brands[i].strategy.name. Nothing else changes. A program embedding snsim adds its own to
// StrategyRegistry::global() before loading its scenarios (docs/library.md).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "snsim/core/named_registry.hpp"
#include "snsim/economics/brand_mix.hpp"

namespace snsim {

struct BrandSpec;
class World;

/// What a brand spends in one step.
struct Allocation {
  BrandMix mix;        ///< shares of money and hours
  double money = 0.0;  ///< USD available this step (money shares apply to it)
  double hours = 0.0;  ///< staff hours available this step (hour shares apply to it)

  /// Returns the USD this step for a money share (e.g. mix.broadcast).
  double money_for(double share) const { return money * share; }
  /// Returns the staff hours this step for an hour share (e.g. mix.networking).
  double hours_for(double share) const { return hours * share; }
};

/// Checkpoint fields (core/state_archive.hpp): every member.
inline void state_fields(StateArchive& a, Allocation& x) { a(x.mix, x.money, x.hours); }

/// Returns the allocation of a brand that spends its keys' mix every step (phases ignored).
Allocation base_allocation(const BrandSpec& brand);

/// Returns the mix of brand's phase covering `step` (its base mix when it has no phases).
BrandMix phase_mix(const BrandSpec& brand, Step step);

class Strategy {
 public:
  virtual ~Strategy() = default;
  /// Returns what the brand spends at `step`; world is the state before the step's processes.
  virtual Allocation allocate(const BrandSpec& brand, Step step, const World& world) const = 0;
};

class StrategyRegistry : public NamedRegistry<std::function<std::unique_ptr<Strategy>()>> {
 public:
  StrategyRegistry() : NamedRegistry("strategy") {}

  /// Returns the registry that scenarios are checked against and brands' strategies are built
  /// from: the built-in strategies, then any a program embedding snsim added. Add to it before
  /// loading scenarios, from one thread (it is not locked).
  static StrategyRegistry& global();

  /// Returns a new strategy called name; throws std::out_of_range if unknown.
  std::unique_ptr<Strategy> create(const std::string& name) const { return factory(name)(); }
};

/// Registers the built-in strategies (called by register_builtin, snsim/builtin.hpp).
void register_builtin_strategies(StrategyRegistry& registry);

}  // namespace snsim
