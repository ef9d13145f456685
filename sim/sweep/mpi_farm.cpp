// The MPI task farm (see sweep_runner.hpp). Without SNSIM_HAVE_MPI every function behaves as a
// session of one rank, and run_mpi_farm falls back to run_local.
#include <omp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "run_one.hpp"
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

int mpirun_world_size(const char* (*lookup)(const char*)) {
  const auto get = [&](const char* name) -> const char* {
    return lookup != nullptr ? lookup(name) : std::getenv(name);
  };
  const auto number = [](const char* text) {
    if (text == nullptr) return -1L;
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && v >= 0 ? v : -1L;
  };
  long size = -1;
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (size < 0) size = number(get(name));
  long rank = -1;
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"})
    if (rank < 0) rank = number(get(name));
  if (size < 0 && rank < 0) return 0;
  if (size < 0) return rank > 0 ? 2 : 1;  // a rank above 0 is never alone
  return static_cast<int>(std::min(size, 1L << 30));
}

#ifndef SNSIM_HAVE_MPI

bool mpi_compiled_in() { return false; }
MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
int MpiSession::broadcast(int value) const { return value; }
void MpiSession::barrier() const {}
SweepRunnerResult run_mpi_farm(const MpiSession&, const SweepPlan& plan, const std::string& folder,
                               const std::vector<std::uint64_t>& indices,
                               const SweepRunnerOptions& options) {
  return run_local(plan, folder, indices, options);
}

#else

namespace {
// Every message from a worker to rank 0 is a Report: after each run (asking for the next one),
// and a last one once it stopped and closed its part. Rank 0 answers each request with an index
// or kStop; after a write error it answers kStop to everyone.
constexpr int kTagReport = 1;  // worker -> 0: a Report (as bytes)
constexpr int kTagAssign = 2;  // 0 -> worker: uint64 index, or kStop
constexpr std::uint64_t kStop = ~std::uint64_t{0};
constexpr int kExitParentGone = 143;  // as if SIGTERM had ended it (128 + 15)

enum : std::int32_t { kNone = -1, kRunOk = 0, kRunFailed = 1, kWriteFailed = 2 };

struct Report {
  std::int32_t previous = kNone;  ///< outcome of the worker's last run (or of its last flush)
  std::int32_t last = 0;          ///< 1: the worker has stopped and closed its part
  char error[1016] = {};          ///< the write error's message, if previous == kWriteFailed
};
static_assert(sizeof(Report) == 1024);

/// Sets r's outcome to a write error with message e.
void set_write_error(Report& r, const RunStoreWriteError& e) {
  r.previous = kWriteFailed;
  std::snprintf(r.error, sizeof r.error, "%s", e.what());
}

using detail::run_one;

}  // namespace

bool mpi_compiled_in() { return true; }

MpiSession::MpiSession() {
  if (!launched_by_mpirun()) return;
  // Should mpirun (or the daemon that started this rank) die, even by kill -9, this rank gets
  // SIGTERM and ends rather than going on alone; its part file stays .partial and is redone by
  // --resume. If the parent is already gone (it died before this line), end now.
  const pid_t parent = ::getppid();
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) std::_Exit(kExitParentGone);
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

void MpiSession::barrier() const {
  if (active_) MPI_Barrier(MPI_COMM_WORLD);
}

SweepRunnerResult run_mpi_farm(const MpiSession& mpi, const SweepPlan& plan,
                               const std::string& folder, const std::vector<std::uint64_t>& indices,
                               const SweepRunnerOptions& options) {
  if (!mpi.active() || mpi.size() == 1) return run_local(plan, folder, indices, options);
  omp_set_num_threads(options.threads > 0 ? options.threads : 1);
  SweepRunnerResult result;
  RunBatchWriter batch(plan, folder, options.command_line);
  if (mpi.rank() != 0) {
    // A write error is not printed here: rank 0 reports it once, stops every rank and fails.
    Report report;
    for (;;) {
      MPI_Send(&report, sizeof report, MPI_BYTE, 0, kTagReport, MPI_COMM_WORLD);
      std::uint64_t index = kStop;
      MPI_Recv(&index, 1, MPI_UINT64_T, 0, kTagAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (index == kStop) break;
      report = Report{};
      try {
        const bool ok = run_one(batch, index);
        ok ? ++result.done : ++result.failed;
        report.previous = ok ? kRunOk : kRunFailed;
      } catch (const RunStoreWriteError& e) {
        set_write_error(report, e);
      }
    }
    // Runs still in the open part count only once it is on disk; the last report says whether.
    report = Report{};
    report.last = 1;
    try {
      batch.flush();
    } catch (const RunStoreWriteError& e) {
      set_write_error(report, e);
    }
    MPI_Send(&report, sizeof report, MPI_BYTE, 0, kTagReport, MPI_COMM_WORLD);
    return result;
  }

  // Rank 0: a dispatcher thread owns MPI; the main thread runs runs from the same queue.
  std::mutex lock;  // guards next and write_error
  std::size_t next = 0;
  std::atomic<bool> write_failed{false};
  std::string write_error;
  auto take = [&]() -> std::uint64_t {
    std::lock_guard<std::mutex> guard(lock);
    return !write_failed.load() && next < indices.size() ? indices[next++] : kStop;
  };
  auto record_write_error = [&](const std::string& message) {
    std::lock_guard<std::mutex> guard(lock);
    if (!write_failed.exchange(true)) write_error = message;  // the first one only
  };
  std::atomic<std::uint64_t> done{0}, failed{0};
  const std::uint64_t total = indices.size();
  std::thread dispatcher([&] {
    int finished = 0;  // workers that sent their last report
    auto last_progress = std::chrono::steady_clock::now();
    while (finished < mpi.size() - 1) {
      int flag = 0;
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, kTagReport, MPI_COMM_WORLD, &flag, &status);
      if (flag == 0) {
        // Sleep instead of a blocking receive: OpenMPI busy-waits, which would steal rank 0's core.
        std::this_thread::sleep_for(std::chrono::microseconds(300));
      } else {
        Report report;
        MPI_Recv(&report, sizeof report, MPI_BYTE, status.MPI_SOURCE, kTagReport, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        if (report.previous == kRunOk) done.fetch_add(1);
        if (report.previous == kRunFailed) failed.fetch_add(1);
        if (report.previous == kWriteFailed) {
          report.error[sizeof report.error - 1] = '\0';
          record_write_error(report.error);
        }
        if (report.last != 0) {
          ++finished;
        } else {
          const std::uint64_t index = take();
          MPI_Send(&index, 1, MPI_UINT64_T, status.MPI_SOURCE, kTagAssign, MPI_COMM_WORLD);
        }
      }
      const auto now = std::chrono::steady_clock::now();
      if (options.progress && now - last_progress > std::chrono::milliseconds(100)) {
        last_progress = now;
        options.progress(done.load() + failed.load(), total);
      }
    }
  });
  try {
    for (std::uint64_t index = take(); index != kStop; index = take())
      run_one(batch, index) ? done.fetch_add(1) : failed.fetch_add(1);
    batch.flush();
  } catch (const RunStoreWriteError& e) {
    record_write_error(e.what());
  }
  dispatcher.join();
  // Every rank has stopped and closed (or dropped) its part: the sweep stops at the first write
  // error, with one line, as a local sweep does.
  if (write_failed.load()) throw RunStoreWriteError(write_error);
  result.done = done.load();
  result.failed = failed.load();
  if (options.progress) options.progress(result.done + result.failed, total);
  return result;
}

#endif

}  // namespace snsim
