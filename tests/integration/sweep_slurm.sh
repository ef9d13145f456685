#!/bin/bash
# A real single-node Slurm (munge, slurmctld, slurmd under /tmp/slurmtest) runs an array sweep via
# `sbatch --wait`; `snsim merge` of the shards equals the serial sweep. The daemons are stopped at
# the end even on failure. usage: sweep_slurm.sh SNSIM_BINARY SOURCE_DIR   (root; slurm-wlm munge)
set -eu
SNSIM=$1
SRC=$2
for p in slurmctld slurmd munged sbatch; do
  command -v $p >/dev/null || { echo "FAIL: $p not found: apt-get install -y slurm-wlm munge"; exit 1; }
done
CLUSTER=$SRC/tests/integration/slurm_cluster.sh
W=$(mktemp -d /tmp/snsim_sweep_slurm.XXXXXX)
chmod 755 "$W"
cleanup() { bash "$CLUSTER" stop || true; rm -rf "$W"; }
trap cleanup EXIT
bash "$CLUSTER" stop >/dev/null 2>&1 || true   # a cluster left by a killed earlier run
bash "$CLUSTER" start
export SLURM_CONF=/tmp/slurmtest/etc/slurm.conf
cd "$W"
SC=$SRC/scenarios/sweeps/budget_word_of_mouth.yaml
"$SNSIM" sweep "$SC" --set population.size=400 --set time.steps=12 -o serial.h5 --quiet
# The array script as shipped, pointed at this build and scenario (4 tasks: shards 0..3 of 4).
SNSIM="$SNSIM" SCENARIO="$SC" OUT="$W/array.h5" EXTRA="--set population.size=400 --set time.steps=12" \
  sbatch --wait --array=0-3 -o "$W/slurm-%A_%a.out" --export=ALL "$SRC/scenarios/cluster/sweep_array.sbatch"
cat "$W"/slurm-*.out
"$SNSIM" merge -o array.h5 array.h5.runs
/usr/bin/python3 "$SRC/tests/integration/sweep_compare.py" serial.h5 array.h5
echo "PASS: Slurm array sweep merged equals the serial sweep"
