#include "output_path.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace snsim::cli {

namespace fs = std::filesystem;

std::string check_output_path(const std::string& given, bool overwrite) {
  if (given.empty()) throw OutputPathError{"the output path is empty"};
  const fs::path p(given);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw OutputPathError{"cannot write " + given + ": '" + dir.string() +
                          "' is a file, not a folder"};
  if (!fs::is_directory(dir, ec))
    throw OutputPathError{"cannot write " + given + ": folder '" + dir.string() +
                          "' does not exist"};
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw OutputPathError{"cannot write " + given + ": folder '" + dir.string() +
                          "' is not writable (" + std::strerror(errno) + ")"};
  if (fs::is_directory(p, ec)) throw OutputPathError{"cannot write " + given + ": it is a folder"};
  if (fs::exists(p, ec) && !overwrite)
    throw OutputPathError{given + " exists already; choose another name or pass --overwrite"};
  return given;
}

std::string default_output_path(const std::string& name, const std::string& ext) {
  const fs::path dir("results");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw OutputPathError{"cannot create folder results/: " + ec.message()};
  for (int k = 1;; ++k) {
    const fs::path p = dir / (name + (k == 1 ? "" : "-" + std::to_string(k)) + ext);
    if (!fs::exists(p, ec)) return check_output_path(p.string(), false);
  }
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + partial + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(partial.c_str());
      throw std::runtime_error("cannot write " + partial + ": " + why);
    }
    done += static_cast<std::size_t>(w);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(partial.c_str());
    throw std::runtime_error("cannot write " + partial + ": " + why);
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(partial.c_str());
    throw std::runtime_error("cannot rename " + partial + " to " + path + ": " + why);
  }
}

}  // namespace snsim::cli
