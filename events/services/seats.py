"""Seats: the event row lock, the seat counter, whether an event takes registrations, the
waiting list.

Seats are decided with the event row locked (`select_for_update`): on PostgreSQL two
registrations for one event queue there, and on SQLite (IMMEDIATE transactions) writers queue
anyway, so the same code cannot overbook either. The confirmed registrations are counted on the
row itself (`Event.seats_taken`): every service that confirms, cancels or promotes changes it
with `seats_taken_add`, in the same transaction, on the locked row; anything that writes
registrations any other way (the admin, the demo loader) calls `seats_recount` after.
"""

import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from coalition import versions
from coalition.http import TryAgainLater
from events.models import Event, Registration

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's error code when lock_timeout expires


class SeatsBusy(TryAgainLater):
    """The event's row stayed locked longer than EVENT_LOCK_TIMEOUT_MS: many people are
    registering at once. Nothing was written; the person may try again in a moment."""

    retry_after = 5
    template = "events/busy.html"


# What deciding a seat reads of the locked row (`registration_closed_reason`, `seats_left`).
SEAT_FIELDS = ("status", "starts_at", "capacity", "seats_taken", "waitlist_enabled")


def _lock_timeout() -> str:
    """`SET LOCAL lock_timeout` (PostgreSQL, in a transaction): the wait for the event's row
    lock is bounded for this transaction only. Sent ahead of the statement that waits, in the
    same round trip."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        return f"SET LOCAL lock_timeout = {int(settings.EVENT_LOCK_TIMEOUT_MS)}; "
    return ""


@contextmanager
def _bounded_wait():
    """Past the lock timeout, SeatsBusy: the page asks the person to try again instead of
    holding a web worker for as long as the queue lasts."""
    try:
        yield
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise SeatsBusy from error
        raise


def lock_event(event: Event, *, fields: tuple[str, ...] | None = None) -> Event:
    """The event's row, locked until the transaction ends: one seat decision at a time; only
    `fields` of it read when given (the others are read when used)."""
    rows = Event.objects.select_for_update()
    if fields:
        rows = rows.only(*fields)
    with _bounded_wait():
        if timeout := _lock_timeout():
            with connection.cursor() as cursor:
                cursor.execute(timeout)
        return rows.get(pk=event.pk)


# `registration_closed_reason` and `seats_left` as one statement (see seat_take).
_SEAT_TAKE = (
    "UPDATE events_event SET seats_taken = seats_taken + 1 "
    "WHERE id = %s AND status = %s AND starts_at > %s "
    "AND (capacity IS NULL OR seats_taken < capacity)"
)


def seat_take(event: Event, *, now: dt.datetime | None = None) -> bool:
    """Take a seat in one statement, the row locked until the transaction ends, when the event
    takes registrations (published, not started) and has a seat left. False, with nothing
    changed or locked, otherwise: `lock_event` then tells why (full, closed, or a seat freed in
    between). Written out, not built by the ORM, and sent with the lock timeout in one round
    trip: it is the busiest statement of a registration."""
    when = connection.ops.adapt_datetimefield_value(now or timezone.now())
    with _bounded_wait(), connection.cursor() as cursor:
        cursor.execute(_lock_timeout() + _SEAT_TAKE, [event.pk, Event.Status.PUBLISHED, when])
        taken = cursor.rowcount
    if taken:
        versions.bump("events", f"event:{event.pk}")
    return bool(taken)


def seats_taken_add(event: Event, delta: int) -> None:
    """Add `delta` (negative to free seats) to the counter of an event whose row this
    transaction has locked (`lock_event`), and to the copy in hand."""
    if not delta:
        return
    Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + delta)
    event.seats_taken += delta
    if getattr(event, "seats_left", None) is not None:
        event.seats_left -= delta
    # update() sends no signal: the pages that show seats left are stale from now on.
    versions.bump("events", f"event:{event.pk}")


def seats_recount(*, event_ids: Iterable[int]) -> None:
    """Set the counter of each event to its confirmed registrations, counted, with each row
    locked: after registrations were written other than through these services (the admin, the
    demo loader, a bulk insert)."""
    event_ids = sorted(set(event_ids))  # locked in one order, so two recounts cannot deadlock
    if not event_ids:
        return
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    with transaction.atomic():
        list(Event.objects.select_for_update().filter(pk__in=event_ids).values_list("pk"))
        Event.objects.filter(pk__in=event_ids).update(seats_taken=Coalesce(Subquery(confirmed), 0))
    versions.bump("events", *(f"event:{pk}" for pk in event_ids))


def seats_miscounted() -> list[tuple[int, int, int]]:
    """Events whose counter differs from their confirmed registrations, counted: (id, counter,
    count). Empty when every service kept it right (`manage.py seats_check`)."""
    confirmed = Count(
        "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
    )
    rows = Event.objects.order_by("pk").annotate(n=confirmed).exclude(seats_taken=F("n"))
    return list(rows.values_list("pk", "seats_taken", "n"))


def seats_left(event: Event) -> int | None:
    """Seats no confirmed registration holds (0 or less when full); None without a limit.

    Read from the `seats_left` the selectors annotate when the event carries it, else from the
    row's counter (as for a row just locked)."""
    if event.capacity is None:
        return None
    annotated = getattr(event, "seats_left", None)
    if annotated is not None:
        return annotated
    return event.capacity - event.seats_taken


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
