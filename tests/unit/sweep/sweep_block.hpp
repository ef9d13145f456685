#pragma once
// Test helpers for sweep blocks: a small base scenario, a sweep block parsed on top of it, and the
// one-line message make_sweep_plan gives a bad one.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "../../support/temp_dir.hpp"
#include "snsim/sweep/sweep_plan.hpp"
#include "snsim/sweep/sweep_spec.hpp"

namespace snsim::test {

/// A two-brand scenario of 100 people and 3 steps, seed 5; a sweep block goes after it.
inline const std::string kSweepBase =
    "name: t\nseed: 5\ntime: {steps: 3}\npopulation: {size: 100, communities: 2}\n"
    "brands:\n  - name: a\n  - name: b\n";

/// Returns the parsed sweep block `sweep` (YAML text starting with "sweep:") on kSweepBase.
inline SweepSpec spec_of(const std::string& sweep) {
  ParsedSweep p = parse_sweep(kSweepBase + sweep, "t.yaml", {});
  REQUIRE(p.has_sweep);
  return p.spec;
}

/// Returns the one-line message make_sweep_plan gives kSweepBase + sweep, or "" if it loads.
inline std::string error_of(const std::string& sweep) {
  const test_support::TempDir dir;
  const std::string path = dir.write("block.yaml", kSweepBase + sweep);
  std::string message;
  try {
    (void)make_sweep_plan(path, {});
  } catch (const ScenarioError& e) {
    message = e.what();
  }
  return message;
}

}  // namespace snsim::test
