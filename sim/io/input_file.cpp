#include "snsim/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace snsim {
namespace {

/// Returns what a non-regular file mode is, for messages ("" for a regular file).
std::string kind_of(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "a folder, not a file";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO), not a regular file";
  if (S_ISCHR(mode)) return "a character device, not a regular file";
  if (S_ISBLK(mode)) return "a block device, not a regular file";
  if (S_ISSOCK(mode)) return "a socket, not a regular file";
  return "not a regular file";
}

/// Closes a descriptor on scope exit unless released.
struct FdGuard {
  int fd;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
  int release() {
    const int f = fd;
    fd = -1;
    return f;
  }
};

}  // namespace

std::string non_regular_reason(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return kind_of(st.st_mode);
}

int open_input_file(const std::string& path, std::uint64_t* size) {
  if (path.empty()) throw InputFileError("the input path is empty");
  // A folder or a device is refused before opening: opening some devices has side effects.
  const std::string reason = non_regular_reason(path);
  if (!reason.empty()) throw InputFileError(path + ": " + reason);
  // O_NONBLOCK: a FIFO swapped in after the check opens at once instead of waiting for a writer.
  FdGuard fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (fd.fd < 0) throw InputFileError(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0)
    throw InputFileError(path + ": cannot read: " + std::strerror(errno));
  const std::string kind = kind_of(st.st_mode);
  if (!kind.empty()) throw InputFileError(path + ": " + kind);
  // Back to blocking reads (regular files never block anyway; this keeps the descriptor plain).
  const int flags = ::fcntl(fd.fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd.fd, F_SETFL, flags & ~O_NONBLOCK);
  if (size != nullptr) *size = static_cast<std::uint64_t>(st.st_size);
  return fd.release();
}

std::string read_input_file(const std::string& path, std::uint64_t max_bytes,
                            const std::string& what) {
  std::uint64_t size = 0;
  FdGuard fd{open_input_file(path, &size)};
  if (size > max_bytes)
    throw InputFileError(path + ": the " + what + " is " + describe_bytes(size) +
                         "; snsim reads at most " + describe_bytes(max_bytes));
  std::string text(static_cast<std::size_t>(size), '\0');
  std::size_t done = 0;
  // The size can change while reading (a file still being written): read what is there, but
  // never past the limit.
  while (true) {
    if (done == text.size()) {
      if (text.size() > max_bytes) break;
      text.resize(text.size() + 65536);
    }
    const ssize_t got = ::read(fd.fd, &text[done], text.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw InputFileError(path + ": cannot read: " + std::strerror(errno));
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  if (done > max_bytes)
    throw InputFileError(path + ": the " + what + " is more than " + describe_bytes(max_bytes) +
                         "; snsim reads at most " + describe_bytes(max_bytes));
  text.resize(done);
  return text;
}

std::string describe_bytes(std::uint64_t bytes) {
  char buf[64];
  if (bytes >= (std::uint64_t{1} << 30) && bytes % (std::uint64_t{1} << 30) == 0)
    std::snprintf(buf, sizeof buf, "%llu GiB", static_cast<unsigned long long>(bytes >> 30));
  else if (bytes >= (std::uint64_t{1} << 20) && bytes % (std::uint64_t{1} << 20) == 0)
    std::snprintf(buf, sizeof buf, "%llu MiB", static_cast<unsigned long long>(bytes >> 20));
  else if (bytes >= 1000000)
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  return buf;
}

}  // namespace snsim
