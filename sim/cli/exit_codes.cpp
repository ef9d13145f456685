// One place that turns an exception into the exit code and the one line every subcommand prints,
// so that `run`, `sweep`, `merge`, `graph`, `validate` and `info` agree on what is bad input (2)
// and what is a failure at run time (1).
#include <cstdio>
#include <new>
#include <stdexcept>
#include <string>

#include "output_path.hpp"
#include "snsim/cli/commands.hpp"
#include "snsim/core/state_archive.hpp"
#include "snsim/io/input_file.hpp"
#include "snsim/io/results_file.hpp"
#include "snsim/io/scenario_error.hpp"
#include "snsim/network/edge_list.hpp"
#include "snsim/sweep/run_store.hpp"

namespace snsim::cli {

void print_error(const std::string& message) {
  // One line, always: a value quoted in the message (a name with a newline, binary garbage)
  // must not break it, so control characters are shown escaped.
  std::string line;
  for (unsigned char c : message) {
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else if (c == '\t') {
      line += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      line += hex;
    } else {
      line += static_cast<char>(c);
    }
  }
  // And short: whatever a message quotes, the line keeps its start (the place) and its end.
  constexpr std::size_t kMaxLine = 2000, kTail = 300;
  if (line.size() > kMaxLine) {
    std::size_t head = kMaxLine - kTail - 40;
    while (head > 0 && (static_cast<unsigned char>(line[head]) & 0xC0) == 0x80) --head;
    std::size_t tail = line.size() - kTail;
    while (tail < line.size() && (static_cast<unsigned char>(line[tail]) & 0xC0) == 0x80) ++tail;
    line = line.substr(0, head) + " ... (" +
           std::to_string(line.size() - head - (line.size() - tail)) + " bytes cut) ... " +
           line.substr(tail);
  }
  std::fprintf(stderr, "snsim: %s\n", line.c_str());
}

int report_exception(Stage stage, const std::string& failure_prefix, bool print) {
  std::string message;
  int code = kFailure;
  try {
    throw;
  } catch (const ScenarioError& e) {
    message = e.what();
    code = kBadInput;
  } catch (const OutputPathError& e) {
    message = e.message;
    code = kBadInput;
  } catch (const InputFileError& e) {
    message = e.what();
    code = kBadInput;
  } catch (const EdgeListError& e) {
    message = e.what();
    code = kBadInput;
  } catch (const SweepInputError& e) {
    message = e.what();
    code = kBadInput;
  } catch (const std::invalid_argument& e) {
    message = e.what();  // a scenario value the model refuses at set-up
    code = kBadInput;
  } catch (const CheckpointError& e) {
    // Before the run: the checkpoint given to --resume is unusable. During it: writing one failed.
    message =
        stage == Stage::checking ? std::string("--resume: ") + e.what() : failure_prefix + e.what();
    code = stage == Stage::checking ? kBadInput : kFailure;
  } catch (const ResultsError& e) {
    // Before the run: the output file cannot be made or is not what it should be.
    message = stage == Stage::checking ? std::string(e.what()) : failure_prefix + e.what();
    code = stage == Stage::checking ? kBadInput : kFailure;
  } catch (const std::bad_alloc&) {
    message = failure_prefix + "out of memory (std::bad_alloc)";
    code = kFailure;
  } catch (const std::exception& e) {
    message = failure_prefix + e.what();
    code = kFailure;
  } catch (...) {
    message = failure_prefix + "unknown error";
    code = kFailure;
  }
  if (print) print_error(message);
  return code;
}

}  // namespace snsim::cli
