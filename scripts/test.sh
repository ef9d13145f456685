#!/usr/bin/env bash
# Runs every test: installs what is missing, builds with warnings as errors (preset ci), then
# ctest runs the unit, validation and integration tests, the Python tests, the MPI and Slurm
# cluster tests and the instruction guard; then the same C++ tests again under AddressSanitizer
# and UndefinedBehaviorSanitizer (scripts/test-sanitizers.sh; about 8 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh ci
ctest --preset ci -j "$(nproc)" "$@"
scripts/test-sanitizers.sh
