"""Many people registering at the same moment, each request on its own connection: the event
row lock must keep the seats exact and the waiting list in order (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from events.models import Registration
from tests.events.helpers import confirmed
from tests.factories import EventFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL"
    ),
]


def _post_all(event, emails) -> list[int]:
    """POST one registration per email, all released together from separate threads."""
    start = threading.Barrier(len(emails))
    answers = [None] * len(emails)

    def register(i, email):
        client = Client(REMOTE_ADDR=f"10.0.{i // 250}.{i % 250}")
        try:
            start.wait()
            response = client.post(
                f"/events/{event.slug}/register/",
                {"name": f"Person {i}", "email": email, "language": "en", "consent": "on"},
            )
            answers[i] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i, e)) for i, e in enumerate(emails)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_fifty_people_at_once_for_twenty_seats(settings):
    # Fifty transactions in one Python process share one interpreter lock, so each waits for the
    # seat lock far longer than behind a real server (tests/reliability has 200 over HTTP with
    # the default): here the wait is unbounded, and this test is about the seats alone.
    settings.EVENT_LOCK_TIMEOUT_MS = 0
    event = EventFactory(capacity=20)
    answers = _post_all(event, [f"person{i}@example.org" for i in range(50)])
    assert answers == [302] * 50
    rows = list(event.registrations.order_by("created_at", "id"))
    assert len(rows) == 50
    assert len({row.email for row in rows}) == 50
    statuses = [row.status for row in rows]
    # Seats went to the first twenty to arrive; everyone after waits, in order of arrival.
    assert statuses == [Registration.Status.CONFIRMED] * 20 + [Registration.Status.WAITLISTED] * 30


def test_one_address_sent_many_times_at_once_holds_one_registration():
    event = EventFactory(capacity=20)
    # Five: the most one address may try in an hour.
    answers = _post_all(event, ["same@example.org"] * 5)
    assert sorted(answers) == [302] + [400] * 4
    assert event.registrations.count() == 1


def test_a_seat_lock_held_too_long_asks_the_person_to_try_again_with_their_form(settings):
    """Another transaction holds the event's row (here, a second connection): past
    EVENT_LOCK_TIMEOUT_MS the page answers 503 with Retry-After, says to try again, keeps what
    was typed, and stores nothing; once the lock is gone the same form goes through."""
    import psycopg2

    settings.EVENT_LOCK_TIMEOUT_MS = 300
    event = EventFactory(capacity=20)
    form = {
        "name": "Rosa Delgado",
        "email": "rosa@example.org",
        "phone": "413-555-0199",
        "language": "en",
        "consent": "on",
    }
    holder = psycopg2.connect(**connection.get_connection_params())
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM events_event WHERE id = %s FOR UPDATE", [event.pk])
        started = time.monotonic()
        response = Client().post(f"/events/{event.slug}/register/", form)
        took = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Many people are registering right now" in page
    assert 'value="Rosa Delgado"' in page
    assert 'value="rosa@example.org"' in page
    assert 'value="413-555-0199"' in page
    assert 0.3 <= took < 3
    assert not event.registrations.exists()

    response = Client().post(f"/events/{event.slug}/register/", form)
    assert response.status_code == 302
    assert event.registrations.get().email == "rosa@example.org"


def test_any_other_change_that_waits_too_long_for_the_lock_is_asked_to_try_again(settings):
    """Cancelling from the manage link while the event's row is held: 503 "try again", with
    Retry-After, and the registration is not cancelled."""
    import psycopg2

    settings.EVENT_LOCK_TIMEOUT_MS = 300
    event = EventFactory(capacity=20)
    registration = confirmed(event, name="Rosa Delgado", email="rosa@example.org")
    holder = psycopg2.connect(**connection.get_connection_params())
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM events_event WHERE id = %s FOR UPDATE", [event.pk])
        response = Client().post(f"/events/manage/{registration.manage_token}/cancel/")
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Please try again in a moment" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
