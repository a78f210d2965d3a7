#!/usr/bin/env bash
# The README's first command: set up, load the demo place and start Kith.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
exec build/release/kith demo "$@"
