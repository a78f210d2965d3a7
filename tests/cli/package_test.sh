#!/usr/bin/env bash
# The Debian package, as an operator meets it: build it from BUILD_DIR's kith, install
# it, check the unit with systemd-analyze (verify, and its exposure under the
# sandboxing), start the installed kith as its own user with the packaged settings,
# check it answers and keeps its database in /var/lib/kith, then purge it.
# Needs root (it installs the package); scripts/test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
preset="${1:-debug}"
port="${KITH_PACKAGE_TEST_PORT:-8472}"
fail() { echo "package_test: FAIL: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || fail "needs root to install the package"

deb=$(scripts/package.sh "$preset" | tail -1)
[[ -f "$deb" ]] || fail "no package was built"
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/kith ./usr/lib/systemd/system/kith.service ./etc/kith/kith.env ./usr/share/doc/kith/operations.md; do
  grep -q " $f\$" <<<"$contents" || fail "the package has no $f"
done
dpkg-deb --field "$deb" Depends | grep -q libpq5 || fail "the package does not depend on libpq5"
dpkg-deb --info "$deb" conffiles | grep -qx /etc/kith/kith.env || fail "kith.env is not a conffile"

cleanup() {
  pkill -u kith -f '/usr/bin/kith serve' 2>/dev/null || true
  dpkg --purge kith >/dev/null 2>&1 || true
  rm -rf /var/lib/kith
}
trap cleanup EXIT
cleanup
dpkg -i "$deb" >/dev/null
command -v kith | grep -qx /usr/bin/kith || fail "kith is not on the PATH"
getent passwd kith >/dev/null || fail "no kith user"
[[ $(stat -c '%U %a' /var/lib/kith) == "kith 750" ]] || fail "/var/lib/kith is $(stat -c '%U %a' /var/lib/kith)"
[[ $(stat -c '%G %a' /etc/kith/kith.env) == "kith 640" ]] || fail "kith.env is $(stat -c '%G %a' /etc/kith/kith.env)"

unit=/lib/systemd/system/kith.service
systemd-analyze verify "$unit" || fail "systemd-analyze verify found problems"
for want in "User=kith" "ProtectSystem=strict" "NoNewPrivileges=yes" "StateDirectory=kith" \
  "EnvironmentFile=/etc/kith/kith.env" "ExecStart=/usr/bin/kith serve"; do
  grep -qx "$want" "$unit" || fail "the unit lacks $want"
done
exposure=$(systemd-analyze security --offline=true "$unit" 2>/dev/null | grep -o 'Overall exposure level for kith.service: [0-9.]*' |
  grep -o '[0-9.]*$')
echo "package_test: systemd exposure $exposure (0 is best, 10 worst)"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || fail "exposure $exposure is above 2.0"

# The installed kith, as the service runs it: its user, its settings, its state folder.
log=$(mktemp)
(cd /var/lib/kith && set -a && . /etc/kith/kith.env && set +a &&
  exec runuser -u kith -- env KITH_PORT="$port" /usr/bin/kith serve) >"$log" 2>&1 &
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" | grep -q '"status": "ok"' || { cat "$log"; fail "the installed kith did not answer"; }
[[ $(stat -c '%U' /var/lib/kith/kith.db) == kith ]] || fail "the database is not in /var/lib/kith owned by kith"
curl -fsS "http://127.0.0.1:$port/metrics" | grep -q '^kith_up 1' || fail "/metrics did not answer on loopback"
grep -q '"request_id"' "$log" || { cat "$log"; fail "the packaged settings did not give JSON logs with request ids"; }
pkill -TERM -u kith -f '/usr/bin/kith serve'
for _ in $(seq 1 50); do pgrep -u kith -f '/usr/bin/kith serve' >/dev/null || break; sleep 0.2; done
pgrep -u kith -f '/usr/bin/kith serve' >/dev/null && fail "kith did not stop on SIGTERM"
rm -f "$log"

dpkg --purge kith >/dev/null
[[ ! -e /usr/bin/kith && ! -e /etc/kith ]] || fail "purging left files behind"
echo "package_test: ok: $(basename "$deb") builds, installs, verifies, serves as kith and purges"
