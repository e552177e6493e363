"""Registering, changing what one needs, cancelling, the waiting list, check-in and the end of
a registration's personal data."""

import datetime as dt
import time
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import sms, versions
from coalition.services import audit_log, task_publish
from events.models import Event, Feedback, Registration, new_manage_token
from events.services.emails import registration_email
from events.services.seats import (
    ACTIVE,
    SEAT_FIELDS,
    lock_event,
    registration_closed_reason,
    registration_window_open,
    seat_take,
    seats_left,
    seats_taken_add,
)

# A confirmation still to be queued this long after its registration lost the step after commit
# (the process died): `registration_confirmations_relay` queues it.
CONFIRMATION_RELAY_AFTER = dt.timedelta(minutes=1)
# Under load, one task queues the confirmations of a whole window of registrations in this
# process (`_confirmation_publish`): a publish to the broker is most of a registration's work
# after its commit.
CONFIRMATION_WINDOW = 1.0  # second
_window = {"ends_at": 0.0}


def _check_needs(*, event: Event, interpretation_language: str, children_count: int) -> None:
    errors = {}
    offered = {item.language for item in event.interpretation_languages}
    if interpretation_language and interpretation_language not in offered:
        errors["interpretation_language"] = _(
            "Interpretation into this language is not offered at this event."
        )
    if children_count and not event.childcare_offered:
        errors["children_count"] = _("Childcare is not offered at this event.")
    if errors:
        raise ValidationError(errors)


def _check_text_reminder(*, phone: str, text_reminder: bool) -> None:
    """A phone number given must be one a text can reach; a text reminder needs one."""
    errors = {}
    if phone.strip():
        try:
            sms.phone_e164(phone)
        except ValidationError as error:
            errors["phone"] = error.messages
    elif text_reminder:
        errors["text_reminder"] = _("Give a phone number above to get a text reminder.")
    if errors:
        raise ValidationError(errors)


class AlreadyRegistered(ValidationError):
    """The address holds an active registration for the event already."""

    def __init__(self, registration: Registration):
        super().__init__(
            {
                "email": _(
                    "This email address is already registered for this event. We have sent "
                    "it the link to see, change or cancel that registration."
                )
            },
            code="already_registered",
        )
        self.registration = registration


class _Duplicate(Exception):
    """The insert met the unique index on an active registration's address."""


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    language: str,
    phone: str = "",
    interpretation_language: str = "",
    children_count: int = 0,
    needs_transportation: bool = False,
    accessibility_needs: str = "",
    text_reminder: bool = False,
    user=None,
) -> Registration:
    """Register a person: confirmed while seats remain, then on the waiting list in order of
    arrival; refused while registration is not open (`registration_is_open`: not published,
    started, or full with the waiting list off). Raises AlreadyRegistered when the address has
    an active registration for the event (the caller may send it its link).

    Only the seat decision holds the event's lock: the row locked, the counter, the insert. The
    email is rendered and queued after commit by a worker, in a transaction of its own
    (`registration_confirmation_queue`); the insert marks it pending, so a process or task that
    dies in between leaves it to the relay, and never loses it."""
    email = email.strip().lower()
    # Checked before the lock, on the event as the page read it, so that the lock holds the
    # seat decision alone, and again under it on the locked row: whether the event takes
    # registrations. The address is checked once, by the partial unique index, on insert.
    _refuse_when_closed(event)
    _check_needs(
        event=event,
        interpretation_language=interpretation_language,
        children_count=children_count,
    )
    _check_text_reminder(phone=phone, text_reminder=text_reminder)
    now = timezone.now()
    registration = Registration(
        event=event,
        user=user if user is not None and user.is_authenticated else None,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        language=language,
        interpretation_language=interpretation_language,
        children_count=children_count,
        needs_transportation=needs_transportation,
        accessibility_needs=accessibility_needs.strip(),
        consented_at=now,
        text_reminder_consented_at=now if text_reminder else None,
        confirmation_pending=True,
    )
    # The event is the row about to be locked, and the status is decided under the lock.
    registration.full_clean(exclude=["manage_token", "event", "status"], validate_constraints=False)
    try:
        with versions.batched(), transaction.atomic():
            # Most often a seat is free: taken in one statement, which locks the row.
            taken = seat_take(event, now=now)
            if taken:
                registration.status = Registration.Status.CONFIRMED
            else:
                event = lock_event(event, fields=SEAT_FIELDS)
                # Read once, on the locked row: the rule and the decision read the same number.
                event.seats_left = seats_left(event)
                _refuse_when_closed(event)
                if event.seats_left is None or event.seats_left > 0:
                    registration.status = Registration.Status.CONFIRMED
                else:
                    registration.status = Registration.Status.WAITLISTED
            registration.event = event
            try:
                registration.save()
            except IntegrityError as error:
                raise _Duplicate from error
            if registration.status == Registration.Status.CONFIRMED and not taken:
                seats_taken_add(event, 1)
            pk = registration.pk
            # The email is rendered and queued by a worker, so the request ends at the commit.
            # Robust: the seat is committed whatever happens next; with the broker away (or
            # the task lost), the relay queues the email a minute later.
            transaction.on_commit(lambda: _confirmation_publish(pk), robust=True)
    except _Duplicate:
        # The partial unique index on the address is the check: no query before the insert
        # for the rare person who registers twice. Its transaction rolled back, the registration
        # already there is read for its link.
        existing = event.registrations.filter(email=email, status__in=ACTIVE).first()
        if existing is not None:
            raise AlreadyRegistered(existing) from None
        raise ValidationError(
            {"email": _("This email address is already registered for this event.")},
            code="already_registered",
        ) from None
    return registration


def _confirmation_publish(registration_id: int) -> None:
    """After a registration's commit: the first of each CONFIRMATION_WINDOW in this process
    hands its confirmation to a worker at once, with a drain of every pending one for the
    window's end; the registrations in between publish nothing, and the drain queues theirs:
    they committed before the window closed, so before the drain runs. Without a broker (eager:
    tests, development) each is queued at once, as there is no later drain."""
    eager = current_app.conf.task_always_eager
    now = time.time()
    if not eager and now < _window["ends_at"]:
        return
    task_publish("events.tasks.queue_registration_confirmation", registration_id)
    if not eager:
        _window["ends_at"] = now + CONFIRMATION_WINDOW
        drain = "events.tasks.drain_registration_confirmations"
        task_publish(drain, countdown=CONFIRMATION_WINDOW)


def _refuse_when_closed(event: Event) -> None:
    closed = registration_closed_reason(event)
    if closed:
        raise ValidationError(_("Registration for this event is closed."), code=closed)


def registration_confirmation_queue(*, registration_id: int) -> bool:
    """Queue the email a new registration is owed, once: "confirmed" or "waitlisted" as it
    stands now (a cancelled one is owed nothing: it was told of its cancellation). With the
    registration's row locked and its pending mark cleared in the same transaction, so two
    runners (the step after commit and the relay) never both queue it. Returns True if queued."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(pk=registration_id, confirmation_pending=True)
            .first()
        )
        if registration is None:
            return False
        Registration.objects.filter(pk=registration_id).update(confirmation_pending=False)
        if registration.status not in ACTIVE:
            return False
        registration_email(
            registration=registration,
            kind="confirmed"
            if registration.status == Registration.Status.CONFIRMED
            else "waitlisted",
            dedupe_key=f"registration:{registration.pk}:{registration.status}",
        )
    return True


def registration_confirmations_relay(
    *,
    now: dt.datetime | None = None,
    pending_for: dt.timedelta | None = CONFIRMATION_RELAY_AFTER,
    limit: int = 500,
) -> int:
    """Queue the confirmations pending for more than `pending_for`: by default those whose step
    after commit was lost (the process died between the commit and the email), run every
    minute by the beat; with None, every pending one, for a window's drain
    (`_confirmation_publish`). Returns how many were queued."""
    due = Registration.objects.filter(confirmation_pending=True).order_by("created_at")
    if pending_for is not None:
        due = due.filter(created_at__lt=(now or timezone.now()) - pending_for)
    ids = list(due.values_list("pk", flat=True)[:limit])
    return sum(registration_confirmation_queue(registration_id=pk) for pk in ids)


def registration_send_link(*, registration: Registration) -> None:
    """Email a registration its manage link again (at most once an hour: the address could be
    typed by anyone)."""
    hour = timezone.now().strftime("%Y%m%d%H")
    registration_email(
        registration=registration,
        kind="manage_link",
        dedupe_key=f"registration:{registration.pk}:link:{hour}",
    )


@transaction.atomic
def registration_update_needs(
    *,
    registration: Registration,
    interpretation_language: str,
    children_count: int,
    needs_transportation: bool,
    accessibility_needs: str,
) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is cancelled."), code="cancelled")
    if not registration_window_open(registration.event):
        # Organizers arrange interpreters, childcare and rides before the event, not during it.
        raise ValidationError(
            _("Needs can no longer be changed: the event has started."), code="started"
        )
    _check_needs(
        event=registration.event,
        interpretation_language=interpretation_language,
        children_count=children_count,
    )
    registration.interpretation_language = interpretation_language
    registration.children_count = children_count
    registration.needs_transportation = needs_transportation
    registration.accessibility_needs = accessibility_needs.strip()
    registration.full_clean(exclude=["manage_token"], validate_constraints=False)
    registration.save(
        update_fields=[
            "interpretation_language",
            "children_count",
            "needs_transportation",
            "accessibility_needs",
            "updated_at",
        ]
    )
    return registration


def waitlist_promote(*, event: Event) -> list[Registration]:
    """Give free seats to the waiting list in order of arrival, and tell each person: with the
    event row locked before seats are counted."""
    with transaction.atomic():
        return promote_waiting(lock_event(event))


def promote_waiting(event: Event) -> list[Registration]:
    """waitlist_promote for a caller that already holds the event's lock, in its transaction
    (a cancellation, a capacity raised by an organizer)."""
    if event.status != Event.Status.PUBLISHED or event.ends_at <= timezone.now():
        return []
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "created_at", "id"
    )
    if event.capacity is not None:
        free = max(event.capacity - event.seats_taken, 0)
        waiting = waiting[:free]
    promoted = list(waiting.select_related("event"))
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        registration_email(
            registration=registration,
            kind="promoted",
            dedupe_key=f"registration:{registration.pk}:promoted",
        )
    seats_taken_add(event, len(promoted))
    return promoted


def registration_cancel(*, registration: Registration, actor=None) -> Registration:
    """Cancel a registration; a seat it held goes to the first person waiting, in the same
    transaction."""
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration is already cancelled."), code="cancelled")
        held_a_seat = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        registration.event = event
        registration_email(
            registration=registration,
            kind="cancelled",
            dedupe_key=f"registration:{registration.pk}:cancelled",
            held_a_seat=held_a_seat,
        )
        if actor is not None and actor.is_authenticated and actor != registration.user:
            audit_log(actor=actor, action="registration.cancelled", target=registration)
        if held_a_seat:
            seats_taken_add(event, -1)
            promote_waiting(event)
    return registration


@transaction.atomic
def registration_check_in(
    *, actor, registration: Registration, undo: bool = False, ip: str | None = None
) -> Registration:
    """Mark a person as arrived (or not, to undo a wrong tap). Pressing twice changes nothing;
    each change is in the audit log, with who made it."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only people with a confirmed seat can be checked in."))
    action = None
    if undo:
        if registration.checked_in_at is not None:
            action = "registration.check_in_undone"
        registration.checked_in_at = None
    elif registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        action = "registration.checked_in"
    registration.save(update_fields=["checked_in_at", "updated_at"])
    if action is not None:
        audit_log(actor=actor, action=action, target=registration, ip=ip)
    return registration


def registrations_retention(*, now: dt.datetime | None = None) -> int:
    """Anonymize registrations of events that ended more than REGISTRATION_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    due = Registration.objects.filter(event__ends_at__lt=cutoff, anonymized_at__isnull=True)
    return registrations_anonymize(registrations=due.select_for_update())


@transaction.atomic
def registrations_anonymize(*, registrations: Iterable[Registration]) -> int:
    """Strip the personal data from registrations, keeping what the counts need.

    Status, the needs counted for the organizers (children, transportation, interpretation),
    the language and the check-in time stay, so attendance and needs totals do not change.
    The phone number goes with the consent to text it (whether a text was sent stays).
    The address is unique per row (the one-active-registration-per-email constraint).
    Returns how many were anonymized.
    """
    now = timezone.now()
    rows = list(registrations)
    for registration in rows:
        registration.name = ""
        registration.email = f"anonymized-{registration.pk}@invalid.example"
        registration.phone = ""
        registration.text_reminder_consented_at = None
        registration.accessibility_needs = ""
        registration.user = None
        registration.anonymized_at = now
        # Old manage links stop working: they led to a person who is no longer there.
        registration.manage_token = new_manage_token()
    Registration.objects.bulk_update(
        rows,
        [
            "name",
            "email",
            "phone",
            "text_reminder_consented_at",
            "accessibility_needs",
            "user",
            "anonymized_at",
            "manage_token",
        ],
    )
    # Their feedback keeps its scores, which count; its own words could tell who wrote them.
    Feedback.objects.filter(registration__in=[r.pk for r in rows]).update(next_steps="")
    return len(rows)
