#pragma once
// The `snsim` subcommands. Each takes its parsed options and returns the process exit code:
// 0 success, 2 bad input or usage (scenario, flags, files), 1 failure at run time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snsim::cli {

enum ExitCode : int { kOk = 0, kFailure = 1, kBadInput = 2 };

struct RunArgs {
  std::string scenario;
  std::string output;                  ///< "" = results/<name>.h5, never overwriting
  std::vector<std::string> overrides;  ///< --set key.path=value
  std::optional<std::uint64_t> seed;
  int threads = 0;                     ///< 0 = OpenMP's default
  bool quiet = false;
  bool overwrite = false;
  std::string command_line;
};

struct ValidateArgs {
  std::string scenario;
  std::vector<std::string> overrides;
  bool list_keys = false;
};

struct GraphArgs {
  std::string scenario;
  std::string output;                  ///< "" = print statistics only
  std::string format;                  ///< "edgelist", "graphml" or "" (from the extension)
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  bool overwrite = false;
};

int run_command(const RunArgs& args);
int validate_command(const ValidateArgs& args);
int info_command(const std::string& results_path);
int graph_command(const GraphArgs& args);

/// Prints "snsim: <message>" as one line on stderr.
void print_error(const std::string& message);

}  // namespace snsim::cli
