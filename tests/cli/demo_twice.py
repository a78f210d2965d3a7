#!/usr/bin/env python3
"""Loading the demo is idempotent, through the real `kith` program: `kith demo
--load-only` on a new database loads the demo place; a moderator then approves a
suggested change to a listing; `kith demo` and `kith demo --load-only` run again
load nothing (they say so), every count of the demo's grants, rounds, budgets,
stories and listings is unchanged, and the approved change is still there.

    tests/cli/demo_twice.py path/to/kith
"""
import os
import sqlite3
import subprocess
import sys

from kith_cli import Client, fail, free_port, scratch_dir, start

# What the demo loads that a second load used to copy, or (settings) overwrite.
TABLES = ["grant_funds", "grant_rounds", "grant_applications", "grant_criteria", "pb_processes", "pb_projects",
          "pb_ballots", "stories", "msc_rounds", "msc_picks", "case_studies", "hsds_service", "hsds_organization",
          "hsds_location", "timebank_accounts", "timebank_transfers", "timebank_posts", "users", "areas"]



def stop(proc):
    proc.terminate()
    proc.wait(timeout=30)


def counts(path):
    with sqlite3.connect(path) as db:
        return {t: db.execute("SELECT COUNT(*) FROM " + t).fetchone()[0] for t in TABLES}


def service_name(path, service_id):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT name FROM hsds_service WHERE id = ?", (service_id,)).fetchone()[0]


def load_only(kith, env):
    run = subprocess.run([kith, "demo", "--load-only"], env=env, capture_output=True, text=True, timeout=900)
    if run.returncode != 0:
        fail("kith demo --load-only failed: " + run.stderr[-2000:])
    return run.stderr


def main():
    kith = sys.argv[1]
    data = scratch_dir("kith-demo-twice-")
    env = dict(os.environ, KITH_DATA_DIR=data)
    db_path = os.path.join(data, "kith.db")

    said = load_only(kith, env)
    if "demo place loaded" not in said:
        fail("the first load should say the demo place is loaded, said: " + said[-500:])
    first = counts(db_path)
    for table in ("grant_rounds", "pb_processes", "stories", "msc_rounds", "hsds_service"):
        if first[table] == 0:
            fail("the demo loaded no rows into " + table)

    # A resident suggests a new name for a demo listing and a moderator approves it.
    port = free_port()
    server, _ = start(kith, ["serve"], port, env)
    try:
        base = "http://127.0.0.1:%d" % port
        status, found = Client(base).request("GET", "/oruk/services?search=tuesday%20warm%20space")
        if status != 200 or not found["contents"]:
            fail("the demo's Warm Space was not found: %s %s" % (status, found))
        service_id = found["contents"][0]["id"]
        renamed = "Tuesday Warm Space at the Library (approved)"
        status, suggested = Client(base).request("POST", "/api/v1/directory/services/%s/suggest" % service_id,
                                                 body={"name": renamed, "note": "It moved to the library"})
        if status != 201:
            fail("the suggestion answered %s: %s" % (status, suggested))
        moderator = Client(base)
        moderator.sign_in("moderator@demo.kith.test", "kith-demo-moderator")
        status, decided = moderator.request("POST", "/api/v1/moderate/directory/%d" % suggested["submission_id"],
                                            body={"decision": "approve"})
        if status != 200:
            fail("the approval answered %s: %s" % (status, decided))
    finally:
        stop(server)
    if service_name(db_path, service_id) != renamed:
        fail("the approved change was not applied")
    before = counts(db_path)

    # `kith demo` again: it starts the place as it is.
    server, log = start(kith, ["demo"], port, env)
    stop(server)
    log.seek(0)
    said = log.read().decode()
    if "already loaded" not in said:
        fail("kith demo on a loaded database should say the demo is already loaded, said: " + said[-500:])
    # And `kith demo --load-only` again.
    said = load_only(kith, env)
    if "already loaded" not in said:
        fail("kith demo --load-only on a loaded database should say so, said: " + said[-500:])

    after = counts(db_path)
    changed = {t: (before[t], after[t]) for t in TABLES if before[t] != after[t]}
    if changed:
        fail("loading the demo again changed the counts (before, after): %s" % changed)
    if service_name(db_path, service_id) != renamed:
        fail("loading the demo again undid the change a moderator approved: %s" % service_name(db_path, service_id))
    print("demo: loaded once; loading again changed nothing (%d tables counted) and kept the approved change"
          % len(TABLES))


if __name__ == "__main__":
    main()
