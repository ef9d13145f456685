#!/usr/bin/env bash
# Builds snsim and its tests with AddressSanitizer and UndefinedBehaviorSanitizer (preset
# asan-ubsan, build/asan-ubsan) and runs the unit, validation and integration tests under them.
# The Python tests (they load h5py, not snsim), the MPI/Slurm cluster tests (sweep and calibrate:
# Open MPI's own allocations read as leaks to LeakSanitizer) and the valgrind
# instruction guard are left out, and so are tests that repeat whole pipelines many times and
# take over 4 minutes each under the sanitizers (the claims experiments, the determinism matrix
# and the checkpoint run over every shipped scenario, the 30 random SIGKILLs, the heavy-tail
# validation): the code they run is covered here by the unit tests and the quicker integration
# tests, and they run in full, without sanitizers, in the ctest step.
# Any sanitizer report stops the process that made it (halt_on_error), so the test fails.
#
#   scripts/test-sanitizers.sh            # everything
#   scripts/test-sanitizers.sh -R cli     # extra arguments go to ctest
# JOBS=N sets the build and ctest parallelism (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${JOBS:-$(nproc)}"

cmake --preset asan-ubsan -DSNSIM_BUILD_BENCH=OFF
cmake --build --preset asan-ubsan -j "$jobs" --target snsim snsim_tests

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# The instruction guard runs snsim under valgrind, which cannot run an ASan binary.
# install_consumer would link the example, built without -fsanitize, against an ASan library.
ctest --preset asan-ubsan -j "$jobs" \
  -E "python|sweep_mpi|calibrate_mpi|sweep_slurm|instruction_guard|install_consumer|claim|every shipped scenario|SIGKILL at random|broad power-law" \
  "$@"
