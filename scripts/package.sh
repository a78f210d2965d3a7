#!/usr/bin/env bash
# Builds the Debian package: scripts/package.sh [PRESET] (default release). Prints the
# path of the .deb. Install it with `apt install ./kith_VERSION_amd64.deb`;
# docs/operations.md goes on from there.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
if [[ ! -f "build/$preset/CMakeCache.txt" ]]; then cmake --preset "$preset" >/dev/null; fi
cmake --build --preset "$preset" -j"$(nproc)" --target kith >&2
out="build/package"
mkdir -p "$out"
(cd "build/$preset" && cpack -G DEB -B "$PWD/../package" >&2)
ls -t "$out"/kith_*.deb | head -1
