"""Emails to registrants: about their registration, a change to the event, reminders, and the
organizers' messages. Each is recorded in the outbox in the same transaction as the change that
causes it, with a dedupe key so that it goes once."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from coalition.services import audit_log, email_queue
from events.calendar import calendar_links, event_ics
from events.models import Audience, Event, Registration
from events.services.seats import ACTIVE, waitlist_position


def manage_url(registration: Registration) -> str:
    """The private link to see, change or cancel a registration (absolute, for emails)."""
    return settings.SITE_URL + reverse("events:manage", kwargs={"token": registration.manage_token})


def _carries_calendar(registration: Registration) -> bool:
    """A confirmed seat carries the event to the person's calendar (the .ics file and the
    Google and Outlook links); a waiting place does not, since it is no seat. A cancellation
    carries the file that removes the entry, to whoever held a seat
    (`registration_email(held_a_seat=...)`)."""
    return registration.status == Registration.Status.CONFIRMED


def registration_email(
    *,
    registration: Registration,
    kind: str,
    dedupe_key: str | None = None,
    held_a_seat: bool | None = None,
):
    """Queue one of the emails about a registration, in the registrant's language. `kind`
    names templates/events/email/<kind>_subject.txt/_message.txt. A confirmed seat's email
    carries the event's calendar file and "add to calendar" links; once the registration or
    the event is cancelled, the file cancels the entry (`events.calendar.event_ics`), for a
    person who held a seat (`held_a_seat`, when the status no longer says so); a waiting place
    carries neither."""
    event = registration.event
    attach = _carries_calendar(registration) if held_a_seat is None else held_a_seat
    cancelled = (
        registration.status == Registration.Status.CANCELLED
        or event.status == Event.Status.CANCELLED
    )
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
        "calendar_attached": attach,
    }
    # Everything in the registrant's language, the calendar file ("Example: …") included.
    with translation.override(registration.language):
        if attach and not cancelled and event.ends_at > timezone.now():
            context["calendar_links"] = calendar_links(event)
        subject = render_to_string(f"events/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"events/email/{kind}_message.txt", context)
        attachments = []
        if attach:
            attachments.append(
                ("event.ics", event_ics(event=event, registration=registration), "text/calendar")
            )
    return email_queue(
        to=[registration.email],
        subject=subject,
        body=body,
        attachments=attachments,
        dedupe_key=dedupe_key,
    )


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
        # The event's title and the footer in the registrant's language; the message as written.
        with translation.override(registration.language):
            title = event.title
            footer = render_to_string(
                "events/email/_manage.txt", {"manage_url": manage_url(registration)}
            )
        email_queue(
            to=[registration.email],
            subject=subject,
            body=f"{body.strip()}\n\n-- \n{title}\n{footer}",
            dedupe_key=f"message:{entry.pk}:{registration.pk}",
        )
    return len(recipients)
