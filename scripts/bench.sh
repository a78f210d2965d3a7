#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints its table of ratios to the baseline.
#   scripts/bench.sh [--short] [preset]     preset: release (default)
# --short runs each case a few times only, so the tests can check the benchmarks still work.
set -euo pipefail
cd "$(dirname "$0")/.."
short=()
if [[ "${1:-}" == --short ]]; then short=(--short); shift; fi
preset="${1:-release}"
[[ -x "build/$preset/http_bench" ]] || scripts/setup.sh "$preset"
export KITH_SOURCE_DATA="${KITH_SOURCE_DATA:-$PWD/../shared/data}"
for b in build/"$preset"/*_bench; do
  echo "bench: $(basename "$b")"
  "$b" "${short[@]}"
done
