#!/usr/bin/env bash
# Runs the benchmark workloads and prints their figures (median of 3 runs), for the README's
# performance table. Not a test: nothing passes or fails on time.
#   bench/run_benchmarks.sh            (builds the release preset first)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release >/dev/null
snsim=build/release/sim/snsim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
for threads in 1 2; do
  walls=()
  for rep in 1 2 3; do
    line=$(OMP_NUM_THREADS=$threads "$snsim" run bench/scale_100k.yaml -o "$out/r.h5" --overwrite 2>/dev/null | grep '^wrote')
    walls+=("$(sed -E 's/.*\(([0-9.]+) s: set-up ([0-9.]+) s, [0-9]+ steps ([0-9.]+) s; peak memory ([0-9]+) MiB.*/\1 \2 \3 \4/' <<<"$line")")
  done
  # Median by total wall time.
  median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)
  read -r wall setup steps mem <<<"$median"
  echo "scale_100k (100,000 agents, BA m=5, 3 brands, 100 steps), $threads thread(s): total ${wall} s (set-up ${setup} s, step loop ${steps} s), peak memory ${mem} MiB"
done
