"""Nothing lost, nothing doubled, with real services failing: a real web server (gunicorn), a
real Celery worker, a real Redis and a real SMTP server (aiosmtpd), on PostgreSQL. Each test's
figures are printed at the end of the run."""

import itertools
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import psycopg2
import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coalition.models import OutboxEmail
from coalition.services import email_queue, outbox_relay
from coalition.tasks import send_outbox_email
from events.models import Registration
from events.services import registration_confirmations_relay
from tests.factories import EventFactory
from tests.reliability.helpers import FIGURES, use_broker
from tests.reliability.processes import (
    PostgresCluster,
    SmtpSink,
    WebServer,
    django_env,
    postgres_cluster_available,
    register,
    register_from_processes,
)
from tests.support.servers import BASE_DIR, RedisServer, wait_for

pytestmark = pytest.mark.process


def _figures(title: str, **figures) -> None:
    line = f"[faults] {title}: " + ", ".join(f"{k}={v}" for k, v in figures.items())
    FIGURES.append(line)
    print("\n" + line)


def _times(answers) -> dict:
    seconds = sorted(a.seconds for a in answers)
    return {
        "p50_s": round(statistics.median(seconds), 3),
        "max_s": round(seconds[-1], 3),
    }


def _relay_until_sent(stack, timeout: float = 90) -> None:
    """What beat does every minute, until every message is sent (the worker restarted if a
    broker outage ended it)."""

    def all_sent():
        if stack.worker.process is not None and stack.worker.process.poll() is not None:
            stack.worker.start()
        later = timezone.now() + timedelta(minutes=3)
        registration_confirmations_relay(now=later)
        outbox_relay(now=later)
        return not (
            Registration.objects.filter(confirmation_pending=True).exists()
            or OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists()
        )

    wait_for(all_sent, timeout, interval=1.0, what="every email sent")


def _delivered_once(stack) -> tuple[int, int]:
    """(messages delivered exactly once, messages delivered more than once)."""
    ids = list(OutboxEmail.objects.values_list("message_id", flat=True))
    counts = Counter(d.message_id for d in stack.smtp.delivered)
    return sum(counts[i] == 1 for i in ids), sum(counts[i] > 1 for i in ids)


def test_two_hundred_people_for_fifty_seats_from_separate_processes(stack):
    event = EventFactory(capacity=50)
    emails = [f"person{i}@example.org" for i in range(200)]
    answers = register_from_processes(stack.web.port, event.slug, emails, processes=4)
    statuses = Counter(a.status for a in answers)
    rows = list(event.registrations.values_list("email", "status"))
    by_status = Counter(status for _email, status in rows)
    _relay_until_sent(stack)
    once, twice = _delivered_once(stack)
    _figures(
        "200 registrations, 50 seats",
        answers=dict(statuses),
        stored=len(rows),
        confirmed=by_status[Registration.Status.CONFIRMED],
        waiting=by_status[Registration.Status.WAITLISTED],
        emails_delivered_once=once,
        emails_doubled=twice,
        **_times(answers),
    )
    assert statuses == {302: 200}
    assert len(rows) == len({email for email, _status in rows}) == 200
    assert by_status[Registration.Status.CONFIRMED] == 50
    assert by_status[Registration.Status.WAITLISTED] == 150
    assert (once, twice) == (200, 0)


def test_a_burst_is_confirmed_by_the_worker_alone_without_the_relay(stack):
    """A web process hands the confirmations over once per window, not once per registration
    (events.services.registrations): the worker's drains confirm them all, promptly."""
    event = EventFactory(capacity=None)
    emails = [f"burst{i}@example.org" for i in range(60)]
    answers = register_from_processes(stack.web.port, event.slug, emails, processes=4)
    registered = time.monotonic()

    def all_delivered():
        return len(stack.smtp.delivered) >= len(emails)

    wait_for(all_delivered, 30, interval=0.2, what="every confirmation delivered")
    seconds = time.monotonic() - registered
    once, twice = _delivered_once(stack)
    _figures(
        "a burst of 60 registrations, no relay",
        answers=dict(Counter(a.status for a in answers)),
        delivered_in_s=round(seconds, 1),
        emails_delivered_once=once,
        emails_doubled=twice,
        **_times(answers),
    )
    assert [a.status for a in answers] == [302] * len(emails)
    assert not Registration.objects.filter(confirmation_pending=True).exists()
    assert sorted(to for [to] in OutboxEmail.objects.values_list("to", flat=True)) == sorted(emails)
    assert (once, twice) == (len(emails), 0)


def test_redis_stopped_during_registrations(stack):
    event = EventFactory(capacity=100)
    before = [
        register(stack.web.port, event.slug, f"early{i}@example.org", "203.0.113.1")
        for i in range(3)
    ]
    stack.redis.pause()  # first Redis hangs
    hanging = [
        register(stack.web.port, event.slug, f"hanging{i}@example.org", f"203.0.113.{i + 50}")
        for i in range(15)
    ]
    stack.redis.resume()
    stack.redis.stop()  # then it is down
    during = [
        register(stack.web.port, event.slug, f"during{i}@example.org", f"203.0.113.{i + 10}")
        for i in range(30)
    ]
    stored_during = event.registrations.filter(email__startswith="during").count()
    # Held: an email not sent yet, or a confirmation not yet rendered (its task could not be
    # queued while the broker was away; the relay queues it).
    waiting_in_outbox = (
        OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).count()
        + Registration.objects.filter(confirmation_pending=True).count()
    )
    stack.redis.start()
    use_broker(stack.redis.url)  # this process's publisher, like the web's, finds Redis again
    _relay_until_sent(stack)
    once, twice = _delivered_once(stack)
    _figures(
        "Redis hanging (SIGSTOP) during registrations",
        answers=dict(Counter(a.status for a in hanging)),
        stored=event.registrations.filter(email__startswith="hanging").count(),
        **_times(hanging),
    )
    _figures(
        "Redis stopped during registrations",
        answers=dict(Counter(a.status for a in during)),
        stored=stored_during,
        emails_held_in_outbox=waiting_in_outbox,
        emails_delivered_once=once,
        emails_doubled=twice,
        **_times(during),
    )
    assert [a.status for a in before + hanging + during] == [302] * 48
    assert event.registrations.filter(email__startswith="hanging").count() == 15
    assert stored_during == 30
    assert max(a.seconds for a in during) < 1
    # A hanging Redis costs the first request of each web process its short timeouts (cache
    # 0.25 s, broker 0.5 s); after that the process leaves Redis alone for a few seconds.
    assert max(a.seconds for a in hanging) < 1.5
    assert waiting_in_outbox >= 30
    assert (once, twice) == (48, 0)


def test_a_worker_killed_between_the_smtp_reply_and_the_commit_delivers_once(stack):
    stack.smtp.hold_quit.set()  # the server takes the message (250), then is slow to say bye
    with transaction.atomic():
        email = email_queue(to=["parent@example.org"], subject="You are registered", body="Hi")
    wait_for(lambda: stack.smtp.count(email.message_id) == 1, 60, what="the delivery")
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENDING  # the worker has not recorded it
    stack.worker.kill()
    stack.smtp.hold_quit.clear()
    stack.worker.start()
    # What could send it again: the broker handing the unacknowledged task over again, and the
    # periodic relay once the task's time limit has passed.
    send_outbox_email.delay(email.pk, 0)
    outbox_relay(now=timezone.now() + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120))
    # A message queued after the restart goes out as usual: the worker is at work.
    with transaction.atomic():
        later = email_queue(to=["other@example.org"], subject="Reminder", body="Tomorrow")
    wait_for(lambda: stack.smtp.count(later.message_id) == 1, 60, what="the next delivery")
    time.sleep(1)
    email.refresh_from_db()
    _figures(
        "worker kill -9 after the SMTP reply, before the commit",
        deliveries=stack.smtp.count(email.message_id),
        row=email.status,
    )
    assert stack.smtp.count(email.message_id) == 1
    assert email.status == OutboxEmail.Status.UNKNOWN  # for a lead to look at, never resent
    assert "may have been delivered" in email.last_error


def _advance(minutes: int = 1) -> None:
    """Move time forward for the outbox: every row's times a minute into the past, so the real
    worker's back-off and the relay meet them as they would a minute later."""
    delta = timedelta(minutes=minutes)
    OutboxEmail.objects.update(
        created_at=F("created_at") - delta,
        next_attempt_at=F("next_attempt_at") - delta,
        give_up_at=F("give_up_at") - delta,
    )


def _relay_and_wait() -> int:
    """One run of the relay, waiting until the worker has tried each message handed over."""
    now = timezone.now()
    due = dict(
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", "attempts")
    )
    outbox_relay(now=now)

    def tried():
        rows = OutboxEmail.objects.filter(pk__in=due).values_list("pk", "attempts", "status")
        return all(a > due[pk] or s == OutboxEmail.Status.SENT for pk, a, s in rows)

    wait_for(tried, 60, what="the worker's tries")
    return len(due)


def test_smtp_down_for_ten_minutes_then_every_email_delivered_once(stack):
    stack.smtp.stop()
    with transaction.atomic():
        emails = [
            email_queue(to=[f"parent{i}@example.org"], subject=f"Confirmed {i}", body="Hi")
            for i in range(10)
        ]
    wait_for(
        lambda: not OutboxEmail.objects.filter(attempts=0).exists(), 60, what="the first tries"
    )
    minute = 0
    while minute < 10:  # ten minutes without SMTP, the relay running every minute
        _advance()
        minute += 1
        _relay_and_wait()
    failed_during = OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED).count()
    tries_during = sorted(OutboxEmail.objects.values_list("attempts", flat=True))
    stack.smtp = SmtpSink(port=stack.smtp.port)  # the same server comes back
    stack.smtp.start()
    while OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists() and minute < 60:
        _advance()
        minute += 1
        _relay_and_wait()
    once, twice = _delivered_once(stack)
    _figures(
        "SMTP down for 10 simulated minutes",
        emails=len(emails),
        failed_during_outage=failed_during,
        tries_per_email_during_outage=dict(Counter(tries_during)),
        all_sent_after_minutes=minute,
        emails_delivered_once=once,
        emails_doubled=twice,
    )
    assert failed_during == 0
    # Tried at 0, 1, 3 and 7 minutes: one back-off, never the relay and a retry both.
    assert set(tries_during) == {4}
    assert (once, twice) == (10, 0)


@pytest.mark.skipif(
    not postgres_cluster_available(), reason="needs root and pg_createcluster for a private cluster"
)
def test_postgres_restarted_mid_burst_keeps_every_acknowledged_registration(tmp_path):
    cluster = PostgresCluster()
    redis = RedisServer(tmp_path)
    smtp = SmtpSink()
    web = None
    cluster.create()
    try:
        redis.start()
        smtp.start()
        env = django_env(database_url=cluster.url, redis_url=redis.url, smtp_port=smtp.port)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from tests.factories import EventFactory; "
                "EventFactory(slug='burst', capacity=1000)",
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
        web = WebServer(env, tmp_path / "web.log")
        web.start()
        restarting, restarted = threading.Event(), threading.Event()
        numbers = itertools.count()
        answers = []

        def person():
            """One visitor after another, until a few seconds after the restart."""
            while not restarted.is_set() or time.monotonic() < restarted.at + 3:
                i = next(numbers)
                answer = register(web.port, "burst", f"burst{i}@example.org", f"192.0.2.{i % 250}")
                answer.during_restart = restarting.is_set() and not restarted.is_set()
                answer.after_restart = restarted.is_set() and not answer.during_restart
                answers.append(answer)

        def restart_soon():
            time.sleep(3)
            restarting.set()
            cluster.restart()
            restarted.at = time.monotonic()
            restarted.set()

        threads = [threading.Thread(target=person) for _ in range(6)]
        threads.append(threading.Thread(target=restart_soon))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with psycopg2.connect(cluster.url) as db, db.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM events_registration WHERE confirmation_pending")
            left_to_the_relay = cursor.fetchone()[0]
        # No worker runs here, so every confirmation is still pending (as is one whose task was
        # lost when the database went away): the relay (every minute, for those pending over a
        # minute, 500 at a time) queues them.
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "import datetime as dt; from django.utils import timezone; "
                "from events.services import registration_confirmations_relay as relay; "
                "later = timezone.now() + dt.timedelta(minutes=2)\n"
                "while relay(now=later): pass",
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
        with psycopg2.connect(cluster.url) as db, db.cursor() as cursor:
            cursor.execute("SELECT email FROM events_registration")
            stored = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT count(*) FROM coalition_outboxemail")
            outbox = cursor.fetchone()[0]
        acknowledged = {a.email for a in answers if a.status == 302}
        statuses = Counter(a.status for a in answers)
        during = [a for a in answers if a.during_restart and a.status]
        after = Counter(a.status for a in answers if a.after_restart)
        _figures(
            "PostgreSQL restarted mid-burst",
            answers=dict(statuses),
            acknowledged=len(acknowledged),
            answers_after_restart=dict(after),
            stored=len(stored),
            acknowledged_but_missing=len(acknowledged - stored),
            outbox_rows=outbox,
            emails_left_to_the_relay=left_to_the_relay,
            **(
                {"max_s_during_restart": round(max(a.seconds for a in during), 3)} if during else {}
            ),
        )
        assert acknowledged <= stored
        # While the database is away a person is told to try again (503), never a bare 500.
        assert set(statuses) <= {302, 503}, statuses
        assert len(acknowledged) > 20
        assert after[302] > 0  # the web processes found the database again
        assert outbox == len(stored)  # each stored registration with its email, never one alone
    finally:
        if web is not None:
            web.stop()
        smtp.stop()
        redis.stop()
        cluster.drop()
