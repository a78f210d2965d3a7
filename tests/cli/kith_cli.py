"""What the tests that drive the real `kith` program share: failing with a reason,
a free loopback port, starting the server, and a client that keeps cookies and signs
in as a browser does.
"""
import atexit
import fcntl
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def scratch_dir(prefix):
    """A temporary folder removed when the test ends, however it ends (a demo
    database is hundreds of megabytes, and CI's disk is not large)."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def demo_data(kith, data):
    """Puts the demo place in DATA (as KITH_DATA_DIR) with its coordination key at
    DATA/coordination.key, and answers the environment that serves it. The demo is
    loaded once per build of KITH and copied after: a load takes about a minute under
    AddressSanitizer, a copy under a second. Test servers do the same
    (tests/support/harness.cpp), in the same folder (BUILD/demo-snapshots), under their
    own names."""
    exe = os.path.realpath(kith)
    folder = os.path.join(os.path.dirname(exe), "demo-snapshots")  # beside it: two builds keep apart
    os.makedirs(folder, exist_ok=True)
    made = os.stat(exe)
    stamp = "cli-" + hashlib.sha256(("%s:%d:%d:%s" % (exe, made.st_size, made.st_mtime_ns,
                                                      os.environ.get("KITH_SOURCE_DATA", ""))).encode()).hexdigest()[:16]
    snapshot, key = os.path.join(folder, stamp + ".db"), os.path.join(folder, stamp + ".key")
    with open(os.path.join(folder, "cli.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # tests side by side (ctest -j2) load it once
        if not os.path.exists(snapshot):
            for old in os.listdir(folder):  # of programs since rebuilt
                if old.startswith("cli-"):
                    os.remove(os.path.join(folder, old))
            loading = scratch_dir("kith-demo-load-")
            env = dict(os.environ, KITH_DATA_DIR=loading, KITH_COORDINATION_KEY_FILE=key)
            subprocess.run([kith, "coordination", "new-key", key], env=env, check=True, capture_output=True)
            run = subprocess.run([kith, "demo", "--load-only"], env=env, capture_output=True, text=True, timeout=900)
            if run.returncode != 0:
                fail("kith demo --load-only failed: " + run.stderr[-2000:])
            if os.path.exists(os.path.join(loading, "kith.db-wal")):
                fail("the demo's SQLite log was left unwritten")
            shutil.move(os.path.join(loading, "kith.db"), snapshot + ".part")
            os.rename(snapshot + ".part", snapshot)
    shutil.copyfile(snapshot, os.path.join(data, "kith.db"))
    shutil.copyfile(key, os.path.join(data, "coordination.key"))
    return dict(os.environ, KITH_DATA_DIR=data, KITH_COORDINATION_KEY_FILE=os.path.join(data, "coordination.key"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(kith, args, port, env, seconds=300):
    """Starts `kith ARGS --port PORT` and waits until it answers /healthz: `kith demo`
    loads all England's postcodes first, which takes a while in a Debug build beside
    other tests. Answers the process and a file with what it wrote to stderr."""
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([kith] + args + ["--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            fail("kith %s stopped: %s" % (" ".join(args), log.read().decode()[-2000:]))
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=1) as r:
                if r.status == 200:
                    return proc, log
        except OSError:
            time.sleep(0.1)
    proc.kill()
    fail("kith %s did not start in %d s" % (" ".join(args), seconds))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base, jar=None):
        self.base = base
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, method, path, body=None, form=None):
        data, headers = None, {}
        if body is not None:
            data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with self.opener.open(req, timeout=10) as r:
                text = r.read().decode()
                self.headers = r.headers
                return r.status, (json.loads(text) if text.startswith("{") else text)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            self.headers = e.headers
            return e.code, (json.loads(text) if text.startswith("{") else text)

    def sign_in(self, email, password):
        # The form's own token, as a browser sends it (bound to the session it was given to).
        _, page = self.request("GET", "/sign-in")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/sign-in", form={"email": email, "password": password, "csrf_token": csrf})
        if status != 303:
            fail("sign in as %s answered %s" % (email, status))


if __name__ == "__main__":
    # kith_cli.py demo-data KITH DIR: the demo place in DIR, for scripts/e2e.sh.
    if len(sys.argv) != 4 or sys.argv[1] != "demo-data":
        fail("usage: kith_cli.py demo-data KITH DIR")
    demo_data(sys.argv[2], sys.argv[3])
