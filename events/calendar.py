"""Events as iCalendar (RFC 5545): one event for an email or a download, or a feed."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event, Registration

PRODID = "-//Coalition portal//Events//EN"


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _place(event: Event) -> str:
    if event.format == Event.Format.ONLINE:
        return ""
    return ", ".join(part for part in (event.venue, event.address, event.city) if part)


def _summary(event: Event) -> str:
    """The title; an example event says it is one, in the reader's language."""
    if event.is_example:
        return _("Example: %(title)s") % {"title": event.title}
    return event.title


def _component(event: Event, *, online_url: str = "") -> CalendarEvent:
    url = settings.SITE_URL + event.get_absolute_url()
    component = CalendarEvent()
    # Stable across changes, so a calendar updates the entry instead of adding a second one.
    component.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
    component.add("dtstamp", timezone.now())
    if event.hours_stated:
        component.add("dtstart", event.starts_at)
        component.add("dtend", event.ends_at)
    else:
        # Hours not known: an all-day event on its day(s), Massachusetts time; DTEND is the
        # day after the last (exclusive), a moment ending at midnight ends the day before.
        last = timezone.localdate(event.ends_at - dt.timedelta(microseconds=1))
        component.add("dtstart", timezone.localdate(event.starts_at))
        component.add(
            "dtend", max(last, timezone.localdate(event.starts_at)) + dt.timedelta(days=1)
        )
    component.add("summary", _summary(event))
    # Each save is a new version for calendars that compare them.
    component.add("sequence", int(event.updated_at.timestamp()) if event.updated_at else 0)
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


def event_ics(*, event: Event, registration: Registration | None = None) -> str:
    """The event alone; a confirmed registrant's copy carries the online link."""
    online_url = ""
    if (
        registration is not None
        and registration.status == Registration.Status.CONFIRMED
        and event.format != Event.Format.IN_PERSON
    ):
        online_url = event.online_url
    calendar = _calendar()
    calendar.add_component(_component(event, online_url=online_url))
    return calendar.to_ical().decode()


def events_feed_ics(*, events: Iterable[Event], name: str) -> str:
    """A subscribable feed; never carries an online link, which is for registrants only."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event))
    return calendar.to_ical().decode()
