// libFuzzer target: results files snsim did not write, read the ways snsim reads them: `snsim
// info` (read_results_summary), the full reader (read_results), and a sweep's --resume and
// `merge` (the part scan find_done_runs and sweep_hash_of_results). The fuzz bytes are written to
// a file first, because HDF5 reads files. A ResultsError (exit code 1 or 2 with one line) is the
// expected outcome for a damaged file; a crash, an abort, a sanitizer report, running out of
// memory or time, or an exception of any other type is a bug. scripts/fuzz.sh runs it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "../tests/support/temp_dir.hpp"
#include "snsim/io/results_file.hpp"
#include "snsim/io/results_reader.hpp"
#include "snsim/sweep/run_store.hpp"

namespace {

/// Returns a fresh folder of this process where the fuzzed file is written as a sweep part.
const std::filesystem::path& runs_folder() {
  static const snsim::test_support::TempDir folder;
  return folder.path();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = (runs_folder() / "part_000000_0000000000000000.h5").string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)snsim::read_results_summary(path);
  } catch (const snsim::ResultsError&) {
    // The expected rejection of a damaged or foreign file.
  }
  try {
    (void)snsim::format_results_info(snsim::read_results(path));
  } catch (const snsim::ResultsError&) {
  }
  // Resume and merge: a part that does not open or is not this sweep's is skipped, never fatal.
  const std::string hash = snsim::sweep_hash_of_results(path);
  (void)snsim::find_done_runs(runs_folder().string(), 4, hash.empty() ? "0000000000000000" : hash);
  return 0;
}
