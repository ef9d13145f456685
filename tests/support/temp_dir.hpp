#pragma once
// Test support shared by every test that writes files: a fresh folder of its own under the
// system's temp folder, removed with everything in it at scope exit.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

namespace snsim::test_support {

/// A fresh empty folder under the system's temp folder, named for this process and unique within
/// it, removed with its contents (read-only sub-folders included) when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    // pid, a random number and a counter: unique across the parallel ctest processes, across
    // reused pids, and within one process.
    path_ = std::filesystem::temp_directory_path() /
            ("snsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + "-" +
             std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    // A folder a test made read-only must be writable again for its contents to be removed.
    for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
         !ec && it != std::filesystem::end(it); ++it)
      if (it->is_directory(ec))
        std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Returns the folder's path.
  const std::filesystem::path& path() const { return path_; }

  /// Returns the path of `name` inside the folder, as text (the file need not exist).
  std::string file(const std::string& name) const { return (path_ / name).string(); }

  /// Writes text to `name` inside the folder (making sub-folders as needed); returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace snsim::test_support
