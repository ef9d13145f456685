// custom_process: runs a shipped scenario with a process and a strategy of its own.
//
//   custom_process <scenario.yaml> [key.path=value ...]
//
// Adds "newsletter" to the pipeline (before the funnel) and gives the first brand the "ramp"
// strategy, runs the scenario and prints, per brand, the newsletter opens, the money the strategy
// allotted at the first and last step, and the customers and ROI at the end.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <snsim/core/engine.hpp>
#include <snsim/core/process_registry.hpp>
#include <snsim/economics/strategy.hpp>
#include <snsim/io/scenario_loader.hpp>

#include "newsletter.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: custom_process <scenario.yaml> [key.path=value ...]\n");
    return 2;
  }
  // Registered before any scenario is loaded: the loader checks names against these registries.
  example::register_newsletter(snsim::ProcessRegistry::global(), snsim::StrategyRegistry::global());

  std::vector<std::string> overrides = {
      "processes=[strategy, broadcast, person_ties, social_networking, word_of_mouth, newsletter, "
      "funnel, accounting]",
      "brands[0].strategy.name=ramp"};
  for (int i = 2; i < argc; ++i) overrides.emplace_back(argv[i]);
  try {
    const snsim::Scenario scenario = snsim::load_scenario_file(argv[1], overrides);
    snsim::RunOptions options;
    options.seed = scenario.seed;
    const snsim::RunOutcome out = snsim::run_scenario(scenario, options);

    const snsim::RunSeries& r = out.series;
    const snsim::Step last = r.steps - 1;
    std::printf("%-12s %-9s %16s %12s %12s %10s %8s\n", "brand", "strategy", "newsletter_opens",
                "money_first", "money_last", "customers", "roi");
    for (snsim::BrandId b = 0; b < r.brands.size(); ++b) {
      double opens = 0.0;
      for (snsim::Step t = 0; t < r.steps; ++t) opens += r.at("newsletter_opens", t, b);
      std::printf("%-12s %-9s %16.0f %12.2f %12.2f %10.0f %8.3f\n", r.brands[b].c_str(),
                  scenario.brands[b].strategy.c_str(), opens, r.at("budget_money", 0, b),
                  r.at("budget_money", last, b), r.at("customers", last, b), r.at("roi", last, b));
    }
  } catch (const snsim::ScenarioError& e) {
    std::fprintf(stderr, "custom_process: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "custom_process: %s\n", e.what());
    return 1;
  }
  return 0;
}
