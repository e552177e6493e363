"""Registrations for tests, made the way people make them: through the services, which decide
whether a seat is confirmed or waiting (state through the actions, as Zulip's tests set it).

`confirmed`, `waitlisted` and `cancelled` say what the test needs and check that the services
agreed: a waiting place needs a full event, a cancelled one is cancelled by its registrant.
"""

import datetime as dt
import itertools

import time_machine
from django.utils import timezone

from events import services
from events.models import Registration

_numbers = itertools.count(1)


def register(event, *, name: str = "", email: str = "", language: str = "en", **fields):
    """`registration_create` with a name and address made up when not given. For an event that
    has started (or is over), as of the day before it started, when people could register."""
    number = next(_numbers)
    arguments = {
        "event": event,
        "name": name or f"Registrant {number}",
        "email": email or f"registrant-{number}@example.org",
        "language": language,
        **fields,
    }
    if event.starts_at > timezone.now():
        return services.registration_create(**arguments)
    with time_machine.travel(event.starts_at - dt.timedelta(days=1), tick=False):
        return services.registration_create(**arguments)


def _expect(registration: Registration, status: str) -> Registration:
    assert registration.status == status, f"the services made it {registration.status}"
    return registration


def confirmed(event, **fields) -> Registration:
    return _expect(register(event, **fields), Registration.Status.CONFIRMED)


def waitlisted(event, **fields) -> Registration:
    """On the waiting list: the event must be full already."""
    return _expect(register(event, **fields), Registration.Status.WAITLISTED)


def cancelled(event, **fields) -> Registration:
    """Registered, then cancelled by the registrant (a seat it held goes to the first waiting)."""
    registration = register(event, **fields)
    return services.registration_cancel(registration=registration)


def confirmed_batch(count: int, event, **fields) -> list[Registration]:
    return [confirmed(event, **fields) for _ in range(count)]


def waitlisted_batch(count: int, event, **fields) -> list[Registration]:
    return [waitlisted(event, **fields) for _ in range(count)]


def cancelled_batch(count: int, event, **fields) -> list[Registration]:
    return [cancelled(event, **fields) for _ in range(count)]
