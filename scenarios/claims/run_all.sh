#!/usr/bin/env bash
# Runs the five claims experiments with their replicates and prints the figures that
# scenarios/claims/README.md quotes. Usage: scenarios/claims/run_all.sh [SNSIM] [OUT_DIR]
#   SNSIM: the snsim binary (default build/release/sim/snsim); OUT_DIR: default results/claims.
#   CLAIMS="1 3" runs only those claims; SNSIM_SET="population.size=2000 ..." passes --set to
#   every run (a smaller trial; the README's figures are from a run without it).
# Each sweep writes OUT_DIR/claimN.h5 (an existing file is kept: delete it to rerun).
# scripts/update-figures.py claims runs this into a fresh folder and writes the figures and the
# measured run time into the README.
set -euo pipefail
cd "$(dirname "$0")/../.."
snsim=${1:-build/release/sim/snsim}
out=${2:-results/claims}
claims=${CLAIMS:-1 2 3 4 5}
sets=()
for s in ${SNSIM_SET:-}; do sets+=(--set "$s"); done
mkdir -p "$out"
export PYTHONPATH=analysis${PYTHONPATH:+:$PYTHONPATH}
py=/usr/bin/python3
for n in $claims; do
  scenario=$(ls scenarios/claims/${n}_*.yaml)
  [[ -e $out/claim$n.h5 ]] || "$snsim" sweep "$scenario" -o "$out/claim$n.h5" --quiet "${sets[@]}"
done
# Claim 3's incremental ROI: each channel against a twin without it, same seeds.
if [[ " $claims " == *" 3 "* ]]; then
  for seed in 1 2 3 4 5; do
    for twin in networking:brands[0].budget.hours_per_step=0 broadcast:brands[0].budget.money_per_step=0; do
      f=$out/claim3_twin_${twin%%:*}_seed$seed.h5
      [[ -e $f ]] || "$snsim" run scenarios/claims/3_roi.yaml --seed "$seed" --twin "${twin#*:}" \
        -o "$f" --quiet "${sets[@]}"
    done
  done
fi
for n in $claims; do
  echo "== claim $n"
  "$py" scenarios/claims/summarise.py "$n" "$out/claim$n.h5"
done
if [[ " $claims " == *" 3 "* ]]; then
  for channel in networking broadcast; do
    echo "== claim 3, incremental: the run minus its twin without $channel"
    "$py" scenarios/claims/summarise.py 3t "$out"/claim3_twin_${channel}_seed*.h5
  done
fi
