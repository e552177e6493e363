"""An event whose source gives its date but not its hours (hours_stated off) shows its date
only: on its page, its card, its calendar file (an all-day event) and the emails about it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from tests.events.helpers import register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
# The stored hours of a fact without them are a placeholder, never shown.
PLACEHOLDER = dt.datetime(2024, 12, 13, 18, 0, tzinfo=NEW_YORK)
DATE_ONLY = '<time datetime="2024-12-13">December 13, 2024</time>'


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def fact_without_hours(**fields):
    return EventFactory(
        title="Community engagement session in Lynn",
        starts_at=PLACEHOLDER,
        ends_at=PLACEHOLDER + dt.timedelta(hours=2),
        hours_stated=False,
        source="Brown's Promise Massachusetts, Our work",
        **fields,
    )


def no_time(text: str) -> bool:
    return not any(word in text for word in ("p.m.", "a.m.", "Eastern Time", "6:00", "18:00"))


def test_its_page_shows_the_date_and_no_time(client):
    event = fact_without_hours()
    page = client.get(event.get_absolute_url()).text
    assert DATE_ONLY in page
    assert no_time(page)


def test_its_card_in_the_list_shows_the_date_and_no_time(client):
    fact_without_hours()
    page = client.get("/events/?when=past").text
    assert "Community engagement session in Lynn" in page
    assert DATE_ONLY in page
    assert no_time(page)


def test_its_calendar_file_is_an_all_day_event(client):
    event = fact_without_hours()
    content = client.get(f"/events/{event.slug}/event.ics").content
    assert b"DTSTART;VALUE=DATE:20241213" in content
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("dtstart") == dt.date(2024, 12, 13)
    assert vevent.decoded("dtend") == dt.date(2024, 12, 14)


def test_the_feed_gives_an_upcoming_event_without_hours_as_all_day(client):
    starts = dt.datetime(2031, 5, 6, 18, 0, tzinfo=NEW_YORK)
    EventFactory(
        title="Date only",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        hours_stated=False,
    )
    EventFactory(title="With hours", starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    calendar = Calendar.from_ical(client.get("/events/feed.ics").content)
    found = {
        str(v["summary"]): (v.decoded("dtstart"), v.decoded("dtend"))
        for v in calendar.walk("VEVENT")
    }
    assert found == {
        "Date only": (dt.date(2031, 5, 6), dt.date(2031, 5, 7)),
        "With hours": (starts, starts + dt.timedelta(hours=2)),
    }


def test_an_email_about_it_gives_the_date_only(sending):
    starts = dt.datetime(2031, 5, 6, 18, 0, tzinfo=NEW_YORK)
    event = EventFactory(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2), hours_stated=False
    )
    with sending():
        register(event, email="ana@example.org")
    [message] = mail.outbox
    assert "When: May 6, 2031\n" in message.body
    assert no_time(message.body)
    [(_name, content, _type)] = message.attachments
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("dtstart") == dt.date(2031, 5, 6)


def test_an_event_with_hours_shows_them_as_before(client, sending):
    starts = dt.datetime(2031, 5, 6, 18, 0, tzinfo=NEW_YORK)
    event = EventFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    when = (
        'May 6, 2031, 6 p.m.</time>\u2013<time datetime="2031-05-06T20:00:00-04:00">8 p.m.</time>'
    )
    assert when in client.get(event.get_absolute_url()).text
    assert when in client.get("/events/").text
    [vevent] = Calendar.from_ical(client.get(f"/events/{event.slug}/event.ics").content).walk(
        "VEVENT"
    )
    assert vevent.decoded("dtstart") == starts
    assert vevent.decoded("dtend") == starts + dt.timedelta(hours=2)
    with sending():
        register(event, email="ana@example.org")
    [message] = mail.outbox
    assert "When: May 6, 2031, 6 p.m.\u20138 p.m. Eastern Time (EDT)" in message.body
