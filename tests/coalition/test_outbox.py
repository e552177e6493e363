"""The email outbox: recorded with the change, sent once after commit, retried, relayed, purged."""

import itertools
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from coalition.models import OutboxEmail
from coalition.services import (
    email_queue,
    outbox_purge,
    outbox_relay,
    outbox_send,
)
from coalition.tasks import purge_sent_outbox
from tests.factories import OutboxEmailFactory

NOON = datetime(2025, 3, 12, 16, 0, tzinfo=UTC)  # a Wednesday, noon in Boston
REMINDER = {
    "to": ["parent@example.org"],
    "subject": "Reminder: Family listening session in Springfield, Thursday 6 pm",
    "body": "Interpretation in Spanish and childcare are offered. We look forward to hearing you.",
}


class FailingBackend(BaseEmailBackend):
    """An SMTP server that hangs up."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    return settings


def test_queued_email_is_sent_after_commit_with_its_html_and_attachment(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(
            **REMINDER,
            html_body="<p>Interpretation in Spanish and childcare are offered.</p>",
            attachments=[("session.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    [message] = mail.outbox
    assert message.to == ["parent@example.org"]
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments[0][0] == "session.ics"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 1)


def test_the_same_dedupe_key_is_recorded_and_sent_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = email_queue(**REMINDER, dedupe_key="reminder:registration:41")
        second = email_queue(**REMINDER, dedupe_key="reminder:registration:41")
    assert first is not None
    assert second is None
    assert OutboxEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sending_the_same_message_twice_sends_it_once(db):
    email = OutboxEmailFactory()
    assert outbox_send(email_id=email.pk) is True
    assert outbox_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_an_smtp_failure_keeps_the_message_pending_and_a_later_try_sends_it(db, smtp_down):
    with time_machine.travel(NOON, tick=False):
        email = OutboxEmailFactory()
        assert outbox_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at == NOON + timedelta(minutes=1)
    assert mail.outbox == []

    smtp_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 2)
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_the_message_carries_the_message_id_recorded_before_sending(db):
    email = email_queue(**REMINDER)
    assert email.message_id.startswith("<") and email.message_id.endswith("@localhost>")
    outbox_send(email_id=email.pk)
    [message] = mail.outbox
    assert message.message()["Message-ID"] == email.message_id


def test_an_smtp_failure_after_commit_does_not_break_the_request(
    db, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(**REMINDER)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 1


def test_retries_back_off_for_a_day_before_the_message_is_left_for_a_person(db, smtp_down):
    """SMTP down for good: the relay tries at growing intervals (1, 2, 4 ... minutes, then every
    2 hours), and only a day after the message was written is it marked failed."""
    with time_machine.travel(NOON, tick=False):
        email = email_queue(**REMINDER)
    tries = []
    now = NOON
    while email.status == OutboxEmail.Status.PENDING and now < NOON + timedelta(days=2):
        # The relay runs every minute (beat); here straight to the minute the message is due.
        now = max(now + timedelta(minutes=1), email.next_attempt_at)
        with time_machine.travel(now, tick=False):
            assert outbox_relay(now=now - timedelta(minutes=1)) == 0  # not due a minute early
            assert outbox_relay() == 1
        tries.append(now)
        email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert email.attempts == len(tries)
    assert tries[-1] - NOON >= timedelta(hours=22)
    assert now - NOON >= timedelta(hours=22)
    gaps = [b - a for a, b in itertools.pairwise(tries)]
    assert gaps[:5] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert max(gaps) <= timedelta(hours=2, minutes=1)
    assert 15 <= len(tries) <= 25
    # Failed messages stay failed: no relay, no task.
    assert outbox_relay(now=now + timedelta(days=1)) == 0
    assert outbox_send(email_id=email.pk) is False
    assert mail.outbox == []


def test_a_stale_duplicate_task_does_not_send_or_count_a_try(db, smtp_down):
    email = OutboxEmailFactory()
    assert outbox_send(email_id=email.pk, attempt=0) is False  # fails: attempts becomes 1
    # The same task delivered twice by the broker: its attempt number is old, it does nothing.
    assert outbox_send(email_id=email.pk, attempt=0) is False
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_message_left_sending_by_a_dead_worker_is_not_sent_again(db, settings):
    """The worker was killed after the SMTP server took the message, before the commit: the row
    is still "sending". The relay marks it "unknown" and does not send it again."""
    with time_machine.travel(NOON, tick=False):
        email = OutboxEmailFactory(
            status=OutboxEmail.Status.SENDING, sending_started_at=NOON, attempts=0
        )
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    assert outbox_relay(now=NOON + limit) == 0  # still within a live task's time
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENDING
    assert outbox_relay(now=NOON + limit + timedelta(minutes=2)) == 0
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.UNKNOWN
    assert "may have been delivered" in email.last_error
    assert outbox_send(email_id=email.pk) is False
    assert mail.outbox == []


def test_relay_hands_over_only_pending_messages_that_are_due(db):
    with time_machine.travel(NOON, tick=False):
        stale = email_queue(**{**REMINDER, "to": ["stale@example.org"]})  # its task was lost
        OutboxEmailFactory(status=OutboxEmail.Status.SENT, to=["sent@example.org"])
        OutboxEmailFactory(status=OutboxEmail.Status.FAILED, to=["failed@example.org"])
        mail.outbox.clear()
    with time_machine.travel(NOON + timedelta(minutes=2, seconds=30), tick=False):
        fresh = email_queue(**{**REMINDER, "to": ["fresh@example.org"]})  # its task on the way
        assert outbox_relay() == 1
        assert outbox_relay() == 0  # handed over: not again before its task has had time
    assert [m.to for m in mail.outbox] == [["stale@example.org"]]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == OutboxEmail.Status.SENT
    assert fresh.status == OutboxEmail.Status.PENDING


def test_purge_deletes_only_sent_messages_older_than_the_retention(db, settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    old_sent = OutboxEmailFactory(status=OutboxEmail.Status.SENT, sent_at=NOON - timedelta(days=31))
    recent_sent = OutboxEmailFactory(
        status=OutboxEmail.Status.SENT, sent_at=NOON - timedelta(days=29)
    )
    with time_machine.travel(NOON - timedelta(days=40), tick=False):
        old_pending = OutboxEmailFactory()
        old_failed = OutboxEmailFactory(status=OutboxEmail.Status.FAILED)
    with time_machine.travel(NOON, tick=False):
        assert purge_sent_outbox() == 1
        assert outbox_purge(older_than_days=30) == 0
    remaining = set(OutboxEmail.objects.values_list("pk", flat=True))
    assert remaining == {recent_sent.pk, old_pending.pk, old_failed.pk}
    assert old_sent.pk not in remaining


@pytest.mark.django_db(transaction=True)
def test_email_written_in_a_transaction_that_rolls_back_is_never_sent():
    class Cancelled(Exception):
        pass

    with pytest.raises(Cancelled), transaction.atomic():
        email_queue(**REMINDER)
        raise Cancelled
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []

    # The same call, committed for real, does send: the check above can fail.
    with transaction.atomic():
        email_queue(**REMINDER)
    assert len(mail.outbox) == 1


def test_the_outbox_is_the_only_way_out():
    """No module but the outbox's sender opens a mail connection or sends a message; allauth's
    emails come through the adapter (coalition.adapters), which queues them."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sending = re.compile(
        r"\bsend_mail\(|send_mass_mail|mail_admins|mail_managers|\bget_connection\b|\.send\(\)"
    )
    offenders = []
    apps = [p for p in root.iterdir() if (p / "apps.py").exists() or (p / "settings").is_dir()]
    assert {p.name for p in apps} >= {"coalition", "events", "portal"}
    for path in (path for app in apps for path in app.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in relative:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if sending.search(line) and not line.lstrip().startswith(("def ", "#")):
                offenders.append(f"{relative}:{number}")
    assert [o for o in offenders if not o.startswith("coalition/services.py:")] == []
