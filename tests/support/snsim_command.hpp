#pragma once
// Test support shared by the tests that run the `snsim` binary as a real process (command line,
// bad inputs, sweep, calibrate, kills and checkpoints): run it through the shell in a folder and
// capture what it did, start it directly to signal it, and list the results files it left behind.
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "file_bytes.hpp"
#include "temp_dir.hpp"

namespace snsim::test_support {

/// What one run of the binary did.
struct Outcome {
  int code = -1;   ///< exit code, or -1 if the process did not exit normally
  int signal = 0;  ///< the signal that ended it, if any
  std::string out;
  std::string err;
};

/// Returns s quoted as one shell word.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Returns what `<prefix> snsim <args>` did, run through the shell in folder cwd (args and prefix
/// are shell words as written; prefix: environment assignments, `exec timeout ...`), with stdin
/// from /dev/null and stdout and stderr read back from the files out and err.
inline Outcome run_snsim(const std::filesystem::path& cwd, const std::string& prefix,
                         const std::string& args, const std::filesystem::path& out,
                         const std::filesystem::path& err) {
  const std::string cmd =
      "cd " + shell_quote(cwd.string()) + " && " + prefix + " " + shell_quote(SNSIM_BINARY) + " " +
      args + " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
  const int status = std::system(cmd.c_str());
  Outcome o;
  if (status != -1 && WIFEXITED(status)) {
    o.code = WEXITSTATUS(status);
    if (o.code > 128) o.signal = o.code - 128;  // in case a shell stayed in between
  } else if (status != -1 && WIFSIGNALED(status)) {
    o.signal = WTERMSIG(status);
  }
  o.out = read_bytes(out);
  o.err = read_bytes(err);
  return o;
}

/// Returns the pid of `snsim args...` started without a shell (fork and exec) in folder dir, with
/// OMP_NUM_THREADS=threads, stdout to /dev/null and stderr to the file err (empty: /dev/null); in
/// a process group of its own if own_group (so that kill(-pid, ...) reaches all of it).
inline pid_t start_snsim(const std::filesystem::path& dir, const std::vector<std::string>& args,
                         int threads, const std::filesystem::path& err = {},
                         bool own_group = false) {
  // Everything the child needs is made before the fork: the child of a threaded process should
  // only make system calls until it execs.
  std::vector<std::string> argv_text{SNSIM_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string threads_text = std::to_string(threads);
  const std::string err_text = err.empty() ? "/dev/null" : err.string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (own_group) ::setpgid(0, 0);
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    ::setenv("OMP_NUM_THREADS", threads_text.c_str(), 1);
    const int null = ::open("/dev/null", O_WRONLY);
    const int e = ::open(err_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (null >= 0) ::dup2(null, 1);
    if (e >= 0) ::dup2(e, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

/// Returns the wait status of pid once it has ended (waiting on through interruptions).
inline int wait_status(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) == -1 && errno == EINTR) {
  }
  return status;
}

/// Returns every .h5 or .partial file (or .h5.* part) under folder, as paths relative to it.
inline std::vector<std::string> results_files(const std::filesystem::path& folder) {
  std::vector<std::string> found;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
       !ec && it != std::filesystem::end(it); ++it) {
    const std::string name = it->path().filename().string();
    const auto ends = [&](const std::string& suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends(".h5") || ends(".partial") || name.find(".h5.") != std::string::npos)
      found.push_back(std::filesystem::relative(it->path(), folder).string());
  }
  return found;
}

/// A temp folder in which snsim runs with one thread (sweep and calibrate tests): `folder / name`
/// is a path in it, snsim(args) runs there with stdout and stderr captured in .out and .err.
class SnsimFolder : public TempDir {
 public:
  /// Returns the path of name inside the folder.
  std::filesystem::path operator/(const std::string& name) const { return path() / name; }

  /// Returns what `snsim <args>` did in this folder (args are shell words).
  Outcome snsim(const std::string& args) const {
    return run_snsim(path(), "OMP_NUM_THREADS=1", args, path() / ".out", path() / ".err");
  }
};

/// A temp folder whose `work()` is the current folder of snsim: its stdout and stderr are captured
/// beside work(), so that work() holds only what snsim wrote (command line and bad input tests).
class SnsimSandbox {
 public:
  /// prefix: what goes before snsim on every command (environment assignments, `exec timeout`).
  explicit SnsimSandbox(std::string prefix) : prefix_(std::move(prefix)) {
    std::filesystem::create_directories(work());
  }

  /// Returns the folder snsim runs in.
  std::filesystem::path work() const { return root_.path() / "work"; }

  /// Writes text to work()/name (making sub-folders as needed); returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    return root_.write("work/" + name, text);
  }

  /// Returns what `snsim <args>` did in work() (args are shell words as written), run after the
  /// sandbox's prefix and then `more_prefix`.
  Outcome snsim(const std::string& args, const std::string& more_prefix = "") const {
    return run_snsim(work(), prefix_ + " " + more_prefix, args, root_.path() / "stdout.txt",
                     root_.path() / "stderr.txt");
  }

  /// Returns every .h5 or .partial file (or .h5.* part) under work(), relative to it.
  std::vector<std::string> results_files() const { return test_support::results_files(work()); }

 private:
  TempDir root_;
  std::string prefix_;
};

}  // namespace snsim::test_support
