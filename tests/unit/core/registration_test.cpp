// Registration (snsim/builtin.hpp): each subsystem registers its own processes, register_builtin
// gathers them, and the global registries start from exactly that. Tests use registries of their
// own, so the global ones stay as every other test expects them.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "snsim/builtin.hpp"
#include "snsim/contagion/contagion_processes.hpp"
#include "snsim/core/process_registry.hpp"
#include "snsim/core/scenario.hpp"
#include "snsim/economics/economics_processes.hpp"
#include "snsim/economics/strategy.hpp"
#include "snsim/media/media_processes.hpp"
#include "snsim/networking/networking_processes.hpp"
#include "snsim/sales/sales_processes.hpp"

namespace {

using Names = std::vector<std::string>;

template <class Register>
Names names_of(Register reg) {
  snsim::ProcessRegistry r;
  reg(r);
  return r.names();
}

/// A process defined outside the library, as a program embedding snsim would.
class Outside : public snsim::Process {
 public:
  explicit Outside(const snsim::Scenario&) {}
  std::string_view name() const override { return "outside"; }
  std::vector<std::string_view> reads() const override { return {}; }
  std::vector<std::string_view> writes() const override { return {}; }
  void step(snsim::World&, snsim::StepContext&) override {}
};

}  // namespace

TEST_CASE("each subsystem registers its own processes", "[core][registry]") {
  CHECK(names_of(snsim::register_media_processes) == Names{"broadcast", "social_media"});
  CHECK(names_of(snsim::register_networking_processes) ==
        Names{"person_ties", "social_networking", "word_of_mouth"});
  CHECK(names_of(snsim::register_economics_processes) ==
        Names{"strategy", "manipulation", "funnel", "accounting"});
  CHECK(names_of(snsim::register_contagion_processes) == Names{"contagion", "memes"});
  CHECK(names_of(snsim::register_sales_processes) == Names{"sales_cycle"});
}

TEST_CASE("the global registries hold exactly the built-ins, every default process among them",
          "[core][registry]") {
  snsim::ProcessRegistry processes;
  snsim::StrategyRegistry strategies;
  snsim::register_builtin(processes, strategies);
  CHECK(snsim::ProcessRegistry::global().names() == processes.names());
  CHECK(snsim::StrategyRegistry::global().names() == strategies.names());
  const Names all = processes.names();
  for (const auto& p : snsim::default_pipeline())
    CHECK(std::find(all.begin(), all.end(), p) != all.end());
}

TEST_CASE("a process added from outside is created by name, and a name is taken once",
          "[core][registry]") {
  snsim::ProcessRegistry processes;
  snsim::StrategyRegistry strategies;
  snsim::register_builtin(processes, strategies);
  processes.add<Outside>("outside", "a process of the embedding program");
  CHECK(processes.names().back() == "outside");
  CHECK(processes.summary("outside") == "a process of the embedding program");
  CHECK(processes.create("outside", snsim::Scenario{})->name() == "outside");
  CHECK_THROWS_AS(processes.add<Outside>("funnel", "again"), std::logic_error);
  CHECK_THROWS_AS(processes.factory("nope"), std::out_of_range);
}

TEST_CASE("only the processes that act on people alone run without brands", "[core][registry]") {
  // docs/classic-models.md: contagion, memes and person_ties read and write no brand state; every
  // other built-in reads budgets, funnels or ledgers.
  Names people_only;
  for (const auto& name : snsim::ProcessRegistry::global().names())
    if (!snsim::ProcessRegistry::global().needs_brands(name)) people_only.push_back(name);
  CHECK(people_only == Names{"person_ties", "contagion", "memes"});
  // A process added from outside needs brands unless it says otherwise.
  snsim::ProcessRegistry processes;
  processes.add<Outside>("outside", "a process of the embedding program");
  processes.add<Outside>("outside_people", "another", snsim::BrandUse::none);
  CHECK(processes.needs_brands("outside"));
  CHECK_FALSE(processes.needs_brands("outside_people"));
  CHECK_FALSE(processes.needs_brands("unknown"));
}
