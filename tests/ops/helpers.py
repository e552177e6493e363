"""Starting real servers against the test run's PostgreSQL and Redis, and speaking HTTP to them
as a browser behind the load balancer would."""

import http.client
import os
import random
import re
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.support.servers import BASE_DIR, database_url

REDIS_URL = os.environ.get("REDIS_URL", "")

needs_postgres_and_redis = pytest.mark.skipif(
    not REDIS_URL or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL), as in CI",
)


def production_env(**extra) -> dict:
    """Production settings against the test database and Redis, with a queue of their own so
    that nothing another run left in Redis is taken, and nothing is left for another run."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "coalition.settings.production",
        "DJANGO_SECRET_KEY": "process-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": f"test-{uuid.uuid4().hex[:12]}",
        "EMAIL_URL": "dummymail://",
        # The client's address comes from the load balancer's X-Forwarded-For.
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        **extra,
    }


def collectstatic(env):
    """Production's manifest storage needs collected static files before a page renders."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )


def a_client_address() -> str:
    """An address of this test's own, so that rate limits counted by earlier runs (in the
    same Redis, within the hour) do not count against it."""
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


class Browser:
    """Cookies and CSRF as a browser keeps them, over plain HTTP to a node, with the headers a
    TLS-terminating load balancer adds."""

    def __init__(self, ip=None):
        self.cookies = {}
        self.ip = ip or a_client_address()

    def request(self, port, method, path, form=None, headers=None):
        body = urlencode(form) if form is not None else None
        all_headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.ip,
            "Origin": f"https://127.0.0.1:{port}",
            "Referer": f"https://127.0.0.1:{port}{path}",
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, text
        finally:
            conn.close()

    def csrf_token(self, port, path) -> str:
        status, _, text = self.request(port, "GET", path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def wait_for_health(port, process=None, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"nothing answered /healthz on port {port} within {timeout} s")


def delete_queue(env):
    """Drop what the servers published to their queue and nobody consumed."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    client.delete(env["CELERY_QUEUE"])
    client.close()
