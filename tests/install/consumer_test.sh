#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds examples/custom_process against the installed
# CMake package (find_package(snsim)) and runs it on scenarios/quickstart.yaml at a small size:
# its own process and strategy must have run, and the installed snsim command must work.
#   consumer_test.sh <snsim build dir> <snsim source dir> <cmake>
set -euo pipefail
build=$1 src=$2 cmake=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/snsim-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$cmake" --install "$build" --prefix "$tmp/prefix" >/dev/null
test -f "$tmp/prefix/include/snsim/version.hpp"
test -f "$tmp/prefix/include/snsim/builtin.hpp"
test ! -e "$tmp/prefix/include/snsim/cli"
"$tmp/prefix/bin/snsim" validate "$src/scenarios/quickstart.yaml" >/dev/null

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
"$cmake" -S "$src/examples/custom_process" -B "$tmp/build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$tmp/prefix" >"$tmp/configure.log" ||
  { cat "$tmp/configure.log"; exit 1; }
"$cmake" --build "$tmp/build" >"$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }

OMP_NUM_THREADS=2 "$tmp/build/custom_process" "$src/scenarios/quickstart.yaml" \
  time.steps=30 population.size=2000 | tee "$tmp/out.txt"
# Header, then one row per brand: brand strategy opens money_first money_last customers roi.
awk 'NR == 1 { ok = ($3 == "newsletter_opens") }
     NR == 2 { ok = ok && $2 == "ramp" && $4 < $5 }      # the custom strategy ramps money up
     NR > 2  { ok = ok && $2 == "mix" && $4 == $5 }      # the built-in one spends evenly
     NR > 1  { opens += $3 }
     END     { exit !(ok && NR == 4 && opens > 0) }' "$tmp/out.txt" ||
  { echo "unexpected output from custom_process" >&2; exit 1; }

# A name the registries do not know is a scenario error naming the key, exit code 2.
set +e
"$tmp/build/custom_process" "$src/scenarios/quickstart.yaml" brands[1].strategy.name=rampp \
  2>"$tmp/err.txt"
rc=$?
set -e
cat "$tmp/err.txt"
test "$rc" = 2 && grep -q "brands\[1\].strategy.name" "$tmp/err.txt"
echo "custom_process: OK"
