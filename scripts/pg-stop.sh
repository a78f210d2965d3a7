#!/usr/bin/env bash
# Stops the throwaway PostgreSQL started by pg-start.sh and removes its files.
set -euo pipefail
dir="$1"
if [ -d "$dir/data" ]; then
  su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
fi
rm -rf "$dir"
