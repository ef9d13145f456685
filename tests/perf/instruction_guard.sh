#!/usr/bin/env bash
# Regression guard (issue 8): counts the instructions of a short fixed workload under callgrind
# (repeatable, unlike wall time) and fails if they grew more than 10% over the committed baseline.
# After a change that is meant to cost more, re-approve with scripts/approve-instructions.sh and say
# why in the commit.
#   tests/perf/instruction_guard.sh SNSIM_BINARY SOURCE_DIR [--approve]
set -euo pipefail
snsim=$1
src=$2
baseline_file="$src/tests/perf/instructions_baseline.txt"
command -v valgrind >/dev/null || { echo "instruction guard: valgrind is missing (Debian package valgrind)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The workload: the quickstart at 5,000 agents for 20 steps, one thread, through the real CLI
# (scenario loading, world building, every default process, the HDF5 writer).
OMP_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
  "$snsim" run "$src/scenarios/quickstart.yaml" --set population.size=5000 --set time.steps=20 \
  --threads 1 --quiet -o "$work/out.h5" >/dev/null 2>"$work/valgrind.log"
count=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$work/cg.out")
[ -n "$count" ] || { echo "instruction guard: no callgrind summary"; cat "$work/valgrind.log"; exit 1; }

if [ "${3:-}" = "--approve" ]; then
  echo "$count" > "$baseline_file"
  echo "instruction guard: baseline set to $count instructions"
  exit 0
fi
baseline=$(sed -e 's/#.*//' "$baseline_file" | tr -d '[:space:]')
ratio=$(awk -v c="$count" -v b="$baseline" 'BEGIN { printf "%.3f", c / b }')
echo "instruction guard: $count instructions, baseline $baseline, ratio $ratio"
if awk -v r="$ratio" 'BEGIN { exit !(r > 1.10) }'; then
  echo "instruction guard: FAILED: more than 10% above the baseline. If the extra work is meant, run"
  echo "  scripts/approve-instructions.sh   and say why in the commit."
  exit 1
fi
if awk -v r="$ratio" 'BEGIN { exit !(r < 0.90) }'; then
  echo "instruction guard: more than 10% below the baseline: re-approve to lock the gain in."
fi
