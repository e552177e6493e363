"""Seats: the event row lock, counting, whether an event takes registrations, the waiting list.

Seats are decided with the event row locked (`select_for_update`): on PostgreSQL two
registrations for one event queue there, and on SQLite (IMMEDIATE transactions) writers queue
anyway, so the same code cannot overbook either.
"""

import datetime as dt

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Q
from django.utils import timezone

from coalition.http import TryAgainLater
from events.models import Event, Registration

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's error code when lock_timeout expires


class SeatsBusy(TryAgainLater):
    """The event's row stayed locked longer than EVENT_LOCK_TIMEOUT_MS: many people are
    registering at once. Nothing was written; the person may try again in a moment."""

    retry_after = 5
    template = "events/busy.html"


def lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends: one seat decision at a time.

    On PostgreSQL the wait is bounded (`SET LOCAL lock_timeout`, for this transaction only):
    past it, SeatsBusy, and the page asks the person to try again instead of holding a web
    worker for as long as the queue lasts."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(settings.EVENT_LOCK_TIMEOUT_MS)}")
    try:
        return Event.objects.select_for_update().get(pk=event.pk)
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise SeatsBusy from error
        raise


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def seats_left(event: Event) -> int | None:
    """Seats no confirmed registration holds (0 or less when full); None without a limit.

    Read from the `seats_left` the selectors annotate when the event carries it, else counted
    (as for a row just locked)."""
    if event.capacity is None:
        return None
    annotated = getattr(event, "seats_left", None)
    if annotated is not None:
        return annotated
    return event.capacity - confirmed_count(event)


def registration_window_open(event: Event, *, now: dt.datetime | None = None) -> bool:
    """Published and not started yet: while this holds, registrants may change what they need,
    and newcomers may register when there is room (`registration_is_open`)."""
    now = now or timezone.now()
    return event.status == Event.Status.PUBLISHED and event.starts_at > now


def registration_closed_reason(event: Event, *, now: dt.datetime | None = None) -> str | None:
    """Why the event takes no registration: "closed" (not published, or started) or "full"
    (no seat left and no waiting list); None while it takes them."""
    if not registration_window_open(event, now=now):
        return "closed"
    if not event.waitlist_enabled:
        left = seats_left(event)
        if left is not None and left <= 0:
            return "full"
    return None


def registration_is_open(event: Event, *, now: dt.datetime | None = None) -> bool:
    """Whether the event takes registrations: published, not started yet, and a seat left or a
    waiting list to join. The registration page asks this; `registration_create` enforces it
    with the event row locked."""
    return registration_closed_reason(event, now=now) is None


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list; None when not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1
