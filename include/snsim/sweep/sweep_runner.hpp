#pragma once
// Runners: hand a list of run indices of a SweepPlan to workers that each write run files.
//
// - run_local: in this process (jobs == 1) or in `jobs` forked worker processes that take the
//   next index from a shared counter, so a slow run never holds up the others. A worker has its
//   own address space (HDF5 is not thread-safe) and runs each run on `threads` OpenMP threads
//   (default 1 when jobs > 1). A worker dies with the parent (PR_SET_PDEATHSIG).
// - run_mpi_farm: a dynamic task farm over MPI ranks. Rank 0 hands out indices from a dispatcher
//   thread (the only thread that calls MPI there, so MPI_THREAD_SERIALIZED suffices) while its
//   main thread runs runs too; workers ask for the next index when done. Every rank writes its own
//   run files; no two processes ever write one HDF5 file.
// Results never depend on the runner: run K is the same bytes whichever worker, rank or shard ran
// it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "snsim/sweep/sweep_plan.hpp"

namespace snsim {

struct SweepRunnerOptions {
  int jobs = 1;     ///< worker processes (run_local)
  int threads = 0;  ///< OpenMP threads per run; 0 = OpenMP's default if jobs == 1, else 1
  std::string command_line;
  /// Called from time to time with (runs finished, runs to do); optional.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct SweepRunnerResult {
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
};

/// Runs the given indices of plan into run files under folder; failures are printed on stderr
/// ("snsim: run K failed: ...") and counted. Throws RunStoreWriteError, after stopping every
/// worker, at the first part file that cannot be written (a full disk fails every later run too).
SweepRunnerResult run_local(const SweepPlan& plan, const std::string& folder,
                            const std::vector<std::uint64_t>& indices,
                            const SweepRunnerOptions& options);

/// MPI support: compiled in only if CMake found MPI; initialised only when launched by mpirun.
class MpiSession {
 public:
  /// Calls MPI_Init_thread if this process was started by mpirun (OMPI_COMM_WORLD_SIZE or
  /// PMIX_RANK set) and MPI support is compiled in; otherwise this is a session of one rank.
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  bool active() const { return active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Returns rank 0's value on every rank. Rank 0 does not wait for the others.
  int broadcast(int value) const;
  /// Returns once every rank has called it (MPI_Barrier).
  void barrier() const;

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// Returns true if the environment says mpirun started this process.
bool launched_by_mpirun();
/// Returns how many processes mpirun (Open MPI, MPICH, PMIx) started, read from the environment
/// through lookup (std::getenv if null): 0 when not under mpirun, 2 when only a rank above 0
/// says that it is not alone.
int mpirun_world_size(const char* (*lookup)(const char*) = nullptr);
/// Returns true if this build has MPI support.
bool mpi_compiled_in();

/// The task farm: rank 0 passes the indices to do (others pass anything); returns, on rank 0,
/// the totals of all ranks (on other ranks, their own). A part file that cannot be written on
/// any rank stops every rank; rank 0 then throws that RunStoreWriteError, as run_local does.
SweepRunnerResult run_mpi_farm(const MpiSession& mpi, const SweepPlan& plan,
                               const std::string& folder, const std::vector<std::uint64_t>& indices,
                               const SweepRunnerOptions& options);

}  // namespace snsim
