#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test:
# formatting and clang-tidy, unit tests, store and HTTP tests on SQLite and on a
# throwaway PostgreSQL 15 on loopback, browser tests in Chromium with axe-core, and
# the short mode of each benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${KITH_TEST_PRESET:-debug}"
start=$SECONDS

scripts/setup.sh "$preset"
scripts/format.sh --check
scripts/lint.sh "$preset"

pgdir=$(mktemp -d /tmp/kith-pg.XXXXXX)
trap 'scripts/pg-stop.sh "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
pgport="${KITH_TEST_PG_PORT:-54329}"
echo "test: starting PostgreSQL 15 on 127.0.0.1:$pgport"
KITH_TEST_PG_URL=$(scripts/pg-start.sh "$pgdir" "$pgport")
export KITH_TEST_PG_URL KITH_TEST_REQUIRE_PG=1

ctest --preset "$preset"
scripts/e2e.sh "build/$preset/kith"

echo "test: all passed in $((SECONDS - start)) s"
