#!/usr/bin/env bash
# Installs every Debian 12 package snsim needs that is missing, then configures and builds one
# CMake preset. Idempotent and non-interactive; installs nothing when everything is there.
#   scripts/setup.sh [PRESET]     (PRESET: release (default), ci, dev, asan-ubsan)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"

# Package lists, one name a line (# comments): building needs scripts/packages-build.txt; the
# test presets also need the test, analysis and cluster (MPI, Slurm) lists.
lists=(scripts/packages-build.txt)
if [ "$preset" != release ]; then
  lists+=(scripts/packages-test.txt analysis/requirements-debian.txt)
  [ -f scripts/packages-sweep.txt ] && lists+=(scripts/packages-sweep.txt)
fi
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "${lists[@]}" | grep -v '^$' | sort -u)
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
  $sudo apt-get install -y -q "${missing[@]}" >/dev/null
fi

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
