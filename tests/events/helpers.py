"""Registrations for tests, made the way people make them: through the services, which decide
whether a seat is confirmed or waiting (state through the actions, as Zulip's tests set it);
an organizer signed in, and the organizer's event form.

`confirmed`, `waitlisted` and `cancelled` say what the test needs and check that the services
agreed: a waiting place needs a full event, a cancelled one is cancelled by its registrant.
"""

import datetime as dt
import itertools

import time_machine
from django.utils import timezone

from events import services
from events.models import Event, Registration
from partners.models import Membership
from tests import factories

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


def signed_in_organizer(client, host):
    """A verified person on `host`'s staff, signed in to `client`: they organize its events."""
    user = factories.verified_user("organizer@example.org")
    factories.MembershipFactory(user=user, organization=host, role=Membership.Role.STAFF)
    client.force_login(user)
    return user


def event_form(**overrides):
    """What an organizer posts to create an event ten days from now, in person in Lynn, with
    childcare and interpretation; an override of None leaves that field out."""
    starts = timezone.localtime() + dt.timedelta(days=10)
    data = {
        "title_en": "Listening session in Lynn",
        "kind": Event.Kind.LISTENING_SESSION,
        "description_en": "Tell us about your schools.",
        "starts_at": starts.strftime("%Y-%m-%dT18:00"),
        "ends_at": starts.strftime("%Y-%m-%dT20:00"),
        "format": Event.Format.IN_PERSON,
        "venue": "Lynn Public Library",
        "address": "5 North Common St",
        "city": "Lynn",
        "capacity": "40",
        "waitlist_enabled": "on",
        "childcare_offered": "on",
        "spoken": ["en"],
        "interpreted": ["es", "pt"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def cancelled_batch(count: int, event, **fields) -> list[Registration]:
    return [cancelled(event, **fields) for _ in range(count)]
