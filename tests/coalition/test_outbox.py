"""The email outbox: recorded with the change, sent once after commit, retried, relayed, purged."""

import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from coalition.models import OutboxEmail
from coalition.services import (
    OUTBOX_MAX_ATTEMPTS,
    email_queue,
    outbox_purge,
    outbox_relay,
    outbox_send,
)
from coalition.tasks import purge_sent_outbox

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


def _row(status=OutboxEmail.Status.PENDING, **fields):
    """A message recorded earlier, as the broker left it (nothing queued on commit)."""
    return OutboxEmail.objects.create(status=status, **{**REMINDER, **fields})


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
    email = _row()
    assert outbox_send(email_id=email.pk) is True
    assert outbox_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_an_smtp_failure_keeps_the_message_pending_and_a_later_try_sends_it(db, smtp_down):
    email = _row()
    with pytest.raises(smtplib.SMTPServerDisconnected):
        outbox_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert mail.outbox == []

    smtp_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 2)
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_an_smtp_failure_after_commit_does_not_break_the_request(
    db, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(**REMINDER)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts >= 1


def test_a_message_that_keeps_failing_is_left_for_a_person(db, smtp_down):
    email = _row(attempts=OUTBOX_MAX_ATTEMPTS - 1)
    with pytest.raises(smtplib.SMTPException):
        outbox_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert outbox_send(email_id=email.pk) is False  # no more tries, and no relay either
    assert outbox_relay(older_than=timedelta(0)) == 0


def test_relay_requeues_only_pending_messages_older_than_the_cutoff(db):
    with time_machine.travel(NOON, tick=False):
        stale = _row(to=["stale@example.org"])
        _row(status=OutboxEmail.Status.SENT, to=["sent@example.org"])
        _row(status=OutboxEmail.Status.FAILED, to=["failed@example.org"])
    with time_machine.travel(NOON + timedelta(minutes=4), tick=False):
        fresh = _row(to=["fresh@example.org"])
        # Three minutes before "now": the stale one is older, the fresh one (just written,
        # its task surely still on the way) is not.
        assert outbox_relay(older_than=timedelta(minutes=3)) == 1
    assert [m.to for m in mail.outbox] == [["stale@example.org"]]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == OutboxEmail.Status.SENT
    assert fresh.status == OutboxEmail.Status.PENDING


def test_purge_deletes_only_sent_messages_older_than_the_retention(db, settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    old_sent = _row(status=OutboxEmail.Status.SENT, sent_at=NOON - timedelta(days=31))
    recent_sent = _row(status=OutboxEmail.Status.SENT, sent_at=NOON - timedelta(days=29))
    with time_machine.travel(NOON - timedelta(days=40), tick=False):
        old_pending = _row()
        old_failed = _row(status=OutboxEmail.Status.FAILED)
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
