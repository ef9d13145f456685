// `snsim info`: what a results file holds, readable without h5py.
#include <cstdio>

#include "snsim/cli/commands.hpp"
#include "snsim/io/results_reader.hpp"

namespace snsim::cli {

int info_command(const std::string& results_path) {
  try {
    const ResultsFile f = read_results_summary(results_path);
    std::fputs(format_results_info(f).c_str(), stdout);
    return kOk;
  } catch (...) {
    // Reading only: an unreadable or damaged results file is bad input.
    return report_exception(Stage::checking);
  }
}

}  // namespace snsim::cli
