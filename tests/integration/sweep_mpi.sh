#!/bin/bash
# A real `mpirun -n 3` sweep equals the serial sweep, value for value.
# usage: sweep_mpi.sh SNSIM_BINARY SOURCE_DIR      (needs openmpi-bin; fails if mpirun is missing)
set -eu
SNSIM=$1
SRC=$2
command -v mpirun >/dev/null || { echo "FAIL: mpirun not found: apt-get install -y openmpi-bin libopenmpi-dev"; exit 1; }
W=$(mktemp -d /tmp/snsim_sweep_mpi.XXXXXX)
trap 'rm -rf "$W"' EXIT
cd "$W"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
SC=$SRC/scenarios/sweeps/budget_word_of_mouth.yaml
SMALL=(--set population.size=400 --set time.steps=12)
"$SNSIM" sweep "$SC" "${SMALL[@]}" -o serial.h5 --quiet
mpirun -n 3 --oversubscribe "$SNSIM" sweep "$SC" "${SMALL[@]}" -o mpi.h5 --quiet
/usr/bin/python3 "$SRC/tests/integration/sweep_compare.py" serial.h5 mpi.h5
# Plain snsim (not under mpirun) never initialises MPI, even with MPI compiled in.
env -u OMPI_COMM_WORLD_SIZE -u PMIX_RANK "$SNSIM" sweep "$SC" "${SMALL[@]}" -o plain.h5 --quiet >/dev/null
# Kill the whole MPI job part way, then resume under mpirun: still equal.
( mpirun -n 3 --oversubscribe "$SNSIM" sweep "$SC" --set population.size=3000 --set time.steps=30 -o killed.h5 --quiet >/dev/null 2>&1 & echo $! > mpirun.pid; wait ) &
sleep 1.5
kill -KILL "$(cat mpirun.pid)" 2>/dev/null || true
wait
# No rank goes on alone once mpirun is gone (each asks for SIGTERM when its parent dies).
ranks_left() {
  for p in $(pgrep -x snsim); do [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$W" ] && echo "$p"; done
}
for _ in $(seq 50); do [ -z "$(ranks_left)" ] && break; sleep 0.1; done
if [ -n "$(ranks_left)" ]; then echo "FAIL: ranks still running after kill -9 of mpirun: $(ranks_left)"; exit 1; fi
mpirun -n 3 --oversubscribe "$SNSIM" sweep "$SC" --set population.size=3000 --set time.steps=30 -o killed.h5 --resume --quiet
"$SNSIM" sweep "$SC" --set population.size=3000 --set time.steps=30 -o killed_ref.h5 --quiet --jobs 2
/usr/bin/python3 "$SRC/tests/integration/sweep_compare.py" killed_ref.h5 killed.h5
echo "PASS: mpirun -n 3 sweep equals the serial sweep; killed (no rank left running) and resumed too"
