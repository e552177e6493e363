"""Organizers' writes to events: create, change, publish, cancel; and the roster export's
audit row."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition import versions
from coalition.services import audit_log
from coalition.translation import localized
from events.models import Event, EventLanguage
from events.services.emails import registrations_notify
from events.services.registrations import promote_waiting
from events.services.seats import lock_event

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
    versions.bump("events", f"event:{event.pk}")  # bulk_create sends no signal


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
    # From the English title where there is one: the address does not follow the language.
    event.slug = _unique_slug(localized(event, "title", language="en").text, event.starts_at)
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
        event = lock_event(event)
        before = {name: getattr(event, name) for name in (*NOTIFIED_FIELDS, "capacity")}
        for name, value in fields.items():
            setattr(event, name, value)
        if (event.starts_at, event.ends_at) != (before["starts_at"], before["ends_at"]):
            # Whoever sets a time now states the hours (a date-only event shows no time).
            event.hours_stated = True
        confirmed = event.seats_taken  # read with the row locked
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
            promote_waiting(event)
    return event


@transaction.atomic
def event_publish(*, actor, event: Event, ip: str | None = None) -> Event:
    event = lock_event(event)
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
    event = lock_event(event)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event is already cancelled."))
    was_published = event.status == Event.Status.PUBLISHED
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="event.cancelled", target=event, data={"reason": reason}, ip=ip)
    return registrations_notify(event=event, change="cancelled") if was_published else 0


def roster_export_logged(*, actor, event: Event, rows: int, ip: str | None = None) -> None:
    """Who took a copy of the people registered, and how many rows."""
    audit_log(actor=actor, action="roster.exported", target=event, data={"rows": rows}, ip=ip)
