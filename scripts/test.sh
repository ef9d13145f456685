#!/usr/bin/env bash
# Runs every test: installs what is missing, builds with warnings as errors (preset ci), then
# ctest runs the unit, validation and integration tests, the Python tests, the MPI and Slurm
# cluster tests, the instruction guard and the installed package's consumer (install_consumer:
# examples/custom_process built against `cmake --install` in a temporary prefix); then the same
# C++ tests again under AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/test-sanitizers.sh; about 8 minutes on 2 cores); then a
# short fuzz run of the scenario loader and the results reader (scripts/fuzz.sh, 60 s per target
# after a build of about 3 minutes; FUZZ_SECONDS=N changes the time, 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh ci
ctest --preset ci -j "$(nproc)" "$@"
scripts/test-sanitizers.sh
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then scripts/fuzz.sh "${FUZZ_SECONDS:-60}"; fi
