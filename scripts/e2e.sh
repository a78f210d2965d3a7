#!/usr/bin/env bash
# Browser tests: copies the demo into a fresh SQLite database, serves it on loopback
# with no map tiles (the boundaries must show without them), coordination sealed with
# the demo's own key, and its emails sent over SMTP with STARTTLS to a local mail sink (the
# tests read them from KITH_E2E_MAIL_DIR); runs tests/e2e in Debian's Chromium, then
# checks the Open Referral UK API against the profile's schemas.
#   scripts/e2e.sh [path to kith] [test files]
# Given test files (tests/e2e/phone.test.mjs ...), runs only those and skips the ORUK check.
set -euo pipefail
cd "$(dirname "$0")/.."
kith="${1:-build/release/kith}"
shift $(($# > 0 ? 1 : 0))
files=("$@")
port="${KITH_E2E_PORT:-8090}"
dir=$(mktemp -d)
pid="" sink=""
trap 'kill $pid $sink 2>/dev/null || true; wait $pid $sink 2>/dev/null || true; rm -rf "$dir"' EXIT
export KITH_DATA_DIR="$dir" KITH_TILE_URL="" KITH_COORDINATION_KEY_FILE="$dir/coordination.key"
# Every browser test is one client on 127.0.0.1: no limit on its forms without sign-in.
export KITH_ANONYMOUS_WRITES=1000000
# The mail sink: a certificate of its own, which the server is told to trust.
mkdir -p "$dir/mail"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/sink-key.pem" -out "$dir/sink.pem" 2>/dev/null
mkfifo "$dir/sink-in"
/usr/bin/python3 tests/support/smtp_sink.py "$dir/sink.pem" "$dir/sink-key.pem" "$dir/mail" \
  <"$dir/sink-in" >"$dir/sink-port" 2>"$dir/sink.log" &
sink=$!
exec 3>"$dir/sink-in"  # the sink runs until this closes
for _ in $(seq 1 100); do [[ -s "$dir/sink-port" ]] && break; sleep 0.1; done
[[ -s "$dir/sink-port" ]] || { echo "e2e: the mail sink did not start"; cat "$dir/sink.log"; exit 1; }
# The demo, loaded once per build and copied (with the key its people are sealed with).
python3 tests/cli/kith_cli.py demo-data "$kith" "$dir"
# Another run's server on the port would answer for this one: refuse rather than test it.
if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
  echo "e2e: something already answers on port $port (another test run?); set KITH_E2E_PORT"
  exit 1
fi
"$kith" serve --port "$port" --messages smtp --smtp-url "smtp://127.0.0.1:$(cat "$dir/sink-port")" \
  --smtp-from "Kith <kith@demo.kith.test>" --smtp-ca-file "$dir/sink.pem" >"$dir/serve.log" 2>&1 &
pid=$!
export KITH_E2E_MAIL_DIR="$dir/mail"
# /healthz answers 200 once the server has warmed up (app/warm.h).
for _ in $(seq 1 1200); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || { echo "e2e: the server did not start"; cat "$dir/serve.log"; exit 1; }
KITH_E2E_URL="http://127.0.0.1:$port" node --test "${files[@]:-tests/e2e/}" || { echo "--- server log"; tail -50 "$dir/serve.log"; exit 1; }
(( ${#files[@]} == 0 )) || exit 0
# The Open Referral UK API, checked as the official validator checks it.
/usr/bin/python3 tests/oruk/validate.py "http://127.0.0.1:$port/oruk" "${KITH_SOURCE_DATA:-../shared/data}/openreferral/oruk_profile/schema"
