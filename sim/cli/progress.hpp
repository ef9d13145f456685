#pragma once
// ProgressMeter: "step 40/100  512 steps/s  0:03 left" on stderr, redrawn at most 10 times a
// second, only when stderr is a terminal (so logs and pipes stay clean).
#include <chrono>
#include <cstdio>

#include <unistd.h>

#include "snsim/core/ids.hpp"

namespace snsim::cli {

class ProgressMeter {
 public:
  explicit ProgressMeter(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}

  /// Redraws the line if enough time has passed (and always at the end).
  void update(Step done, Step total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? done / elapsed : 0.0;
    const double left = rate > 0 ? (total - done) / rate : 0.0;
    const int s = static_cast<int>(left + 0.5);
    std::fprintf(stderr, "\rstep %u/%u  %.0f steps/s  %d:%02d left   ", done, total, rate, s / 60,
                 s % 60);
    if (done == total) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace snsim::cli
