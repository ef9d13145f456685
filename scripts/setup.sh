#!/usr/bin/env bash
# Installs every Debian 12 package snsim needs that is missing, then configures and builds one
# CMake preset. Idempotent and non-interactive; installs nothing when everything is there.
#   scripts/setup.sh [PRESET]     (PRESET: release (default), ci, dev, asan-ubsan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"

# Build: compiler, CMake, Ninja; libraries (README.md says why each is there).
# Tests: Catch2 and the Python stack that reads results without snsim (h5py, xarray, h5netcdf).
packages=(
  g++ cmake ninja-build pkg-config
  libeigen3-dev libboost-random-dev librandom123-dev libhdf5-dev libyaml-cpp-dev libcli11-dev
  catch2
  python3 python3-h5py python3-numpy python3-pandas python3-xarray python3-h5netcdf python3-pytest
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
