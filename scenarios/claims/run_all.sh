#!/usr/bin/env bash
# Runs the five claims experiments with their replicates and prints the figures that
# scenarios/claims/README.md quotes.
# Usage: scenarios/claims/run_all.sh [--setting consumer|b2b|both|funnel] [SNSIM] [OUT_DIR]
#   --setting (scenarios/claims/setting.py prints each setting's overrides):
#     consumer (the default): a consumer market: the `market` process, people choosing at their
#       category purchase occasions among the brands they know, or none;
#     b2b: a business-to-business market: a `sales_cycle` of leads, opportunities and deals,
#       revenue from deals only;
#     both: consumer, then b2b (each section headed "=== setting: NAME"): the issue's two markets;
#     funnel: the scenario files as written, each visit a purchase with funnel.purchase_per_visit
#       (the claims' only setting before the market existed; kept for comparison).
#   SNSIM: the snsim binary (default build/release/sim/snsim); OUT_DIR: default results/claims
#     (each setting writes under OUT_DIR/SETTING).
#   CLAIMS="1 3" runs only those claims; SNSIM_SET="population.size=2000 ..." passes --set to
#   every run (a smaller trial; the README's figures are from a run without it).
# Each sweep writes OUT_DIR/SETTING/claimN.h5 (an existing file is kept: delete it to rerun).
# scripts/update-figures.py claims [--setting ...] runs this into a fresh folder and writes the
# figures and the measured run time into the README.
set -euo pipefail
cd "$(dirname "$0")/../.."
setting=consumer
if [[ ${1:-} == --setting ]]; then
  setting=${2:?--setting needs consumer, b2b, both or funnel}
  shift 2
elif [[ ${1:-} == --setting=* ]]; then
  setting=${1#--setting=}
  shift
fi
case $setting in
  consumer) settings=(consumer) ;;
  b2b) settings=(b2b) ;;
  funnel) settings=(funnel) ;;
  both) settings=(consumer b2b) ;;
  *) echo "run_all.sh: --setting must be consumer, b2b, both or funnel, not '$setting'" >&2
     exit 2 ;;
esac
snsim=${1:-build/release/sim/snsim}
base_out=${2:-results/claims}
claims=${CLAIMS:-1 2 3 4 5}
export PYTHONPATH=analysis${PYTHONPATH:+:$PYTHONPATH}
py=/usr/bin/python3

# Runs and summarises every claim in one setting.
run_setting() {
  local setting=$1 out=$base_out/$1 n scenario seed twin f channel
  local -a sets=() setting_sets
  for s in ${SNSIM_SET:-}; do sets+=(--set "$s"); done
  mkdir -p "$out"
  for n in $claims; do
    scenario=$(ls scenarios/claims/${n}_*.yaml)
    setting_sets=()
    while IFS= read -r s; do if [[ -n $s ]]; then setting_sets+=(--set "$s"); fi; done \
      < <("$py" scenarios/claims/setting.py "$setting" "$scenario")
    [[ -e $out/claim$n.h5 ]] ||
      "$snsim" sweep "$scenario" -o "$out/claim$n.h5" --quiet "${setting_sets[@]}" "${sets[@]}" >/dev/null
    # Claim 3's incremental ROI: each channel against a twin without it, same seeds.
    if [[ $n == 3 ]]; then
      for seed in 1 2 3 4 5; do
        for twin in networking:brands[0].budget.hours_per_step=0 broadcast:brands[0].budget.money_per_step=0; do
          f=$out/claim3_twin_${twin%%:*}_seed$seed.h5
          [[ -e $f ]] || "$snsim" run "$scenario" --seed "$seed" --twin "${twin#*:}" \
            -o "$f" --quiet "${setting_sets[@]}" "${sets[@]}" >/dev/null
        done
      done
    fi
  done
  for n in $claims; do
    echo "== claim $n"
    "$py" scenarios/claims/summarise.py "$n" "$out/claim$n.h5" --setting "$setting"
    if [[ $n == 3 ]]; then
      for channel in networking broadcast; do
        echo "== claim 3, incremental: the run minus its twin without $channel"
        "$py" scenarios/claims/summarise.py 3t "$out"/claim3_twin_${channel}_seed*.h5 \
          --setting "$setting"
      done
    fi
  done
}

for s in "${settings[@]}"; do
  [[ ${#settings[@]} -gt 1 ]] && echo "=== setting: $s"
  run_setting "$s"
done
