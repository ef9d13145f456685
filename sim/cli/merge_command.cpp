// `snsim merge -o OUT.h5 [RUNS_FOLDER...]`: joins the run files written by sweep shards (Slurm
// array tasks) into the one results file users open. Without folders it reads OUT.h5.runs.
#include "output_path.hpp"
#include "snsim/cli/commands.hpp"
#include "snsim/sweep/run_store.hpp"

namespace snsim::cli {

int merge_command(const MergeArgs& args) {
  std::vector<std::string> folders = args.inputs;
  if (folders.empty()) folders.push_back(runs_folder_of(args.output));
  try {
    check_output_path(args.output, args.overwrite);
    merge_runs(folders, args.output, args.command_line, args.overwrite);
  } catch (...) {
    return report_exception(Stage::running);
  }
  if (!args.quiet) std::printf("wrote %s\n", args.output.c_str());
  return kOk;
}

}  // namespace snsim::cli
