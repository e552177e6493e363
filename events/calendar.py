"""Events in people's calendars and maps: iCalendar (RFC 5545) for one event (an email, a
download) or a feed; "Add to Google Calendar" and "Add to Outlook" links (`calendar_links`); the
"Directions" link to OpenStreetMap (`directions_url`). All of them read the event's times and
place from here, so they agree."""

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event, Registration

PRODID = "-//Coalition portal//Events//EN"


GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"
OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search"


def _calendar(name: str = "", *, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _place(event: Event) -> str:
    if event.format == Event.Format.ONLINE:
        return ""
    return ", ".join(part for part in (event.venue, event.address, event.city) if part)


def title_of(event: Event) -> str:
    """The event's title as calendars and text messages show it (`_summary`)."""
    return _summary(event)


def _span(event: Event) -> tuple[dt.datetime | dt.date, dt.datetime | dt.date]:
    """Start and end: the moments, or, when the hours are not stated, an all-day span on its
    day(s), Massachusetts time, the end being the day after the last (exclusive; a moment
    ending at midnight ends the day before)."""
    if event.hours_stated:
        return event.starts_at, event.ends_at
    first = timezone.localdate(event.starts_at)
    last = timezone.localdate(event.ends_at - dt.timedelta(microseconds=1))
    return first, max(last, first) + dt.timedelta(days=1)


def _summary(event: Event) -> str:
    """The title; an example event says it is one, in the reader's language."""
    if event.is_example:
        return _("Example: %(title)s") % {"title": event.title}
    return event.title


def _sequence(event: Event, registration: Registration | None = None) -> int:
    """The version of the entry (SEQUENCE): each save of the event is a new one; a registrant's
    copy is at least as new as their registration, and its cancellation newer than any copy
    they were sent, so that their calendar removes the entry it added."""
    sequence = int(event.updated_at.timestamp()) if event.updated_at else 0
    if registration is not None and registration.created_at:
        sequence = max(sequence, int(registration.created_at.timestamp()))
        if registration.status == Registration.Status.CANCELLED and registration.cancelled_at:
            sequence = max(sequence + 1, int(registration.cancelled_at.timestamp()))
    return sequence


def _details(event: Event) -> list[str]:
    """What a calendar entry says about the event besides its title: an example says it is
    one; the event's page, for everything else."""
    url = settings.SITE_URL + event.get_absolute_url()
    if event.is_example:
        return [_("An example: it shows how the portal works; it is not a real event."), url]
    return [url]


def _component(event: Event, *, online_url: str = "") -> CalendarEvent:
    url = settings.SITE_URL + event.get_absolute_url()
    component = CalendarEvent()
    # Stable across changes, so a calendar updates the entry instead of adding a second one.
    component.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
    component.add("dtstamp", timezone.now())
    starts, ends = _span(event)
    component.add("dtstart", starts)
    component.add("dtend", ends)
    component.add("summary", _summary(event))
    # Each save is a new version for calendars that compare them.
    component.add("sequence", _sequence(event))
    component.add("url", url)
    place = _place(event)
    if place:
        component.add("location", place)
    description = [event.description, url]
    if event.is_example:
        description.insert(
            0, _("An example: it shows how the portal works; it is not a real event.")
        )
    if online_url:
        description.append(online_url)
    component.add("description", "\n\n".join(part for part in description if part))
    cancelled = event.status == Event.Status.CANCELLED
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return component


def cancels(event: Event, registration: Registration | None) -> bool:
    """Whether a registrant's copy removes the entry (METHOD:CANCEL): their registration or
    the event is cancelled. A public copy only says the event is cancelled (STATUS)."""
    return registration is not None and (
        registration.status == Registration.Status.CANCELLED
        or event.status == Event.Status.CANCELLED
    )


def event_ics(*, event: Event, registration: Registration | None = None) -> str:
    """The event alone; a confirmed registrant's copy carries the online link. A registrant's
    copy once their registration or the event is cancelled is a cancellation (METHOD:CANCEL,
    STATUS:CANCELLED) of the entry the confirmation added: the same UID, a higher SEQUENCE,
    with the organizer and the attendee that iTIP (RFC 5546) asks of a CANCEL."""
    online_url = ""
    if (
        registration is not None
        and registration.status == Registration.Status.CONFIRMED
        and event.format != Event.Format.IN_PERSON
    ):
        online_url = event.online_url
    component = _component(event, online_url=online_url)
    if registration is not None:
        del component["sequence"]
        component.add("sequence", _sequence(event, registration))
    if cancels(event, registration):
        calendar = _calendar(method="CANCEL")
        del component["status"]
        component.add("status", "CANCELLED")
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        component.add("organizer", f"mailto:{address}", parameters={"cn": name or address})
        component.add("attendee", f"mailto:{registration.email}")
    else:
        calendar = _calendar()
    calendar.add_component(component)
    return calendar.to_ical().decode()


def calendar_links(event: Event) -> dict[str, str]:
    """ "Add to Google Calendar" and "Add to Outlook" links for the event, in UTC (or all-day
    dates when its hours are not stated), with its title, its page and its place, in the
    active language. Never the online link: these URLs pass through other companies."""
    starts, ends = _span(event)
    title = _summary(event)
    details = "\n\n".join(_details(event))
    place = _place(event)
    if event.hours_stated:
        utc = dt.UTC
        google_dates = "/".join(
            moment.astimezone(utc).strftime("%Y%m%dT%H%M%SZ") for moment in (starts, ends)
        )
        outlook_start, outlook_end = (
            moment.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ") for moment in (starts, ends)
        )
    else:
        google_dates = f"{starts:%Y%m%d}/{ends:%Y%m%d}"
        outlook_start, outlook_end = starts.isoformat(), ends.isoformat()
    google = {"action": "TEMPLATE", "text": title, "dates": google_dates, "details": details}
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": outlook_start,
        "enddt": outlook_end,
        "allday": "false" if event.hours_stated else "true",
        "body": details,
    }
    if place:
        google["location"] = outlook["location"] = place
    return {
        "google": f"{GOOGLE_CALENDAR}?{urlencode(google)}",
        "outlook": f"{OUTLOOK_CALENDAR}?{urlencode(outlook)}",
    }


def directions_url(event: Event) -> str:
    """OpenStreetMap's search for the event's address and city: for an event held in a place
    (in person or both) whose address is known; empty otherwise. A plain link: nothing is
    loaded from OpenStreetMap until the reader follows it."""
    if event.format == Event.Format.ONLINE or not event.address.strip():
        return ""
    query = ", ".join(part.strip() for part in (event.address, event.city) if part.strip())
    return f"{OPENSTREETMAP_SEARCH}?{urlencode({'query': query})}"


def events_feed_ics(*, events: Iterable[Event], name: str) -> str:
    """A subscribable feed; never carries an online link, which is for registrants only."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event))
    return calendar.to_ical().decode()
