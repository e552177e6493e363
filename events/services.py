"""Writes to events and registrations.

Seats are decided with the event row locked (`select_for_update`): on PostgreSQL two
registrations for one event queue there, and on SQLite (IMMEDIATE transactions) writers queue
anyway, so the same code cannot overbook either. Every email is recorded in the outbox in the
same transaction as the change that causes it.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition.services import audit_log, email_queue
from events.calendar import event_ics
from events.models import (
    Audience,
    Event,
    EventLanguage,
    LocationSuggestion,
    Registration,
    SessionReport,
    Theme,
    new_manage_token,
)

# -- registration, capacity and waiting list, emails --


ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


def manage_url(registration: Registration) -> str:
    """The private link to see, change or cancel a registration (absolute, for emails)."""
    return settings.SITE_URL + reverse("events:manage", kwargs={"token": registration.manage_token})


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


def registration_email(*, registration: Registration, kind: str, dedupe_key: str | None = None):
    """Queue one of the emails about a registration, in the registrant's language, with the
    event's calendar file. `kind` names templates/events/email/<kind>_subject.txt/_message.txt."""
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "manage_url": manage_url(registration),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "events_url": settings.SITE_URL + reverse("events:list"),
        "position": waitlist_position(registration),
        "online_url": event.online_url
        if registration.status == Registration.Status.CONFIRMED
        and event.format != Event.Format.IN_PERSON
        else "",
    }
    with translation.override(registration.language):
        subject = render_to_string(f"events/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"events/email/{kind}_message.txt", context)
    return email_queue(
        to=[registration.email],
        subject=subject,
        body=body,
        attachments=[
            ("event.ics", event_ics(event=event, registration=registration), "text/calendar")
        ],
        dedupe_key=dedupe_key,
    )


def _locked(event: Event) -> Event:
    """The event's row, locked until the transaction ends: one seat decision at a time."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _has_seat(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def registration_is_open(event: Event, *, now: dt.datetime | None = None) -> bool:
    """Published and not started yet. Full events stay open while the waiting list is."""
    now = now or timezone.now()
    return event.status == Event.Status.PUBLISHED and event.starts_at > now


def _check_needs(*, event: Event, interpretation_language: str, children_count: int) -> None:
    errors = {}
    offered = set(event.languages.filter(interpretation=True).values_list("language", flat=True))
    if interpretation_language and interpretation_language not in offered:
        errors["interpretation_language"] = _(
            "Interpretation into this language is not offered at this event."
        )
    if children_count and not event.childcare_offered:
        errors["children_count"] = _("Childcare is not offered at this event.")
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
    user=None,
) -> Registration:
    """Register a person: confirmed while seats remain, then on the waiting list in order of
    arrival, refused when full and the waiting list is off. Raises AlreadyRegistered when the
    address has an active registration for the event (the caller may send it its link)."""
    email = email.strip().lower()
    with transaction.atomic():
        event = _locked(event)
        if not registration_is_open(event):
            raise ValidationError(_("Registration for this event is closed."), code="closed")
        existing = event.registrations.filter(email=email, status__in=ACTIVE).first()
        if existing is not None:
            raise AlreadyRegistered(existing)
        _check_needs(
            event=event,
            interpretation_language=interpretation_language,
            children_count=children_count,
        )
        if _has_seat(event):
            status = Registration.Status.CONFIRMED
        elif event.waitlist_enabled:
            status = Registration.Status.WAITLISTED
        else:
            raise ValidationError(_("This event is full and has no waiting list."), code="full")
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
            consented_at=timezone.now(),
            status=status,
        )
        registration.full_clean(exclude=["manage_token"], validate_constraints=False)
        try:
            # The partial unique index is the last word if two requests raced past the check
            # (they cannot while the event row is locked, but the index costs nothing).
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise ValidationError(
                {"email": _("This email address is already registered for this event.")},
                code="already_registered",
            ) from None
        registration_email(
            registration=registration,
            kind="confirmed" if status == Registration.Status.CONFIRMED else "waitlisted",
            dedupe_key=f"registration:{registration.pk}:{status}",
        )
    return registration


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
    """Give free seats to the waiting list in order of arrival, and tell each person.

    Runs in the caller's transaction when there is one (a cancellation, a capacity raised by
    an organizer), with the event row locked before seats are counted."""
    with transaction.atomic():
        event = _locked(event)
        if event.status != Event.Status.PUBLISHED or event.ends_at <= timezone.now():
            return []
        waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
            "created_at", "id"
        )
        if event.capacity is not None:
            free = max(event.capacity - _confirmed_count(event), 0)
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
    return promoted


def registration_cancel(*, registration: Registration, actor=None) -> Registration:
    """Cancel a registration; a seat it held goes to the first person waiting, in the same
    transaction."""
    with transaction.atomic():
        event = _locked(registration.event)
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
        )
        if actor is not None and actor.is_authenticated and actor != registration.user:
            audit_log(actor=actor, action="registration.cancelled", target=registration)
        if held_a_seat:
            waitlist_promote(event=event)
    return registration


def registrations_notify(*, event: Event, change: str) -> int:
    """Tell everyone registered (confirmed or waiting) that the event changed or is cancelled,
    each with the updated calendar file. `change` is "changed" or "cancelled". Returns how many
    emails were queued; calling it twice for one version of the event queues nothing more."""
    if change not in {"changed", "cancelled"}:
        raise ValueError(change)
    event = Event.objects.get(pk=event.pk)
    version = int(event.updated_at.timestamp() * 1000)
    queued = 0
    for registration in event.registrations.filter(status__in=ACTIVE).select_related("event"):
        email = registration_email(
            registration=registration,
            kind=f"event_{change}",
            dedupe_key=f"registration:{registration.pk}:event-{change}:{version}",
        )
        queued += email is not None
    return queued


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders that are due: for each confirmed registration, the reminder of the
    nearest `reminder_hours` mark already reached, if the person registered before that mark
    (a confirmation just sent needs no reminder). Run every few minutes by the beat; the
    dedupe key makes each reminder go once. Returns how many were queued."""
    now = now or timezone.now()
    longest = max(
        (
            max(hours, default=0)
            for hours in Event.objects.filter(
                status=Event.Status.PUBLISHED, starts_at__gt=now
            ).values_list("reminder_hours", flat=True)
        ),
        default=0,
    )
    if not longest:
        return 0
    registrations = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + dt.timedelta(hours=longest),
    ).select_related("event")
    queued = 0
    for registration in registrations:
        starts = registration.event.starts_at
        reached = [
            hours
            for hours in registration.event.reminder_hours or []
            if starts - dt.timedelta(hours=hours) <= now
            and registration.created_at < starts - dt.timedelta(hours=hours)
        ]
        if not reached:
            continue
        email = registration_email(
            registration=registration,
            kind="reminder",
            dedupe_key=f"registration:{registration.pk}:reminder:{min(reached)}",
        )
        queued += email is not None
    return queued


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
    The address is unique per row (the one-active-registration-per-email constraint).
    Returns how many were anonymized.
    """
    now = timezone.now()
    rows = list(registrations)
    for registration in rows:
        registration.name = ""
        registration.email = f"anonymized-{registration.pk}@invalid.example"
        registration.phone = ""
        registration.accessibility_needs = ""
        registration.user = None
        registration.anonymized_at = now
        # Old manage links stop working: they led to a person who is no longer there.
        registration.manage_token = new_manage_token()
    Registration.objects.bulk_update(
        rows,
        ["name", "email", "phone", "accessibility_needs", "user", "anonymized_at", "manage_token"],
    )
    return len(rows)


# -- organizers: events, check-in, messages, where next, what we heard --

# What registrants are told about when it changes.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "format", "venue", "address", "city", "online_url")


def _unique_slug(title: str, starts_at: dt.datetime) -> str:
    base = slugify(f"{title} {timezone.localtime(starts_at):%Y-%m-%d}")[:180] or "event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _set_languages(event: Event, *, spoken: Iterable[str], interpreted: Iterable[str]) -> None:
    spoken = list(dict.fromkeys(spoken))
    interpreted = [code for code in dict.fromkeys(interpreted) if code not in spoken]
    event.languages.all().delete()
    EventLanguage.objects.bulk_create(
        [EventLanguage(event=event, language=code, interpretation=False) for code in spoken]
        + [EventLanguage(event=event, language=code, interpretation=True) for code in interpreted]
    )


@transaction.atomic
def event_create(
    *,
    actor,
    fields: dict,
    hosts: Iterable,
    spoken: Iterable[str] = (),
    interpreted: Iterable[str] = (),
    ip: str | None = None,
) -> Event:
    """A new event, as a draft: nobody sees it until an organizer publishes it."""
    hosts = list(hosts)
    if not hosts:
        raise ValidationError({"hosts": _("Choose at least one host organization.")})
    event = Event(**fields, status=Event.Status.DRAFT, created_by=actor)
    event.slug = _unique_slug(event.title, event.starts_at)
    event.full_clean()
    event.save()
    event.hosts.set(hosts)
    _set_languages(event, spoken=spoken, interpreted=interpreted)
    audit_log(actor=actor, action="event.created", target=event, ip=ip)
    return event


def event_update(
    *,
    actor,
    event: Event,
    fields: dict,
    hosts: Iterable | None = None,
    spoken: Iterable[str] | None = None,
    interpreted: Iterable[str] | None = None,
    ip: str | None = None,
) -> Event:
    """Change an event. Registrants of a published event hear of a new time, place or link;
    a larger capacity goes to the waiting list at once; a capacity below the seats already
    confirmed is refused (nobody loses a confirmed seat)."""
    with transaction.atomic():
        event = _locked(event)
        before = {name: getattr(event, name) for name in (*NOTIFIED_FIELDS, "capacity")}
        for name, value in fields.items():
            setattr(event, name, value)
        confirmed = _confirmed_count(event)
        if event.capacity is not None and event.capacity < confirmed:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people hold confirmed seats: the capacity cannot be lower."
                    )
                    % {"count": confirmed}
                }
            )
        event.full_clean()
        event.save()
        if hosts is not None:
            hosts = list(hosts)
            if not hosts:
                raise ValidationError({"hosts": _("Choose at least one host organization.")})
            event.hosts.set(hosts)
        if spoken is not None and interpreted is not None:
            _set_languages(event, spoken=spoken, interpreted=interpreted)
        changed = sorted(name for name in NOTIFIED_FIELDS if getattr(event, name) != before[name])
        audit_log(
            actor=actor,
            action="event.updated",
            target=event,
            data={"changed": changed, "capacity": [before["capacity"], event.capacity]}
            if before["capacity"] != event.capacity
            else {"changed": changed},
            ip=ip,
        )
        if event.status == Event.Status.PUBLISHED:
            if changed:
                registrations_notify(event=event, change="changed")
            waitlist_promote(event=event)
    return event


@transaction.atomic
def event_publish(*, actor, event: Event, ip: str | None = None) -> Event:
    event = _locked(event)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if event.ends_at <= timezone.now():
        raise ValidationError(_("This event is over: change its date before publishing it."))
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="event.published", target=event, ip=ip)
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str = "", ip: str | None = None) -> int:
    """Cancel an event and tell everyone registered. Returns how many were told."""
    event = _locked(event)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event is already cancelled."))
    was_published = event.status == Event.Status.PUBLISHED
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="event.cancelled", target=event, data={"reason": reason}, ip=ip)
    return registrations_notify(event=event, change="cancelled") if was_published else 0


@transaction.atomic
def registration_check_in(*, actor, registration: Registration, undo: bool = False) -> Registration:
    """Mark a person as arrived (or not, to undo a wrong tap). Pressing twice changes nothing."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only people with a confirmed seat can be checked in."))
    if undo:
        registration.checked_in_at = None
    elif registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


def roster_export_logged(*, actor, event: Event, rows: int, ip: str | None = None) -> None:
    """Who took a copy of the people registered, and how many rows."""
    audit_log(actor=actor, action="roster.exported", target=event, data={"rows": rows}, ip=ip)


@transaction.atomic
def registrants_message(
    *, actor, event: Event, subject: str, body: str, audience: str, ip: str | None = None
) -> int:
    """One email to each registrant in the audience, recorded in the outbox. Returns how many."""
    statuses = {
        Audience.CONFIRMED: [Registration.Status.CONFIRMED],
        Audience.WAITLISTED: [Registration.Status.WAITLISTED],
        Audience.ALL: list(ACTIVE),
    }[audience]
    recipients = list(event.registrations.filter(status__in=statuses).order_by("id"))
    entry = audit_log(
        actor=actor,
        action="registrants.messaged",
        target=event,
        data={"subject": subject, "audience": audience, "recipients": len(recipients)},
        ip=ip,
    )
    for registration in recipients:
        with translation.override(registration.language):
            footer = render_to_string(
                "events/email/_manage.txt", {"manage_url": manage_url(registration)}
            )
        email_queue(
            to=[registration.email],
            subject=subject,
            body=f"{body.strip()}\n\n-- \n{event.title}\n{footer}",
            dedupe_key=f"message:{entry.pk}:{registration.pk}",
        )
    return len(recipients)


# Where next


def suggestion_create(*, data: dict, language: str, user=None) -> LocationSuggestion:
    suggestion = LocationSuggestion(
        **data,
        language=language,
        submitted_by=user if user is not None and user.is_authenticated else None,
    )
    suggestion.full_clean()
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_review(
    *, actor, suggestion: LocationSuggestion, status: str, event: Event | None, ip=None
) -> LocationSuggestion:
    if status == LocationSuggestion.Status.SCHEDULED and event is None:
        raise ValidationError({"event": _("Choose the event this suggestion became.")})
    before = suggestion.status
    suggestion.status = status
    suggestion.event = event
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "event"])
    audit_log(
        actor=actor,
        action="suggestion.reviewed",
        target=suggestion,
        data={"status": [before, status], "event": event.pk if event else None},
        ip=ip,
    )
    return suggestion


# What we heard


@transaction.atomic
def report_save(
    *,
    actor,
    event: Event,
    summary: str,
    summary_es: str,
    themes: list[dict],
    publish: bool,
    ip: str | None = None,
) -> SessionReport:
    """Write what was heard at a past session, with its themes (each linked to the objectives
    that answer it); publishing makes it public on the event page and the objectives' pages."""
    if event.ends_at > timezone.now():
        raise ValidationError(_("What was heard can be written once the session is over."))
    report, _created = SessionReport.objects.get_or_create(
        event=event, defaults={"summary": summary, "author": actor}
    )
    report.summary = summary
    report.summary_es = summary_es
    if publish and report.published_at is None:
        report.published_at = timezone.now()
    elif not publish:
        report.published_at = None
    report.full_clean()
    report.save()
    report.themes.all().delete()
    for position, theme in enumerate(themes):
        objectives = theme.pop("objectives", [])
        row = Theme(report=report, position=position, **theme)
        row.full_clean()
        row.save()
        row.objectives.set(objectives)
    audit_log(
        actor=actor,
        action="report.published" if publish else "report.saved",
        target=event,
        data={"themes": len(themes)},
        ip=ip,
    )
    return report
