#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test:
# formatting and clang-tidy, unit tests, store and HTTP tests on SQLite and on a
# throwaway PostgreSQL 15 on loopback, browser tests in Chromium with axe-core, and
# the short mode of each benchmark, the Debian package (installed and removed), two
# servers behind HAProxy while PostgreSQL's primary fails over to its standby, each
# fuzzing harness for a few seconds.
# Everything runs on one build with AddressSanitizer and UBSan (the `asan` preset): a
# memory error or undefined behaviour anywhere, in a test or in a server the browser
# drives, fails the run. One build instead of a plain and a sanitised one keeps CI
# under 45 minutes. KITH_TEST_PRESET=debug runs the same tests without sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${KITH_TEST_PRESET:-asan}"
# Any sanitizer report stops the program that made it, and so fails its test.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
start=$SECONDS
# Each step's start, with the time so far (CI keeps the whole run under 45 minutes).
# And the disk left: a full disk fails tests in ways that name something else.
step() { echo "test: $1 ($((SECONDS - start)) s so far, $(df -h --output=avail . | tail -1 | tr -d ' ') free on disk)"; }

scripts/setup.sh "$preset"
step "format and clang-tidy"
scripts/format.sh --check
scripts/lint.sh "$preset"

pgdir=$(mktemp -d /tmp/kith-pg.XXXXXX)
trap 'scripts/pg-stop.sh "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
pgport="${KITH_TEST_PG_PORT:-54329}"
echo "test: starting PostgreSQL 15 on 127.0.0.1:$pgport"
KITH_TEST_PG_URL=$(scripts/pg-start.sh "$pgdir" "$pgport")
export KITH_TEST_PG_URL KITH_TEST_REQUIRE_PG=1

# Two at a time: SQLite and PostgreSQL side by side (benchmarks run alone).
step "ctest"
ctest --preset "$preset" -j2
step "browser tests"
scripts/e2e.sh "build/$preset/kith"
step "Debian package"
# The Debian package: built, installed, its unit verified, served, purged.
tests/cli/package_test.sh "$preset"
step "PostgreSQL failover"
python3 tests/cli/failover_test.py "build/$preset/kith"
# Every fuzzing harness for a short fixed budget (scripts/fuzz.sh runs them longer).
step "fuzzing"
scripts/fuzz.sh --short

echo "test: all passed in $((SECONDS - start)) s"
