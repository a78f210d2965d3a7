#!/usr/bin/env bash
# The README's first command: set up, load the demo place and start Kith.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
# Coordination seals its records with a key kept outside the database: the demo makes one.
export KITH_COORDINATION_KEY_FILE="${KITH_COORDINATION_KEY_FILE:-${KITH_DATA_DIR:-var}/coordination.key}"
if [ ! -f "$KITH_COORDINATION_KEY_FILE" ]; then
  mkdir -p "$(dirname "$KITH_COORDINATION_KEY_FILE")"
  build/release/kith coordination new-key "$KITH_COORDINATION_KEY_FILE"
fi
exec build/release/kith demo "$@"
