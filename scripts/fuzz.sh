#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp, the `fuzz` preset: clang 14
# with ASan and UBSan) and runs each for a while, printing how many inputs it ran.
# Fails on any crash, sanitizer report, leak or broken property.
#   scripts/fuzz.sh [--seconds N] [--jobs J] [harness...]   N seconds each (default 60)
#   scripts/fuzz.sh --short                                  12 s each: the tests' budget
# New inputs that find new paths are kept in build/fuzz/corpus/<harness> (beside the
# committed seeds in tests/fuzz/corpus/<harness> and the inputs that once failed, in
# tests/fuzz/regressions/<harness>), so longer runs build on shorter ones.
# A failing input is saved as build/fuzz/artifacts/<harness>-crash-*; every run is
# appended to build/fuzz/executions.tsv (date, harness, seconds, executions, result).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
jobs=$(nproc)
harnesses=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --short) seconds=12; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done

# clang 14 and its libFuzzer, as scripts/setup.sh installs the rest.
missing=()
for p in clang-14 libfuzzer-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "fuzz: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" | grep -Ev '^\[[0-9]+/[0-9]+\] ' || true
test -x build/fuzz/fuzz_csv || { echo "fuzz: the build failed"; exit 1; }

if ((${#harnesses[@]} == 0)); then
  for exe in build/fuzz/fuzz_*; do [[ -x "$exe" && -f "$exe" ]] && harnesses+=("$(basename "$exe")"); done
fi

# Longest input per harness: the importers and templates do real work per byte, so
# their inputs stay a few records long.
max_len() {
  case "$1" in
    fuzz_hsds_json|fuzz_oruk1|fuzz_template) echo 8192 ;;
    fuzz_tabular) echo 4096 ;;
    fuzz_spreadsheet) echo 2048 ;;
    fuzz_photo) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

out=build/fuzz
mkdir -p "$out/artifacts" "$out/logs"
run_one() {
  local h="$1" log="$out/logs/$1.log"
  local args=(-max_total_time="$seconds" -max_len="$(max_len "$h")" -timeout=60 -rss_limit_mb=2048
              -print_final_stats=1 -artifact_prefix="$out/artifacts/$h-")
  [[ -f tests/fuzz/dict/$h.dict ]] && args+=(-dict="tests/fuzz/dict/$h.dict")
  mkdir -p "$out/corpus/$h"
  local seeds=()
  [[ -d tests/fuzz/corpus/$h ]] && seeds+=("tests/fuzz/corpus/$h")
  [[ -d tests/fuzz/regressions/$h ]] && seeds+=("tests/fuzz/regressions/$h")
  local rc=0
  # The first folder receives new inputs; the committed seeds are only read.
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
    "$out/$h" "${args[@]}" "$out/corpus/$h" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [[ -z "$runs" ]] && runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  local result=ok
  if ((rc != 0)); then
    result="FAILED (exit $rc)"
    if grep -q "Segmentation fault\|deadly signal\|ERROR: AddressSanitizer\|runtime error\|LeakSanitizer\|property failed\|timeout" "$log"; then
      result="FAILED: $(grep -m1 -o "property failed: .*\|ERROR: AddressSanitizer: [a-z-]*\|runtime error: .*\|detected memory leaks\|ERROR: libFuzzer: [a-z -]*" "$log" | head -1)"
    fi
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$h" "$seconds" "${runs:-0}" "$result" >>"$out/executions.tsv"
  printf 'fuzz: %-22s %12s executions in %ss  %s\n' "$h" "${runs:-0}" "$seconds" "$result"
  [[ "$result" == ok ]] || { echo "fuzz: $h: see $log and $out/artifacts/$h-*"; return 1; }
}

echo "fuzz: ${#harnesses[@]} harnesses, ${seconds} s each, $jobs at a time"
failed=0
pids=()
for h in "${harnesses[@]}"; do
  [[ -x "$out/$h" ]] || { echo "fuzz: no harness $h (built: $(ls $out | grep '^fuzz_' | tr '\n' ' '))"; failed=1; continue; }
  run_one "$h" &
  pids+=($!)
  if ((${#pids[@]} >= jobs)); then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
((failed == 0)) || { echo "fuzz: FAILED"; exit 1; }
echo "fuzz: all passed"
