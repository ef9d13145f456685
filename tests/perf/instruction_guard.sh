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

# The workload, two short runs through the real CLI, one thread, their instructions summed: the
# quickstart at 5,000 agents for 20 steps (scenario loading, world building, every default
# process, the HDF5 writer), and bench/scale_1m.yaml at 5,000 agents for 20 steps, for the
# processes the default pipeline leaves out (social_media, person_ties).
count=0
k=0
for workload in "$src/scenarios/quickstart.yaml" "$src/bench/scale_1m.yaml"; do
  k=$((k + 1))
  OMP_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg$k.out" \
    "$snsim" run "$workload" --set population.size=5000 --set time.steps=20 \
    --threads 1 --quiet -o "$work/out$k.h5" >/dev/null 2>"$work/valgrind$k.log"
  part=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$work/cg$k.out")
  [ -n "$part" ] || { echo "instruction guard: no callgrind summary for $workload"; cat "$work/valgrind$k.log"; exit 1; }
  count=$((count + part))
done

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
