#!/usr/bin/env bash
# The documented backup and restore path, through the real `kith` program:
# a backup taken while the database is in use holds what was committed; a restore
# brings exactly that back.      tests/cli/backup_restore.sh path/to/kith
set -euo pipefail
kith="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export KITH_DATA_DIR="$dir"
fail() { echo "FAIL: $*"; exit 1; }

"$kith" migrate >/dev/null 2>&1
echo 'first-password-1234' | "$kith" user add --email first@example.org --name "First Admin" --role admin >/dev/null

# Hold a write transaction open in another process while the backup runs: the
# backup must not include its uncommitted row, and must not wait for it.
sqlite3 "$dir/kith.db" >/dev/null <<'SQL' &
BEGIN IMMEDIATE;
INSERT INTO settings (key, value) VALUES ('uncommitted', '"yes"');
SELECT 1 FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT i FROM n) LIMIT 1 OFFSET 2999999;
ROLLBACK;
SQL
writer=$!
sleep 0.2
"$kith" backup --to "$dir/backup.db" | grep -q "Backed up" || fail "kith backup did not report the copy"
wait "$writer"
[[ "$(sqlite3 "$dir/backup.db" 'PRAGMA integrity_check')" == ok ]] || fail "the backup is not a sound database"
[[ "$(sqlite3 "$dir/backup.db" "SELECT COUNT(*) FROM settings WHERE key = 'uncommitted'")" == 0 ]] ||
  fail "the backup holds an uncommitted write"

echo 'second-password-1234' | "$kith" user add --email second@example.org --name "Second" --role member >/dev/null
"$kith" user list | grep -q second@example.org || fail "the second user was not added"

"$kith" restore --from "$dir/backup.db" | grep -q "Restored" || fail "kith restore did not report the restore"
users=$("$kith" user list)
grep -q first@example.org <<<"$users" || fail "the restored database lost the first user"
! grep -q second@example.org <<<"$users" || fail "the restored database still has the user added after the backup"
"$kith" backup 2>&1 | grep -q "$dir/backups/kith-" || fail "a backup without --to should go to the data folder's backups/"
pg=$("$kith" backup --db postgresql://nobody@127.0.0.1:1/x 2>&1 || true)
grep -q "pg_dump" <<<"$pg" || fail "backup of PostgreSQL should point to pg_dump, said: $pg"
missing=$("$kith" restore --from "$dir/no-such-file.db" 2>&1 || true)
grep -q "no-such-file.db" <<<"$missing" || fail "restore from a missing file should name it, said: $missing"
echo "backup and restore: ok"
