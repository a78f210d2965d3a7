"""What the tests that drive the real `kith` program share: failing with a reason,
a free loopback port, and a client that keeps cookies and signs in as a browser does.
"""
import http.cookiejar
import json
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
                return r.status, (json.loads(text) if text.startswith("{") else text)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            return e.code, (json.loads(text) if text.startswith("{") else text)

    def sign_in(self, email, password):
        self.request("GET", "/")
        csrf = next(c.value for c in self.jar if c.name == "kith_csrf")
        status, _ = self.request("POST", "/sign-in", form={"email": email, "password": password, "csrf_token": csrf})
        if status != 303:
            fail("sign in as %s answered %s" % (email, status))
