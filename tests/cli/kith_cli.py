"""What the tests that drive the real `kith` program share: failing with a reason,
a free loopback port, starting the server, and a client that keeps cookies and signs
in as a browser does.
"""
import atexit
import http.cookiejar
import json
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
        self.request("GET", "/")
        csrf = next(c.value for c in self.jar if c.name == "kith_csrf")
        status, _ = self.request("POST", "/sign-in", form={"email": email, "password": password, "csrf_token": csrf})
        if status != 303:
            fail("sign in as %s answered %s" % (email, status))
