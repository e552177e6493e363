"""HTTP helpers of `make bench` (tests/perf/bench_http.py), on the standard library alone:
sign-in through the real forms (password, then the authenticator's code), CSRF cookie and token
pairs of new visitors, and many registrations sent at once."""

import base64
import hashlib
import hmac
import http.client
import re
import struct
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str, at: float | None = None, period: int = 30) -> str:
    """The authenticator app's six digits (RFC 6238, SHA-1), as allauth checks them."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class Browser:
    """One visitor: keeps the cookies the server sets, says it came over HTTPS (the load
    balancer's header, as production expects), never follows redirects by itself."""

    def __init__(self, port: int, forwarded_for: str | None = None):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 60):
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                cookie, _, content = pair.partition("=")
                if content in ('""', ""):
                    self.cookies.pop(cookie, None)
                else:
                    self.cookies[cookie] = content
        return response.status, response.getheader("Location"), text

    def get(self, path: str):
        return self.request("GET", path)

    def form_token(self, path: str) -> str:
        status, _, text = self.get(path)
        found = TOKEN.search(text)
        if status != 200 or not found:
            raise RuntimeError(f"GET {path} answered {status} without a form to fill in")
        return found.group(1)

    def post(self, path: str, form: dict):
        return self.request("POST", path, {"csrfmiddlewaretoken": self.form_token(path), **form})


def local_path(location: str) -> str:
    parsed = urllib.parse.urlsplit(location)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def sign_in(port: int, email: str, password: str, totp_secret: str | None = None) -> str:
    """Sign in through allauth's forms; return the Cookie header of the signed-in session."""
    browser = Browser(port)
    status, location, _ = browser.post("/accounts/login/", {"login": email, "password": password})
    if status != 302:
        raise RuntimeError(f"Signing in as {email} answered {status}")
    if "2fa" in (location or ""):
        if not totp_secret:
            raise RuntimeError(f"{email} is asked for a second factor the bench does not have")
        path = local_path(location)
        for attempt in range(2):
            # A code is good once (allauth marks it used): on a rerun within 30 s, the next one.
            if attempt:
                time.sleep(30 - time.time() % 30 + 1)
            status, location, _ = browser.post(path, {"code": totp(totp_secret)})
            if status == 302:
                break
        else:
            raise RuntimeError(f"{email}'s authenticator code was refused ({status})")
    if "sessionid" not in browser.cookies:
        raise RuntimeError(f"Signing in as {email} set no session")
    # Where a browser goes next: the page that shows (and so ends) the "signed in" message.
    browser.get(local_path(location))
    return browser.cookie_header()


def csrf_pairs(port: int, path: str, count: int, workers: int = 8) -> list[tuple[str, str]]:
    """(cookie, token) of `count` new visitors who opened the form at `path`."""

    def one(_):
        browser = Browser(port)
        token = browser.form_token(path)
        return browser.cookies["csrftoken"], token

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(count)))


def at_once(port: int, path: str, pairs, tag: str, count: int) -> list[tuple[int, float]]:
    """`count` new visitors press Register at the same moment (each from an address of its
    own); return each one's (status, seconds)."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def visitor(index):
        cookie, token = pairs[index % len(pairs)]
        browser = Browser(port, forwarded_for=f"11.0.{index // 256}.{index % 256}")
        browser.cookies["csrftoken"] = cookie
        form = {
            "csrfmiddlewaretoken": token,
            "name": f"Rush visitor {index}",
            "email": f"rush-{tag}-{index}@example.net",
            "phone": "",
            "language": "en",
            "consent": "on",
            "accessibility_needs": "",
            "website": "",
        }
        start.wait()
        began = time.perf_counter()
        try:
            status, _, _ = browser.request("POST", path, form, timeout=120)
        except OSError:
            status = 0
        results[index] = (status, time.perf_counter() - began)

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
