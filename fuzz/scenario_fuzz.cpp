// libFuzzer target: a scenario file as `snsim validate`, `run` and `sweep` load it (the loader,
// the sweep block, the trial loads of every swept value and the sweep's expansion), with the
// fuzz bytes as the file's text. A ScenarioError (the one-line rejection behind exit code 2) is
// the expected outcome for bad text; a crash, an abort, a sanitizer report, running out of
// memory or time, or an exception of any other type is a bug. scripts/fuzz.sh runs it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "../tests/support/temp_dir.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/sweep/sweep_plan.hpp"

namespace {

/// Returns a fresh folder holding a small valid edge list (edges.txt) that relative paths in the
/// scenario resolve to, so the fuzzer reaches the edge-list checks without reading other files.
const std::filesystem::path& scenario_folder() {
  static const snsim::test_support::TempDir folder;
  static const bool edge_list_written = [] {
    std::ofstream(folder.path() / "edges.txt") << "# a ring of four\n0 1\n1 2\n2 3\n3 0\n";
    return true;
  }();
  (void)edge_list_written;
  return folder.path();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = (scenario_folder() / "scenario.yaml").string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const snsim::SweepPlan plan = snsim::make_sweep_plan(path, {});
    // What `snsim sweep --list` does next: look at runs of the expansion (the last one too).
    if (plan.run_count() > 0) {
      (void)snsim::load_run_scenario(plan, plan.expansion.run(0));
      (void)plan.expansion.run(plan.run_count() - 1);
    }
  } catch (const snsim::ScenarioError&) {
    // The expected rejection of a bad scenario.
  }
  return 0;
}
