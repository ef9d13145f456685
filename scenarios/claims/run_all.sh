#!/usr/bin/env bash
# Runs the five claims experiments with their replicates and prints the figures that
# scenarios/claims/README.md quotes. Usage: scenarios/claims/run_all.sh [SNSIM] [OUT_DIR]
#   SNSIM: the snsim binary (default build/release/sim/snsim); OUT_DIR: default results/claims.
# Each sweep writes OUT_DIR/claimN.h5 (an existing file is kept: delete it to rerun).
set -euo pipefail
cd "$(dirname "$0")/../.."
snsim=${1:-build/release/sim/snsim}
out=${2:-results/claims}
mkdir -p "$out"
export PYTHONPATH=analysis${PYTHONPATH:+:$PYTHONPATH}
py=/usr/bin/python3
for n in 1 2 3 4 5; do
  scenario=$(ls scenarios/claims/${n}_*.yaml)
  [[ -e $out/claim$n.h5 ]] || "$snsim" sweep "$scenario" -o "$out/claim$n.h5" --quiet
done
# Claim 3's incremental ROI: each channel against a twin without it, same seeds.
for seed in 1 2 3 4 5; do
  for twin in networking:brands[0].budget.hours_per_step=0 broadcast:brands[0].budget.money_per_step=0; do
    f=$out/claim3_twin_${twin%%:*}_seed$seed.h5
    [[ -e $f ]] || "$snsim" run scenarios/claims/3_roi.yaml --seed "$seed" --twin "${twin#*:}" \
      -o "$f" --quiet
  done
done
for n in 1 2 3 4 5; do
  echo "== claim $n"
  "$py" scenarios/claims/summarise.py "$n" "$out/claim$n.h5"
done
for channel in networking broadcast; do
  echo "== claim 3, incremental: the run minus its twin without $channel"
  "$py" scenarios/claims/summarise.py 3t "$out"/claim3_twin_${channel}_seed*.h5
done
