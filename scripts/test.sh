#!/usr/bin/env bash
# Runs every test: installs what is missing, builds with warnings as errors (preset ci), then
# ctest runs the unit, validation and integration tests and the Python format tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh ci
ctest --preset ci -j "$(nproc)" "$@"
