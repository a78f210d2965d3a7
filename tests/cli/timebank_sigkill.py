#!/usr/bin/env python3
"""Killing the server with SIGKILL in the middle of a load loses no timebank
exchange it acknowledged: several clients confirm exchanges through the real
`kith` program until it is killed; after a restart every exchange the server
said was confirmed is still confirmed, and the ledger still sums to zero.

    tests/cli/timebank_sigkill.py path/to/kith
"""
import os
import random
import signal
import sys
import threading
import time

from kith_cli import Client, demo_data, fail, free_port, scratch_dir, start



def main():
    kith = sys.argv[1]
    data = scratch_dir("kith-sigkill-")
    env = demo_data(kith, data)
    port = free_port()
    server, _ = start(kith, ["serve"], port, env)
    base = "http://127.0.0.1:%d" % port
    coordinator = Client(base)
    coordinator.sign_in("coordinator@demo.kith.test", "kith-demo-coordinator")
    status, manage = coordinator.request("GET", "/api/v1/timebank/tilbury-chadwell/manage")
    if status != 200:
        fail("the coordinator's page answered %s" % status)
    offline = [m["id"] for m in manage["members"]]
    if len(offline) < 2:
        fail("the demo should have two members who are not online")

    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def load(seed):
        rng = random.Random(seed)
        client = Client(base, coordinator.jar)  # the same coordinator's session
        while not stop.is_set():
            giver, receiver = rng.sample(offline, 2)
            try:
                status, made = client.request("POST", "/api/v1/timebank/exchanges/new", body={
                    "account": giver, "other": receiver, "direction": "gave", "hours": "0",
                    "minutes": str(rng.randint(1, 20)), "category": "company", "description": "Load"})
                if status != 201:
                    continue
                path = "/api/v1/timebank/exchanges/%d" % made["id"]
                for action in ("accept", "done", "confirm"):
                    status, after = client.request("POST", path, body={"action": action})
                if status == 200 and after.get("state") == "confirmed":
                    with lock:
                        acknowledged.append(made["id"])
            except (OSError, ValueError):
                return  # the server is gone

    threads = [threading.Thread(target=load, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    time.sleep(3)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    if len(acknowledged) < 5:
        fail("only %d exchanges were confirmed before the kill: the load did not run" % len(acknowledged))

    server, _ = start(kith, ["serve"], port, env)
    try:
        after = Client(base)
        after.sign_in("coordinator@demo.kith.test", "kith-demo-coordinator")
        lost = []
        for exchange in acknowledged:
            status, body = after.request("GET", "/api/v1/timebank/exchanges/%d" % exchange)
            if status != 200 or body["exchange"]["state"] != "confirmed":
                lost.append(exchange)
        if lost:
            fail("%d acknowledged exchanges were lost after SIGKILL: %s" % (len(lost), lost[:10]))
        status, ledger = after.request("GET", "/api/v1/timebank/ledger")
        if ledger["sum"] != 0 or ledger["unbalanced_transfers"] or ledger["mismatched_accounts"]:
            fail("the ledger is broken after SIGKILL: %s" % ledger)
        print("timebank: %d acknowledged exchanges all kept after SIGKILL; the ledger sums to zero" % len(acknowledged))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
