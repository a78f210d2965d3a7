#!/usr/bin/env bash
# Installs what Kith needs on Debian 12 (as root), builds the web assets and the
# program. Safe to run again: it installs only what is missing.
#   scripts/setup.sh [preset]     preset: release (default), debug or asan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl sqlite3
  libsqlite3-dev libpq-dev libssl-dev libargon2-dev libsodium-dev libjpeg62-turbo-dev libpng-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libcpp-httplib-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcurl4-openssl-dev
  clang-format clang-tidy
  dpkg-dev adduser systemd procps haproxy
  postgresql-15 postgresql-15-postgis-3 wrk
  chromium python3 python3-jsonschema python3-aiosmtpd
  nodejs npm
)
missing=()
for p in "${packages[@]}"; do
  # nodejs and npm may come from elsewhere (NodeSource); a working node and npm are enough.
  if [[ "$p" == nodejs || "$p" == npm ]] && command -v "${p/nodejs/node}" >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: installing npm packages and building web assets"
npm ci --no-audit --no-fund --loglevel=error
node web/build.mjs

echo "setup: building Kith ($preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
echo "setup: done: build/$preset/kith"
