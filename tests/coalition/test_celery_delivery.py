"""Email goes through the outbox and Celery, and a broker outage loses nothing."""

import os
import subprocess
import sys
import time
import uuid

import kombu.pools
import pytest
from django.core import mail
from django.db import transaction
from django.http import QueryDict

from coalition import services
from coalition.celery import app
from coalition.models import Job, OutboxEmail
from coalition.services import email_queue, outbox_relay
from dashboards.services import export_start
from tests.factories import UserFactory
from tests.support.servers import BASE_DIR, database_url

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def broker(request):
    """Point Celery's publisher at a broker (instead of running tasks inline)."""
    saved = {
        key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")
    }

    def use(url, queue="celery"):
        app.conf.update(task_always_eager=False, broker_url=url, task_default_queue=queue)
        _drop_connections()

    yield use
    app.conf.update(saved)
    _drop_connections()


def _drop_connections():
    # The publisher leaves a broker that failed alone for a few seconds; a new one is tried now.
    services._broker["resting_until"] = 0.0
    # Celery keeps its broker connections in pools made from the first broker_url it saw.
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()  # kombu's shared producer pools still hold the closed connections


@pytest.mark.django_db(transaction=True)
def test_broker_outage_delays_email_and_loses_none(broker):
    broker("redis://127.0.0.1:1/0")  # nothing listens: the broker is down
    with transaction.atomic():
        email_queue(to=["parent@example.org"], subject="You are registered", body="See you there.")
    email = OutboxEmail.objects.get()
    assert email.status == OutboxEmail.Status.PENDING
    assert mail.outbox == []

    # The broker is back: the periodic relay hands the message over, and it is sent once.
    app.conf.task_always_eager = True
    assert outbox_relay() == 1
    assert outbox_relay() == 0
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["parent@example.org"]]


@pytest.mark.skipif(
    not REDIS_URL or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL), as in CI",
)
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_email_and_prepares_an_export_through_redis(broker, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:12]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coalition",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coalition.settings.local",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": database_url(),
            "REDIS_URL": REDIS_URL,
            "EMAIL_URL": f"filemail:///{tmp_path}",
        },
    )
    try:
        broker(REDIS_URL, queue=queue)
        with transaction.atomic():
            email = email_queue(to=["lead@example.org"], subject="Weekly digest", body="Hello")
        lead = UserFactory(email="lead@example.org", is_coalition_lead=True)
        with transaction.atomic():
            job = export_start(user=lead, name="organizations-by-sector", params=QueryDict(""))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            email.refresh_from_db()
            job.refresh_from_db()
            if email.status == OutboxEmail.Status.SENT and not job.is_active:
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert email.status == OutboxEmail.Status.SENT
    written = "".join(p.read_text() for p in tmp_path.iterdir())
    assert "Subject: Weekly digest" in written
    assert "To: lead@example.org" in written
    assert job.status == Job.Status.SUCCEEDED
    as_of, *lines = job.output.splitlines()  # when the snapshot it read was computed
    assert as_of.startswith("Figures as of ")
    assert lines == ["Sector,Organizations,Source,As of,Example"]
