#!/usr/bin/env bash
# Re-approves the instruction-count baseline of tests/perf/instruction_guard.sh after a change that
# is meant to cost more (or to lock in a gain). Commit tests/perf/instructions_baseline.txt with a
# message that says why.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh ci >/dev/null
bash tests/perf/instruction_guard.sh build/ci/sim/snsim "$PWD" --approve
