#pragma once
// Resource estimate of a scenario before it runs (`snsim validate`): peak memory from the sizes
// of the columns, graphs, feeds and posts the scenario will allocate, and time per step from
// per-process costs measured on the reference machine (README "Performance": 2 cores, shared).
#include <string>
#include <vector>

#include "snsim/core/scenario.hpp"

namespace snsim {

/// One named part of the memory estimate.
struct MemoryPart {
  std::string name;
  double bytes = 0.0;
};

/// What a scenario is expected to need.
struct ResourceEstimate {
  std::vector<MemoryPart> memory;  ///< parts held at the peak (the last step), largest first
  double peak_bytes = 0.0;         ///< resident memory at the peak, parts plus the process base
  double arcs = 0.0;               ///< expected social-graph arcs (two per tie)
  double people = 0.0;             ///< population size, for the bytes-per-person column
  double step_seconds = 0.0;       ///< mean wall seconds per step on the reference machine
  double setup_seconds = 0.0;      ///< world, graph and follow graph, reference machine
  int threads = 1;                 ///< threads the time assumes
};

/// Returns the estimate for a scenario run on `threads` OpenMP threads (>= 1). Memory counts
/// what the code allocates (its accuracy is checked against measured peaks in the tests and the
/// benchmarks); time is the reference machine's, so scale it by how fast your machine runs
/// bench/run_benchmarks.sh's limit kernel compared with the README's figure.
ResourceEstimate estimate_resources(const Scenario& scenario, int threads);

/// Returns the person-to-person ties ("person_ties") expected to be held after the last step:
/// the formation rate (closure_rate + homophily_rate) N per step times the steps a tie lives,
/// capped at the run's steps (an upper bound: introductions of pairs already tied form nothing).
double expected_person_ties(const Scenario& scenario);

/// Returns the memory this process can use now, in bytes: MemAvailable of /proc/meminfo, or less
/// if a cgroup (a container or a Slurm job) allows less; 0 if unknown (no /proc/meminfo).
double available_memory_bytes();

/// Returns the estimate as lines of text for `snsim validate` (each starting with "# "): the
/// totals, then each part in MiB and in bytes per person.
std::string format_estimate(const ResourceEstimate& e);

}  // namespace snsim
