#include <omp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <new>
#include <string>
#include <thread>

#include "run_one.hpp"
#include "snsim/sweep/run_store.hpp"
#include "snsim/sweep/sweep_runner.hpp"

namespace snsim {
namespace {

/// Counters shared by the parent and its forked workers (an anonymous shared mapping).
struct SharedCounters {
  std::atomic<std::uint64_t> next{0};
  std::atomic<std::uint64_t> done{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<bool> write_failed{false};  ///< a worker could not write: everyone stops
  char write_error[1024] = {};            ///< its message (the first worker's only)
};

using detail::run_one;

}  // namespace

SweepRunnerResult run_local(const SweepPlan& plan, const std::string& folder,
                            const std::vector<std::uint64_t>& indices,
                            const SweepRunnerOptions& options) {
  SweepRunnerResult result;
  const std::uint64_t total = indices.size();
  const int jobs = static_cast<int>(
      std::min<std::uint64_t>(std::max(options.jobs, 1), std::max<std::uint64_t>(total, 1)));
  if (jobs <= 1) {
    if (options.threads > 0) omp_set_num_threads(options.threads);
    RunBatchWriter batch(plan, folder, options.command_line);
    for (std::uint64_t i = 0; i < total; ++i) {
      if (run_one(batch, indices[i]))
        ++result.done;
      else
        ++result.failed;
      if (options.progress) options.progress(result.done + result.failed, total);
    }
    batch.flush();
    return result;
  }

  void* mem = ::mmap(nullptr, sizeof(SharedCounters), PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) throw std::runtime_error("cannot map shared memory for the workers");
  auto* shared = new (mem) SharedCounters;
  std::fflush(nullptr);
  const pid_t parent = ::getpid();
  std::vector<pid_t> workers;
  for (int w = 0; w < jobs; ++w) {
    const pid_t pid = ::fork();
    if (pid < 0) {
      for (pid_t p : workers) ::kill(p, SIGKILL);
      throw std::runtime_error("cannot start worker processes (fork failed)");
    }
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(1);
      omp_set_num_threads(options.threads > 0 ? options.threads : 1);
      int code = 0;
      try {
        RunBatchWriter batch(plan, folder, options.command_line);
        for (;;) {
          if (shared->write_failed.load()) break;
          const std::uint64_t k = shared->next.fetch_add(1);
          if (k >= total) break;
          if (run_one(batch, indices[k]))
            shared->done.fetch_add(1);
          else
            shared->failed.fetch_add(1);
        }
        batch.flush();
      } catch (const RunStoreWriteError& e) {
        // Only the first worker's message is kept: the parent reports it once.
        if (!shared->write_failed.exchange(true))
          std::snprintf(shared->write_error, sizeof shared->write_error, "%s", e.what());
        code = 1;
      }
      std::fflush(nullptr);
      ::_exit(code);
    }
    workers.push_back(pid);
  }
  std::size_t alive = workers.size();
  int crashed = 0;
  while (alive > 0) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      --alive;
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++crashed;
      continue;
    }
    if (options.progress) options.progress(shared->done.load() + shared->failed.load(), total);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (shared->write_failed.load()) {
    const std::string message = shared->write_error;
    ::munmap(mem, sizeof(SharedCounters));
    throw RunStoreWriteError(message);
  }
  result.done = shared->done.load();
  result.failed = total - result.done;  // runs of a crashed worker count as failed
  if (crashed > 0) result.failed = std::max<std::uint64_t>(result.failed, 1);
  if (crashed > 0)
    std::fprintf(stderr, "snsim: %d worker process(es) died; their runs are redone by --resume\n",
                 crashed);
  if (options.progress) options.progress(result.done + result.failed, total);
  ::munmap(mem, sizeof(SharedCounters));
  return result;
}

}  // namespace snsim
