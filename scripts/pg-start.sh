#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on loopback for the tests and prints its URL.
#   url=$(scripts/pg-start.sh DIR [PORT])     stop with: scripts/pg-stop.sh DIR
# KITH_PG_OPTIONS adds server settings, e.g. "-c shared_buffers=1GB".
set -euo pipefail
dir="$1"
port="${2:-54329}"
bin=/usr/lib/postgresql/15/bin
mkdir -p "$dir"
chown postgres:postgres "$dir"
chmod 700 "$dir"
as_pg() { su postgres -s /bin/sh -c "$*"; }
as_pg "$bin/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1
as_pg "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 60 \
  -o \"-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${KITH_PG_OPTIONS:-}\" start" >/dev/null
as_pg "$bin/createdb -h 127.0.0.1 -p $port -U postgres kith_test"
echo "postgresql://postgres@127.0.0.1:$port/kith_test"
