#!/usr/bin/env python3
"""Losing the PostgreSQL primary loses nothing Kith acknowledged. A primary with a
synchronous streaming standby (pg_basebackup), two `kith serve` on a multi-host URL
(target_session_attrs=read-write) behind HAProxy, and clients confirming timebank
exchanges and editing the directory through HAProxy. Mid-run the primary is stopped
(immediate, as a crash) and the standby promoted. Kith must reconnect by itself,
answer 503 with Retry-After meanwhile and never 500, take exchanges again after the
promotion, and afterwards every exchange it acknowledged must be in the ledger, which
sums to zero.

    tests/cli/failover_test.py path/to/kith      (as root: it runs PostgreSQL as postgres)
"""
import collections
import os
import random
import shutil
import subprocess
import sys
import threading
import time

from kith_cli import Client, fail, free_port, scratch_dir, start

PG = "/usr/lib/postgresql/15/bin"


def as_pg(command, check=True):
    r = subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], capture_output=True, text=True)
    if check and r.returncode != 0:
        fail("%s: %s %s" % (command, r.stdout[-1000:], r.stderr[-1000:]))
    return r.stdout.strip()


def psql(port, sql, db="kith"):
    return as_pg("%s/psql -X -A -t -h 127.0.0.1 -p %d -U postgres -d %s -c \"%s\"" % (PG, port, db, sql))


def pg_start(data, port, sockets, log, extra=""):
    as_pg("%s/pg_ctl -D %s -l %s -w -t 60 -o \"-c listen_addresses=127.0.0.1 -c port=%d "
          "-c unix_socket_directories=%s %s\" start" % (PG, data, log, port, sockets, extra))


def main():
    kith = os.path.abspath(sys.argv[1])
    if os.geteuid() != 0:
        fail("needs root, to run PostgreSQL as the postgres user")
    if not shutil.which("haproxy"):
        fail("haproxy is not installed (scripts/setup.sh installs it)")
    tmp = scratch_dir("kith-failover-")
    shutil.chown(tmp, "postgres", "postgres")
    os.chmod(tmp, 0o755)
    primary, standby = os.path.join(tmp, "primary"), os.path.join(tmp, "standby")
    p1, p2, k1, k2, front = (free_port() for _ in range(5))
    servers, haproxy = [], None
    try:
        # The primary, its database, and the demo place loaded into it.
        as_pg("%s/initdb -D %s -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" % (PG, primary))
        durable = "-c wal_level=replica -c max_wal_senders=5 -c wal_keep_size=256MB"
        # Loading is quicker without flushing; the failover itself runs on a durable server.
        pg_start(primary, p1, tmp, os.path.join(tmp, "primary.log"),
                 durable + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        as_pg("%s/createdb -h 127.0.0.1 -p %d -U postgres kith" % (PG, p1))
        env = dict(os.environ)
        started = time.monotonic()
        load = subprocess.run([kith, "demo", "--load-only", "--db", "postgresql://postgres@127.0.0.1:%d/kith" % p1],
                              env=env, capture_output=True, text=True)
        if load.returncode != 0:
            fail("loading the demo into the primary: " + load.stderr[-2000:])
        print("failover: demo loaded into the primary in %.0f s" % (time.monotonic() - started))
        as_pg("%s/pg_ctl -D %s -w -m fast stop" % (PG, primary))
        pg_start(primary, p1, tmp, os.path.join(tmp, "primary.log"), durable)

        # The standby: a base backup streaming from the primary, named so the primary
        # can wait for it; then every commit waits until the standby has it.
        as_pg("%s/pg_basebackup -D %s -h 127.0.0.1 -p %d -U postgres -R -X stream" % (PG, standby, p1))
        with open(os.path.join(standby, "postgresql.auto.conf"), "a") as conf:
            conf.write("primary_conninfo = 'host=127.0.0.1 port=%d user=postgres application_name=standby1'\n" % p1)
        pg_start(standby, p2, tmp, os.path.join(tmp, "standby.log"))
        psql(p1, "ALTER SYSTEM SET synchronous_standby_names = 'standby1'")
        psql(p1, "SELECT pg_reload_conf()")
        for _ in range(100):
            if psql(p1, "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'") == "sync":
                break
            time.sleep(0.1)
        else:
            fail("the standby did not become synchronous")

        # Two Kith servers on the multi-host URL, behind HAProxy.
        url = "postgresql://postgres@127.0.0.1:%d,127.0.0.1:%d/kith?target_session_attrs=read-write" % (p1, p2)
        for port in (k1, k2):
            proc, _ = start(kith, ["serve", "--db", url], port, env)
            servers.append(proc)
        cfg = os.path.join(tmp, "haproxy.cfg")
        with open(cfg, "w") as f:
            f.write("""global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 2
  option redispatch
frontend web
  bind 127.0.0.1:%d
  default_backend kith
backend kith
  balance roundrobin
  option httpchk GET /healthz
  http-check expect status 200
  default-server inter 300ms fall 2 rise 1
  server k1 127.0.0.1:%d check
  server k2 127.0.0.1:%d check
""" % (front, k1, k2))
        haproxy = subprocess.Popen(["haproxy", "-f", cfg, "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = "http://127.0.0.1:%d" % front
        coordinator = Client(base)
        for _ in range(50):
            try:
                coordinator.request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        coordinator.sign_in("coordinator@demo.kith.test", "kith-demo-coordinator")
        status, manage = coordinator.request("GET", "/api/v1/timebank/tilbury-chadwell/manage")
        if status != 200:
            fail("the coordinator's page answered %s" % status)
        offline = [m["id"] for m in manage["members"]]
        moderator = Client(base)
        moderator.sign_in("moderator@demo.kith.test", "kith-demo-moderator")
        status, listing = moderator.request("GET", "/api/v1/directory?q=warm+space")
        if status != 200 or not listing.get("results"):
            fail("no directory listing to edit: %s %s" % (status, str(listing)[:300]))
        service = listing["results"][0]["href"].rsplit("/", 1)[1]

        acknowledged, edits, lock, stop = [], [], threading.Lock(), threading.Event()
        statuses = collections.Counter()
        unavailable_without_retry_after = []
        promoted_at = [None]
        confirmed_after_promotion = [0]

        def note(status, client):
            with lock:
                statuses[status] += 1
                if status == 503 and client.headers.get("Retry-After") is None and \
                        "application/problem+json" in (client.headers.get("Content-Type") or ""):
                    unavailable_without_retry_after.append(status)

        def exchanges(seed):
            rng = random.Random(seed)
            client = Client(base, coordinator.jar)
            while not stop.is_set():
                giver, receiver = rng.sample(offline, 2)
                try:
                    status, made = client.request("POST", "/api/v1/timebank/exchanges/new", body={
                        "account": giver, "other": receiver, "direction": "gave", "hours": "0",
                        "minutes": str(rng.randint(1, 20)), "category": "company", "description": "Failover"})
                    note(status, client)
                    if status != 201:
                        time.sleep(0.2)
                        continue
                    path = "/api/v1/timebank/exchanges/%d" % made["id"]
                    for action in ("accept", "done", "confirm"):
                        status, after = client.request("POST", path, body={"action": action})
                        note(status, client)
                        if status != 200:
                            break
                    if status == 200 and after.get("state") == "confirmed":
                        with lock:
                            acknowledged.append(made["id"])
                            if promoted_at[0] is not None:
                                confirmed_after_promotion[0] += 1
                except (OSError, ValueError):
                    time.sleep(0.2)

        def directory_edits():
            # A moderator marks the listing checked (a write, audited) and searches.
            client = Client(base, moderator.jar)
            while not stop.is_set():
                try:
                    status, _ = client.request("POST", "/api/v1/moderate/directory/services/%s/checked" % service,
                                               body={})
                    note(status, client)
                    if status == 200:
                        with lock:
                            edits.append(time.monotonic())
                    status, _ = client.request("GET", "/api/v1/directory?q=warm+space")
                    note(status, client)
                except (OSError, ValueError):
                    time.sleep(0.2)
                time.sleep(0.05)

        threads = [threading.Thread(target=exchanges, args=(s,)) for s in range(4)]
        threads.append(threading.Thread(target=directory_edits))
        for t in threads:
            t.start()
        time.sleep(4)
        before = len(acknowledged)
        as_pg("%s/pg_ctl -D %s -m immediate stop" % (PG, primary))
        time.sleep(1)
        as_pg("%s/pg_ctl -D %s -w promote" % (PG, standby))
        promoted_at[0] = time.monotonic()
        time.sleep(8)
        stop.set()
        for t in threads:
            t.join()

        print("failover: %d exchanges acknowledged before the primary stopped, %d after the promotion; "
              "answers: %s" % (before, confirmed_after_promotion[0], dict(sorted(statuses.items()))))
        if before < 5:
            fail("only %d exchanges before the failover: the load did not run" % before)
        if statuses[500]:
            fail("%d requests answered 500 during the failover (want 503 and a retry)" % statuses[500])
        if unavailable_without_retry_after:
            fail("%d of Kith's 503 answers had no Retry-After" % len(unavailable_without_retry_after))
        if not any(t > promoted_at[0] for t in edits):
            fail("no directory edit succeeded after the promotion")
        if confirmed_after_promotion[0] < 3:
            fail("Kith did not take exchanges again after the promotion (%d)" % confirmed_after_promotion[0])

        # Everything acknowledged is on the new primary, and the ledger balances.
        after = Client(base)
        after.sign_in("coordinator@demo.kith.test", "kith-demo-coordinator")
        lost = []
        for exchange in acknowledged:
            status, body = after.request("GET", "/api/v1/timebank/exchanges/%d" % exchange)
            if status != 200 or body["exchange"]["state"] != "confirmed":
                lost.append(exchange)
        if lost:
            fail("%d acknowledged exchanges were lost in the failover: %s" % (len(lost), lost[:10]))
        status, ledger = after.request("GET", "/api/v1/timebank/ledger")
        if status != 200 or ledger["sum"] != 0 or ledger["unbalanced_transfers"] or ledger["mismatched_accounts"]:
            fail("the ledger is broken after the failover: %s %s" % (status, ledger))
        print("failover: ok: all %d acknowledged exchanges kept, the ledger sums to zero, no 500s"
              % len(acknowledged))
    finally:
        if haproxy:
            haproxy.terminate()
            haproxy.wait()
        for proc in servers:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        for data in (primary, standby):
            if os.path.exists(os.path.join(data, "postmaster.pid")):
                as_pg("%s/pg_ctl -D %s -m immediate stop" % (PG, data), check=False)


if __name__ == "__main__":
    main()
