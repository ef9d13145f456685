#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang, ASan, UBSan; build/fuzz) and runs each one for
# SECONDS (default 60) from its committed seed corpus in fuzz/corpus/<target> (fuzz/README.md).
# Any crash, sanitizer report, leak, hang (> 10 s on one input) or out-of-memory (> 2 GB) fails
# the script; libFuzzer writes the input that did it to build/fuzz/artifacts/<target>/.
#
#   scripts/fuzz.sh              # 60 s per target (what scripts/test.sh runs)
#   scripts/fuzz.sh 3600         # an hour per target
#   TARGETS=results_fuzz scripts/fuzz.sh 600
#   JOBS=N sets the build parallelism (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets="${TARGETS:-scenario_fuzz results_fuzz}"
jobs="${JOBS:-$(nproc)}"
# A fixed seed by default, so that a run of the same length explores the same inputs every time
# (CI stays reproducible); SEED=0 lets libFuzzer pick one (for long runs).
seed="${SEED:-1}"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs" --target $targets

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# Leaks inside libhdf5's own error paths (not snsim's to free) are listed, with the reason, there.
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

status=0
for target in $targets; do
  seeds="fuzz/corpus/${target%_fuzz}"
  work="build/fuzz/corpus/$target"       # new inputs found; the committed seeds stay untouched
  artifacts="build/fuzz/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  log="build/fuzz/$target.log"
  echo "fuzz: $target for $seconds s (seeds $seeds, log $log)"
  # The results reader's leak stacks pass through libhdf5 (built without frame pointers): only
  # the slow unwinder sees its frames, which the suppressions match.
  unwind=1
  if [ "$target" = results_fuzz ]; then unwind=0; fi
  if ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=$unwind" build/fuzz/fuzz/"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -seed="$seed" \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -20 >&2 || true
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "fuzz: $target $result: ${execs:-?} inputs, ${rate:-?} per second"
done
exit $status
