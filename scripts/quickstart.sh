#!/usr/bin/env bash
# Quick start: install what is missing, build, run scenarios/quickstart.yaml and print its summary
# and the path of the HDF5 file it wrote (results/quickstart.h5, or -2, -3... if that exists).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
exec build/release/sim/snsim run scenarios/quickstart.yaml "$@"
