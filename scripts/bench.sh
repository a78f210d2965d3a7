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
# Baselines that need PostgreSQL (the directory's PostGIS search) get a throwaway
# server on loopback unless KITH_BENCH_PG_URL names one.
if [[ -z "${KITH_BENCH_PG_URL:-}" ]]; then
  pgdir=$(mktemp -d /tmp/kith-bench-pg.XXXXXX)
  trap 'scripts/pg-stop.sh "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
  # Memory enough to hold the baseline's tables and indexes: it is measured at its best.
  # Durable, as a real server is (the tests' throwaway servers turn fsync off): the
  # timebank benchmark compares durable transfers with pgbench on this server.
  KITH_BENCH_PG_URL=$(KITH_PG_OPTIONS="-c shared_buffers=2GB -c work_mem=64MB -c effective_cache_size=8GB -c fsync=on -c synchronous_commit=on -c full_page_writes=on" \
    scripts/pg-start.sh "$pgdir" "${KITH_BENCH_PG_PORT:-54339}")
  export KITH_BENCH_PG_URL
fi
for b in build/"$preset"/*_bench; do
  echo "bench: $(basename "$b")"
  "$b" "${short[@]}"
done
