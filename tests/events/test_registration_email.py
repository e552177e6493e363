"""A registration's first email (confirmed or waiting list) is rendered and queued after the
seat decision commits, in a transaction of its own: never inside the event's lock, never lost
when the process dies in between (the relay queues it), never sent twice."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from coalition.celery import app
from coalition.models import OutboxEmail
from events import services, tasks
from events.models import Registration
from events.services import registrations
from tests.factories import EventFactory
from tests.reliability.helpers import use_broker

pytestmark = pytest.mark.django_db

FORM = {"name": "Rosa Delgado", "email": "rosa@example.org", "language": "es", "consent": "on"}


def post(client, event, **data):
    return client.post(f"/events/{event.slug}/register/", {**FORM, **data})


def test_the_email_is_queued_after_the_seat_is_committed(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5)
    with django_capture_on_commit_callbacks() as after_commit:
        registration = services.registration_create(
            event=event, name="Rosa Delgado", email="rosa@example.org", language="es"
        )
    # The seat transaction wrote the seat and the mark, and no email.
    assert not OutboxEmail.objects.exists()
    assert Registration.objects.get(pk=registration.pk).confirmation_pending

    for callback in after_commit:
        callback()

    [email] = OutboxEmail.objects.all()
    assert email.dedupe_key == f"registration:{registration.pk}:confirmed"
    assert not Registration.objects.get(pk=registration.pk).confirmation_pending
    # A second runner (the relay, a retried step) finds nothing left to queue.
    assert services.registration_confirmation_queue(registration_id=registration.pk) is False
    assert OutboxEmail.objects.count() == 1


def test_the_email_is_sent_once_in_the_persons_language_with_the_calendar_file(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Sesión de escucha en Lynn", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event)
    assert response.status_code == 302

    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert message.subject == "Está inscrito/a: Sesión de escucha en Lynn"
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["summary"]) == "Sesión de escucha en Lynn"

    later = time_machine.travel(timezone.now() + dt.timedelta(minutes=5))
    with later, django_capture_on_commit_callbacks(execute=True):
        assert services.registration_confirmations_relay() == 0
    assert len(mail.outbox) == 1


def test_a_waiting_place_is_told_so_with_its_position(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=0)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, event, language="en")
    [message] = mail.outbox
    assert message.subject.startswith("You are on the waiting list")
    assert "number 1" in message.body


def test_an_email_whose_step_after_commit_was_lost_is_queued_by_the_relay_once(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Sesión de escucha en Lynn", capacity=5)
    # The process dies after the commit: the step after it never runs.
    with django_capture_on_commit_callbacks(execute=False):
        assert post(client, event).status_code == 302
    registration = Registration.objects.get()
    assert registration.confirmation_pending
    assert not OutboxEmail.objects.exists()

    registered = registration.created_at
    with time_machine.travel(registered + dt.timedelta(seconds=30), tick=False):
        # Too early: the step after commit may still be running.
        assert services.registration_confirmations_relay() == 0
    with time_machine.travel(registered + dt.timedelta(minutes=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.registration_confirmations_relay() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert services.registration_confirmations_relay() == 0

    [message] = mail.outbox
    assert message.subject == "Está inscrito/a: Sesión de escucha en Lynn"
    assert [name for name, _, _ in message.attachments] == ["event.ics"]
    assert not Registration.objects.get().confirmation_pending


def test_a_registration_cancelled_before_its_email_was_queued_gets_only_the_cancellation(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=5)
    with django_capture_on_commit_callbacks(execute=False):
        registration = services.registration_create(
            event=event, name="Rosa", email="rosa@example.org", language="en"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration)
    later = time_machine.travel(timezone.now() + dt.timedelta(minutes=2))
    with later, django_capture_on_commit_callbacks(execute=True):
        assert services.registration_confirmations_relay() == 0
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Registration cancelled"]


def test_the_relay_runs_every_minute():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "events.tasks.relay_registration_confirmations"
    ]
    assert entry["schedule"] == 60.0


def test_the_registration_post_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=500)
    for i in range(3):  # the count does not grow with the registrations already there
        services.registration_create(
            event=event, name=f"P{i}", email=f"p{i}@example.org", language="en"
        )
    # Before the lock (2): the event with its languages (the form and the check of the
    # interpreter asked for read the same), kept for the next post. The address is checked by
    # its unique index alone. The seat transaction (4): the seat taken in one statement that
    # locks the row (sent with PostgreSQL's SET LOCAL lock_timeout, in the same round trip), the
    # insert; here under the test's transaction, so in a savepoint.
    # After commit, the worker's task (10; run inline here): the registration locked, its mark
    # cleared, the outbox's get-or-create with their savepoints. The email sent (3): claim,
    # read, sent.
    counted = django_assert_num_queries(19)
    with counted, django_capture_on_commit_callbacks(execute=True):
        response = post(client, event, email="new@example.org")
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_a_failure_after_commit_keeps_the_seat_and_the_relay_sends_the_email_later(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    from events.services import registrations

    event = EventFactory(title="Sesión de escucha en Lynn", capacity=5)
    working = registrations.registration_email

    def broken(**kwargs):
        raise RuntimeError("the template could not be read")

    monkeypatch.setattr(registrations, "registration_email", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event)
    # The person is registered, and told so, whatever happened to the email after the commit.
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmation_pending
    assert not mail.outbox

    monkeypatch.setattr(registrations, "registration_email", working)
    later = time_machine.travel(registration.created_at + dt.timedelta(minutes=2))
    with later, django_capture_on_commit_callbacks(execute=True):
        assert services.registration_confirmations_relay() == 1
    [message] = mail.outbox
    assert message.subject == "Está inscrito/a: Sesión de escucha en Lynn"


@pytest.fixture
def broker():
    """Celery's publisher on an in-memory broker, its queue empty: tasks wait there instead of
    running inline, as they wait in Redis for a worker."""
    use_broker("memory://")
    with app.connection_for_write() as connection:
        connection.SimpleQueue(app.conf.task_default_queue).clear()
    registrations._window["ends_at"] = 0.0
    yield
    use_broker(None)


def waiting_tasks() -> list[tuple[str, list, bool]]:
    """The tasks in the broker's queue, taken out: (name, arguments, whether it runs later)."""
    found = []
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue)
        while queue.qsize():
            message = queue.get(block=False)
            args, _kwargs, _embed = message.decode()
            found.append((message.headers["task"], args, message.headers["eta"] is not None))
            message.ack()
    return found


def test_a_burst_of_registrations_publishes_once_per_window_and_the_drain_confirms_them_all(
    client, broker, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=100)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            assert post(client, event, email=f"person{i}@example.org").status_code == 302
    first, *others = Registration.objects.order_by("pk")

    # The first of the window is handed over at once, with a drain for the window's end; the
    # four after it publish nothing.
    assert waiting_tasks() == [
        ("events.tasks.queue_registration_confirmation", [first.pk], False),
        ("events.tasks.drain_registration_confirmations", [], True),
    ]
    assert Registration.objects.filter(confirmation_pending=True).count() == 5

    # The worker runs them in turn: each person is confirmed once.
    tasks.queue_registration_confirmation(first.pk)
    assert tasks.drain_registration_confirmations() == 4
    assert tasks.drain_registration_confirmations() == 0
    assert sorted(OutboxEmail.objects.values_list("dedupe_key", flat=True)) == sorted(
        f"registration:{registration.pk}:confirmed" for registration in [first, *others]
    )
    assert not Registration.objects.filter(confirmation_pending=True).exists()

    # Once the window is over, the next registration opens another.
    window_over = time_machine.travel(
        timezone.now() + dt.timedelta(seconds=registrations.CONFIRMATION_WINDOW)
    )
    with window_over, django_capture_on_commit_callbacks(execute=True):
        post(client, event, email="later@example.org")
    later = Registration.objects.get(email="later@example.org")
    assert [name for name, _args, _later in waiting_tasks()] == [
        "events.tasks.queue_registration_confirmation",
        "events.tasks.drain_registration_confirmations",
    ]
    assert later.confirmation_pending
