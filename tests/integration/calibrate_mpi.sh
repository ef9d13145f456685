#!/bin/bash
# A real `mpirun -n 3` calibration equals the serial one, bitwise (every dataset of the posterior
# file), with a batch farmed out over the ranks and read back by each.
# usage: calibrate_mpi.sh SNSIM_BINARY SOURCE_DIR   (needs openmpi-bin; fails if mpirun is missing)
set -eu
SNSIM=$1
SRC=$2
command -v mpirun >/dev/null || { echo "FAIL: mpirun not found: apt-get install -y openmpi-bin libopenmpi-dev"; exit 1; }
W=$(mktemp -d /tmp/snsim_calibrate_mpi.XXXXXX)
trap 'rm -rf "$W"' EXIT
cd "$W"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
ARGS=(calibrate "$SRC/scenarios/calibration/bass_recovery.yaml"
      --target "$SRC/scenarios/calibration/bass_observed.csv"
      --set population.size=500 --set calibrate.population=12
      --set calibrate.stop.max_generations=3 --set calibrate.predictive=3 --quiet)
"$SNSIM" "${ARGS[@]}" -o serial.h5 >/dev/null
mpirun -n 3 --oversubscribe "$SNSIM" "${ARGS[@]}" -o mpi.h5 >/dev/null
[ ! -e mpi.h5.calib ] || { echo "FAIL: the working folder is left after the posterior file"; exit 1; }
/usr/bin/python3 - serial.h5 mpi.h5 <<'PY'
import sys, h5py, numpy as np
def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out
a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
assert sorted(a) == sorted(b), (sorted(a), sorted(b))
def same(x, y):  # numbers bitwise; strings (object arrays) by value
    return np.array_equal(x, y) if x.dtype == object else x.tobytes() == y.tobytes()
bad = [k for k in a if not same(a[k], b[k])]
assert not bad, f"datasets differ: {bad}"
PY
echo "PASS: mpirun -n 3 calibrate equals the serial calibration, bitwise"
