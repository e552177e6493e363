"""Real services for the fault tests, each private to the test that starts it, so stopping one
never touches the shared PostgreSQL (5432) and Redis (6379) other tests use: an SMTP sink
(aiosmtpd) in a thread, a Celery worker process, a gunicorn web server, and a PostgreSQL cluster
of its own (pg_createcluster, as root). The redis-server on a free port is
tests.support.servers.RedisServer."""

import asyncio
import email
import http.client
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from tests.support.servers import BASE_DIR, free_port, port_open, wait_for

try:
    from aiosmtpd.controller import Controller
except ImportError:  # a dev extra; without it the fault tests are skipped (conftest)
    Controller = None

# --- SMTP -------------------------------------------------------------------------------------


@dataclass
class Delivered:
    message_id: str
    to: tuple[str, ...]
    subject: str


@dataclass
class SmtpSink:
    """An SMTP server that keeps what it is sent. `hold_quit` keeps the client waiting for the
    reply to QUIT (after the message was accepted with 250), so a test can kill the worker in
    the window between the server's reply and the worker's commit."""

    port: int = field(default_factory=free_port)
    delivered: list[Delivered] = field(default_factory=list)
    hold_quit: threading.Event = field(default_factory=threading.Event)
    controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.delivered.append(
            Delivered(message["Message-ID"], tuple(envelope.rcpt_tos), message["Subject"])
        )
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        while self.hold_quit.is_set():
            await asyncio.sleep(0.05)
        return "221 Bye"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        """The server goes away: connections are refused."""
        if self.controller is not None:
            self.hold_quit.clear()
            self.controller.stop()
            self.controller = None

    def count(self, message_id: str) -> int:
        return sum(1 for d in self.delivered if d.message_id == message_id)


# --- Django processes: a Celery worker and a web server ----------------------------------------


def django_env(*, database_url: str, redis_url: str, smtp_port: int, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "5",
        # Each simulated visitor has an address of its own (X-Forwarded-For), as behind a proxy.
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


class Worker:
    """`celery worker` (solo pool: the process that sends is the one a kill -9 ends)."""

    def __init__(self, env: dict, log: Path):
        self.env = env
        self.log = log
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "coalition",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--hostname",
                f"faults-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )

    def kill(self):
        """kill -9: no cleanup, no acknowledgement, no commit."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


class WebServer:
    """gunicorn serving the project on a free port."""

    def __init__(self, env: dict, log: Path, workers: int = 3, threads: int = 6):
        self.port = free_port()
        self.env = env
        self.log = log
        self.workers = workers
        self.threads = threads
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "coalition.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: port_open(self.port), 30, what="gunicorn")
        # Every worker process loads the project on its first request: warm them up.
        for _ in range(self.workers * 2):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request("GET", "/events/")
            conn.getresponse().read()
            conn.close()

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


# --- PostgreSQL: a cluster of the test's own ---------------------------------------------------


class PostgresCluster:
    """A PostgreSQL cluster made for the test (pg_createcluster, as root), on a free port, so a
    restart stops nobody else's database."""

    def __init__(self):
        self.port = free_port()
        self.name = f"faults{self.port}"
        self.version = sorted(os.listdir("/etc/postgresql"))[-1]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/coalition_faults"

    def create(self):
        subprocess.run(
            [
                "pg_createcluster",
                self.version,
                self.name,
                "-p",
                str(self.port),
                "--start",
                "--",
                "--auth=trust",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "coalition_faults",
            ],
            check=True,
            capture_output=True,
        )

    def restart(self):
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                self.version,
                self.name,
                "restart",
                "-m",
                "fast",
            ],
            check=True,
            capture_output=True,
        )

    def drop(self):
        subprocess.run(
            ["pg_dropcluster", self.version, self.name, "--stop"], capture_output=True, check=False
        )


def postgres_cluster_available() -> bool:
    return (
        os.geteuid() == 0
        and shutil.which("pg_createcluster") is not None
        and os.path.isdir("/etc/postgresql")
    )


# --- HTTP: a person registering ----------------------------------------------------------------


@dataclass
class Answer:
    email: str
    status: int  # 0: no answer at all (connection refused or reset)
    seconds: float  # the POST's time
    location: str = ""


def register(port: int, slug: str, email_address: str, ip: str, *, timeout=60) -> Answer:
    """GET the form (its CSRF cookie and token), then POST it, as a browser would."""
    path = f"/events/{slug}/register/"
    headers = {"X-Forwarded-For": ip}
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        page = response.read().decode()
        if response.status != 200:  # the form itself did not come: nothing to send
            conn.close()
            return Answer(email_address, response.status, 0.0)
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "name": "Person " + email_address.split("@")[0],
            "email": email_address,
            "language": "en",
            "consent": "on",
        }
        started = time.monotonic()
        conn.request(
            "POST",
            path,
            body=urlencode(form),
            headers={
                **headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie.group(1) if cookie else ''}",
            },
        )
        response = conn.getresponse()
        response.read()
        answer = Answer(
            email_address,
            response.status,
            time.monotonic() - started,
            response.getheader("Location") or "",
        )
        conn.close()
        return answer
    except (OSError, http.client.HTTPException):
        return Answer(email_address, 0, 0.0)


def _register_batch(args) -> list[Answer]:
    port, slug, people, start_at = args
    time.sleep(max(0.0, start_at - time.time()))
    with ThreadPoolExecutor(len(people)) as pool:
        return list(pool.map(lambda p: register(port, slug, p[0], p[1]), people))


def register_from_processes(port: int, slug: str, emails: list[str], processes: int = 4):
    """Everyone at once: `processes` client processes, each with a thread per person, released
    together."""
    people = [(address, f"198.51.{i // 250}.{i % 250 + 1}") for i, address in enumerate(emails)]
    batches = [people[i::processes] for i in range(processes)]
    start_at = time.time() + 3  # the processes start in time to go together
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_register_batch, [(port, slug, b, start_at) for b in batches])
    return [answer for batch in results for answer in batch]
