// The MPI task farm (see sweep_runner.hpp). Without SNSIM_HAVE_MPI every function behaves as a
// session of one rank, and run_mpi_farm falls back to run_local.
#include <omp.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "snsim/sweep/run_store.hpp"
#include "snsim/sweep/sweep_runner.hpp"

#ifdef SNSIM_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only: no libmpi_cxx
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace snsim {

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
         std::getenv("PMI_RANK") != nullptr;
}

#ifndef SNSIM_HAVE_MPI

bool mpi_compiled_in() { return false; }
MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
int MpiSession::broadcast(int value) const { return value; }
SweepRunnerResult run_mpi_farm(const MpiSession&, const SweepPlan& plan, const std::string& folder,
                               const std::vector<std::uint64_t>& indices,
                               const SweepRunnerOptions& options) {
  return run_local(plan, folder, indices, options);
}

#else

namespace {
constexpr int kTagRequest = 1;  // worker -> 0: int64 {previous run: -1 none, 0 ok, 1 failed}
constexpr int kTagAssign = 2;   // 0 -> worker: uint64 index, or kStop
constexpr std::uint64_t kStop = ~std::uint64_t{0};

bool run_one(RunBatchWriter& batch, std::uint64_t index) {
  try {
    batch.run(index);
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "snsim: run %llu failed: %s\n", static_cast<unsigned long long>(index),
                 e.what());
  } catch (...) {
    std::fprintf(stderr, "snsim: run %llu failed\n", static_cast<unsigned long long>(index));
  }
  return false;
}
bool flush_batch(RunBatchWriter& batch) {
  try {
    batch.flush();
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "snsim: %s\n", e.what());
    return false;
  }
}

}  // namespace

bool mpi_compiled_in() { return true; }

MpiSession::MpiSession() {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_SERIALIZED) {
    std::fprintf(stderr, "snsim: this MPI library lacks MPI_THREAD_SERIALIZED\n");
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

int MpiSession::broadcast(int value) const {
  if (!active_) return value;
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

SweepRunnerResult run_mpi_farm(const MpiSession& mpi, const SweepPlan& plan,
                               const std::string& folder, const std::vector<std::uint64_t>& indices,
                               const SweepRunnerOptions& options) {
  if (!mpi.active() || mpi.size() == 1) return run_local(plan, folder, indices, options);
  omp_set_num_threads(options.threads > 0 ? options.threads : 1);
  SweepRunnerResult result;
  RunBatchWriter batch(plan, folder, options.command_line);
  if (mpi.rank() != 0) {
    std::int64_t previous = -1;
    for (;;) {
      MPI_Send(&previous, 1, MPI_INT64_T, 0, kTagRequest, MPI_COMM_WORLD);
      std::uint64_t index = kStop;
      MPI_Recv(&index, 1, MPI_UINT64_T, 0, kTagAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (index == kStop) break;
      const bool ok = run_one(batch, index);
      ok ? ++result.done : ++result.failed;
      previous = ok ? 0 : 1;
    }
    // Runs still in the open part are lost if this flush fails: resume and merge see them missing.
    // The reduction tells rank 0 that every part is on disk (and how many flushes failed).
    int lost = flush_batch(batch) ? 0 : 1, total_lost = 0;
    MPI_Reduce(&lost, &total_lost, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    return result;
  }

  // Rank 0: a dispatcher thread owns MPI; the main thread runs runs from the same queue.
  std::mutex queue_lock;
  std::size_t next = 0;
  auto take = [&]() -> std::uint64_t {
    std::lock_guard<std::mutex> guard(queue_lock);
    return next < indices.size() ? indices[next++] : kStop;
  };
  std::atomic<std::uint64_t> done{0}, failed{0};
  const std::uint64_t total = indices.size();
  std::thread dispatcher([&] {
    int stopped = 0;
    auto last_progress = std::chrono::steady_clock::now();
    while (stopped < mpi.size() - 1) {
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &flag, &status);
      if (flag == 0) {
        // Sleep instead of a blocking receive: OpenMPI busy-waits, which would steal rank 0's core.
        std::this_thread::sleep_for(std::chrono::microseconds(300));
      } else {
        std::int64_t previous = -1;
        MPI_Recv(&previous, 1, MPI_INT64_T, status.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        if (previous == 0) done.fetch_add(1);
        if (previous == 1) failed.fetch_add(1);
        const std::uint64_t index = take();
        if (index == kStop) ++stopped;
        MPI_Send(&index, 1, MPI_UINT64_T, status.MPI_SOURCE, kTagAssign, MPI_COMM_WORLD);
      }
      const auto now = std::chrono::steady_clock::now();
      if (options.progress && now - last_progress > std::chrono::milliseconds(100)) {
        last_progress = now;
        options.progress(done.load() + failed.load(), total);
      }
    }
  });
  for (std::uint64_t index = take(); index != kStop; index = take())
    run_one(batch, index) ? done.fetch_add(1) : failed.fetch_add(1);
  if (!flush_batch(batch)) failed.fetch_add(1);
  dispatcher.join();
  int lost = 0, total_lost = 0;
  MPI_Reduce(&lost, &total_lost, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (total_lost > 0) failed.fetch_add(static_cast<std::uint64_t>(total_lost));
  result.done = done.load();
  result.failed = failed.load();
  if (options.progress) options.progress(result.done + result.failed, total);
  return result;
}

#endif

}  // namespace snsim
