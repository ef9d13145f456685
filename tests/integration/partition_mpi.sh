#!/bin/bash
# The partitioned-step prototype (docs/scaling.md) gives the same series and final-state hash on
# 1, 2 and 3 ranks, and on 2 and 3 ranks really sends deliveries, ghosts and likes across.
# usage: partition_mpi.sh PROTO_BINARY      (needs openmpi-bin; fails if mpirun is missing)
set -eu
PROTO=$1
command -v mpirun >/dev/null || { echo "FAIL: mpirun not found: apt-get install -y openmpi-bin libopenmpi-dev"; exit 1; }
W=$(mktemp -d /tmp/snsim_partition_mpi.XXXXXX)
trap 'rm -rf "$W"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
# 40,000 people are three 16,384-id blocks, so each of 3 ranks owns people.
ARGS=(n=40000 T=8 capacity=15 m=5 seed=1)
for r in 1 2 3; do
  mpirun -n "$r" --oversubscribe "$PROTO" "${ARGS[@]}" > "$W/ranks$r.txt"
  grep -E '^(series|hash) ' "$W/ranks$r.txt" > "$W/result$r.txt"
done
[ "$(grep -c '^series ' "$W/result1.txt")" = 8 ] || { echo "FAIL: expected 8 series lines"; cat "$W/ranks1.txt"; exit 1; }
for r in 2 3; do
  if ! diff "$W/result1.txt" "$W/result$r.txt"; then
    echo "FAIL: $r ranks differ from 1 rank"
    exit 1
  fi
  # Cross-rank traffic of every kind, or the comparison would prove nothing.
  grep '^bytes total ' "$W/ranks$r.txt" | grep -qE 'deliveries=[1-9][0-9]* ghosts=[1-9][0-9]* likes=[1-9][0-9]* reductions=[1-9]' ||
    { echo "FAIL: $r ranks sent nothing across"; cat "$W/ranks$r.txt"; exit 1; }
done
grep -q '^bytes total deliveries=0 ghosts=0 likes=0 reductions=0$' "$W/ranks1.txt" ||
  { echo "FAIL: 1 rank sent bytes across"; exit 1; }
echo "PASS: 1, 2 and 3 ranks give the same series and state hash ($(grep '^hash' "$W/result1.txt"))"
