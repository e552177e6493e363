"""The fault tests' stack: a Redis, an SMTP sink, a Celery worker and a web server of their own,
on the test database (PostgreSQL). They stop and start these services, never the shared ones;
`make test` runs them in its serial stage after the main suite (marker `process`), and prints
their figures at the end of the run."""

import os
import shutil
from dataclasses import dataclass

import pytest

from coalition.celery import app
from tests.reliability import processes
from tests.reliability.helpers import FIGURES, use_broker
from tests.reliability.processes import SmtpSink, WebServer, Worker, django_env
from tests.support.servers import RedisServer, database_url

NEEDS = "needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL, as .ci/run sets) and redis-server"


def stack_available() -> bool:
    return (
        os.environ.get("DATABASE_URL", "").startswith("postgres")
        and bool(os.environ.get("REDIS_URL"))
        and shutil.which("redis-server") is not None
        and processes.Controller is not None
    )


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.process)
            if not stack_available():
                item.add_marker(pytest.mark.skip(reason=NEEDS))


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("fault tests: figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@dataclass
class Stack:
    redis: RedisServer
    smtp: SmtpSink
    worker: Worker
    web: WebServer


@pytest.fixture
def stack(transactional_db, tmp_path):
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    redis = RedisServer(tmp_path)
    redis.start()
    smtp = SmtpSink()
    smtp.start()
    env = django_env(database_url=database_url(), redis_url=redis.url, smtp_port=smtp.port)
    worker = Worker(env, tmp_path / "worker.log")
    worker.start()
    web = WebServer(env, tmp_path / "web.log")
    web.start()
    use_broker(redis.url)
    try:
        yield Stack(redis, smtp, worker, web)
    finally:
        web.stop()
        worker.stop()
        smtp.stop()
        redis.stop()
        use_broker(None)
        app.conf.update(saved)
        for name in ("web.log", "worker.log"):
            log = tmp_path / name
            if log.exists() and log.stat().st_size:
                print(
                    f"\n--- {name} (last lines) ---\n"
                    + "\n".join(log.read_text().splitlines()[-15:])
                )
