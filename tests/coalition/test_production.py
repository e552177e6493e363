"""One production entry point: which settings each entry point loads, what production refuses
to start without, /healthz, HEAD, and `make run`'s links."""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from django.test import override_settings

from coalition.models import OutboxEmail
from tests import factories
from tests.support.servers import BASE_DIR, RedisServer

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7" * 32 + "-a-long-random-production-key",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DATABASE_URL": "postgres://coalition@127.0.0.1:5432/coalition",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _python(code, env, module=None):
    """Run `code` in a fresh interpreter with only `env` (and PATH) set, as an operator's shell
    would: no DJANGO_* variable leaks in from the test run."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    if module:
        clean["DJANGO_SETTINGS_MODULE"] = module
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Which settings each entry point loads ---------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "import coalition.wsgi",
        "from coalition.celery import app; app.loader.import_default_modules()",
        "import coalition, django; django.setup()",
    ],
    ids=["wsgi", "celery", "package"],
)
def test_every_entry_point_defaults_to_production_settings(code):
    # Without the production variables, production refuses to start: the proof that it was
    # production (not local, with DEBUG on) that the entry point loaded.
    result = _python(code, {})
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr
    # With them, the settings loaded are production's.
    result = _python(
        code + "; from django.conf import settings; import os;"
        "print(os.environ['DJANGO_SETTINGS_MODULE'], settings.DEBUG)",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["coalition.settings.production", "False"]


def test_manage_py_keeps_local_settings_for_development():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; print('settings:', s.SETTINGS_MODULE, s.DEBUG)",
        ],
        cwd=BASE_DIR,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "settings: coalition.settings.local True" in result.stdout, result.stderr


@pytest.mark.parametrize("missing", list(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_required_variable(missing):
    for value in (None, ""):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        if value is not None:
            env[missing] = value
        result = _python("import django; django.setup()", env, "coalition.settings.production")
        assert result.returncode != 0
        last_line = result.stderr.strip().splitlines()[-1]
        assert last_line.startswith(
            f"django.core.exceptions.ImproperlyConfigured: {missing} is not set: "
        ), result.stderr


def test_production_starts_with_every_required_variable():
    result = _python(
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DEBUG, settings.SITE_URL, settings.CACHES['default']['BACKEND'])",
        PRODUCTION_ENV,
        "coalition.settings.production",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "https://portal.example.org",
        # Redis, with this process's memory while Redis is unreachable (coalition/cache.py).
        "coalition.cache.FallbackRedisCache",
    ]


def test_production_logs_one_json_object_per_line_to_stdout():
    result = _python(
        "import django, logging; django.setup();"
        "logging.getLogger('coalition.test').warning('seat %s taken', 7)",
        PRODUCTION_ENV,
        "coalition.settings.production",
    )
    import json

    (line,) = result.stdout.splitlines()
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "coalition.test"
    assert entry["message"] == "seat 7 taken"
    assert entry["time"].endswith("+00:00")


# --- /healthz ------------------------------------------------------------------------------------


def test_healthz_reports_database_redis_and_the_oldest_unsent_email(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "up",
        "redis": "not configured",
        "oldest_unsent_email_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]

    factories.OutboxEmailFactory(status=OutboxEmail.Status.SENT)
    pending = factories.OutboxEmailFactory()
    OutboxEmail.objects.filter(pk=pending.pk).update(
        created_at=pending.created_at - dt.timedelta(minutes=7)
    )
    report = client.get("/healthz").json()
    assert 420 <= report["oldest_unsent_email_seconds"] < 430


def test_head_answers_wherever_get_does(client, db):
    event = factories.EventFactory()
    for url in ["/", "/healthz", "/events/", event.get_absolute_url(), "/accounts/login/"]:
        head = client.head(url)
        assert head.status_code == client.get(url).status_code == 200, url
        assert head.content == b""


def test_no_view_allows_get_without_head():
    # require_GET (GET only) answers HEAD with 405; require_safe allows both.
    offenders = []
    for path in BASE_DIR.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"\brequire_GET\b", text):
            offenders.append(str(path))
        for methods in re.findall(r"require_http_methods\(\[([^\]]*)\]\)", text):
            if '"GET"' in methods and '"HEAD"' not in methods:
                offenders.append(f"{path}: {methods}")
    assert offenders == []


@pytest.fixture
def private_redis():
    """A redis-server of this test's own, that the test may stop or freeze (never the shared
    one)."""
    if not RedisServer.available():
        pytest.skip("needs redis-server on PATH")
    redis = RedisServer()
    redis.start()
    yield redis
    redis.stop()


def test_healthz_answers_503_quickly_when_redis_stops_or_hangs(client, db, private_redis):
    with override_settings(REDIS_URL=private_redis.url):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["redis"] == "up"

        private_redis.pause()  # hung: connections open, nothing answers
        started = time.monotonic()
        response = client.get("/healthz")
        hung_seconds = time.monotonic() - started
        assert response.status_code == 503
        assert response.json() | {"oldest_unsent_email_seconds": None} == {
            "status": "unavailable",
            "database": "up",
            "redis": "down",
            "oldest_unsent_email_seconds": None,
        }
        assert hung_seconds < 3  # 0.5 s socket timeouts, and a loaded CI machine

        private_redis.stop()  # stopped: nothing listens
        started = time.monotonic()
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["redis"] == "down"
        assert time.monotonic() - started < 3


# --- make run ------------------------------------------------------------------------------------


def test_make_run_points_emailed_links_at_the_port_it_serves():
    if not shutil.which("make"):
        pytest.skip("needs make")

    def dry_run(**env):
        clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
        result = subprocess.run(
            ["make", "--dry-run", "--always-make", "-o", ".venv/.installed", "run"],
            cwd=BASE_DIR,
            env={**clean, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        return [line for line in result.stdout.splitlines() if "manage.py runserver" in line]

    assert dry_run(PORT="8080") == [
        "SITE_URL=http://127.0.0.1:8080 .venv/bin/python manage.py runserver 127.0.0.1:8080"
    ]
    # A SITE_URL set on purpose (a tunnel, say) is kept.
    assert dry_run(PORT="8080", SITE_URL="https://demo.example.org") == [
        "SITE_URL=https://demo.example.org .venv/bin/python manage.py runserver 127.0.0.1:8080"
    ]
