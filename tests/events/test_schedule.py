"""What the beat runs for events: reminders before a session and the anonymizing of old
registrations; and the calendar files anyone may download or subscribe to."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from events import services, tasks
from events.models import Event, Registration
from tests.events.helpers import (
    cancelled,
    confirmed,
    confirmed_batch,
    waitlisted,
    waitlisted_batch,
)
from tests.factories import DemonstrationSiteFactory, EventFactory, EventLanguageFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SESSION = dt.datetime(2025, 3, 20, 18, 0, tzinfo=NEW_YORK)


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run_reminders_at(moment, sending):
    with time_machine.travel(moment, tick=False), sending():
        return tasks.send_reminders.delay().get()


def test_reminders_go_48_and_2_hours_before_once_each(sending):
    with time_machine.travel(SESSION - dt.timedelta(days=7), tick=False):
        event = EventFactory(starts_at=SESSION, ends_at=SESSION + dt.timedelta(hours=2), capacity=1)
        person = confirmed(event, email="ana@example.org", language="es")
        waitlisted(event)
        cancelled(event)
    assert run_reminders_at(SESSION - dt.timedelta(hours=49), sending) == 0
    assert run_reminders_at(SESSION - dt.timedelta(hours=47), sending) == 1
    assert run_reminders_at(SESSION - dt.timedelta(hours=46), sending) == 0
    assert run_reminders_at(SESSION - dt.timedelta(hours=1, minutes=55), sending) == 1
    assert run_reminders_at(SESSION - dt.timedelta(minutes=30), sending) == 0
    assert run_reminders_at(SESSION + dt.timedelta(minutes=5), sending) == 0
    assert [m.to for m in mail.outbox] == [["ana@example.org"], ["ana@example.org"]]
    assert all(person.manage_token in m.body for m in mail.outbox)
    assert all(m.attachments[0][0] == "event.ics" for m in mail.outbox)


def test_no_reminder_right_after_registering_and_each_event_keeps_its_own_hours(sending):
    with time_machine.travel(SESSION - dt.timedelta(hours=10), tick=False):
        event = EventFactory(starts_at=SESSION, ends_at=SESSION + dt.timedelta(hours=2))
        late = confirmed(event)
        custom = EventFactory(
            starts_at=SESSION, ends_at=SESSION + dt.timedelta(hours=2), reminder_hours=[6]
        )
        confirmed(custom)
        confirmed(EventFactory(starts_at=SESSION, reminder_hours=[]))
    # Registered ten hours before: the 48-hour reminder is past; the 2-hour one still comes.
    assert run_reminders_at(SESSION - dt.timedelta(hours=9), sending) == 0
    assert run_reminders_at(SESSION - dt.timedelta(hours=5), sending) == 1
    assert run_reminders_at(SESSION - dt.timedelta(hours=1), sending) == 1
    assert mail.outbox[-1].to == [late.email]


def test_a_cancelled_event_sends_no_reminders(sending):
    with time_machine.travel(SESSION - dt.timedelta(days=7), tick=False):
        event = EventFactory(starts_at=SESSION)
        confirmed(event)
        services.event_cancel(actor=None, event=event)
    assert run_reminders_at(SESSION - dt.timedelta(hours=1), sending) == 0


def test_retention_anonymizes_only_registrations_of_events_over_long_enough(settings):
    settings.REGISTRATION_RETENTION_DAYS = 365
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=NEW_YORK)

    def event_ended(days_ago):
        ends = now - dt.timedelta(days=days_ago)
        return EventFactory(
            starts_at=ends - dt.timedelta(hours=2), ends_at=ends, childcare_offered=True
        )

    long_ago = event_ended(366)
    EventLanguageFactory(event=long_ago, language="es", interpretation=True)
    old = confirmed(
        long_ago,
        name="Ana Pérez",
        phone="781-555-0100",
        accessibility_needs="Step-free route",
        children_count=2,
        needs_transportation=True,
        interpretation_language="es",
    )
    with time_machine.travel(long_ago.starts_at, tick=False):
        services.registration_check_in(actor=None, registration=old)
    recent = confirmed(event_ended(364), name="Luis Gómez")
    with time_machine.travel(now, tick=False):
        assert tasks.anonymize_old_registrations.delay().get() == 1
        assert tasks.anonymize_old_registrations.delay().get() == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.accessibility_needs) == ("", "", "")
    assert old.email.endswith("@invalid.example") and old.anonymized_at is not None
    # What the counts need stays.
    assert (old.children_count, old.needs_transportation, old.interpretation_language) == (
        2,
        True,
        "es",
    )
    assert old.checked_in_at is not None and old.status == Registration.Status.CONFIRMED
    assert recent.name == "Luis Gómez" and recent.anonymized_at is None


def test_an_events_calendar_file_parses(client):
    event = EventFactory(title="Lynn session", venue="Lynn Public Library", city="Lynn")
    response = client.get(f"/events/{event.slug}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["summary"]) == "Lynn session"
    assert "Lynn Public Library" in str(vevent["location"])
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == dt.timedelta(hours=2)


def test_the_feed_lists_published_events_and_filters_by_community(client):
    lynn = DemonstrationSiteFactory(name="Lynn Public Schools", slug="lynn-schools")
    EventFactory(title="In Lynn", city="Lynn")
    EventFactory(title="In Springfield", city="Springfield")
    EventFactory(title="A draft", city="Lynn", status=Event.Status.DRAFT)
    EventFactory(
        title="Online",
        city="Lynn",
        site=lynn,
        online_url="https://meet.example.org/secret",
    )

    def titles(url):
        calendar = Calendar.from_ical(client.get(url).content)
        return sorted(str(e["summary"]) for e in calendar.walk("VEVENT")), calendar

    everything, calendar = titles("/events/feed.ics")
    assert everything == ["In Lynn", "In Springfield", "Online"]
    assert b"meet.example.org" not in calendar.to_ical()
    assert titles("/events/feed.ics?community=lynn")[0] == ["In Lynn", "Online"]
    # A feed subscribed by a site's slug, before communities were data, still works.
    assert titles("/events/feed.ics?community=lynn-schools")[0] == ["Online"]
    unknown = client.get("/events/feed.ics?community=nowhere")
    assert unknown.status_code == 404
    assert "No community has this name" in unknown.content.decode()


def test_a_cancelled_event_is_cancelled_in_its_calendar_file():
    event = EventFactory(status=Event.Status.CANCELLED)
    from events.calendar import event_ics

    [vevent] = Calendar.from_ical(event_ics(event=event)).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"


def test_registrants_are_told_of_a_change_once_per_version(sending):
    event = EventFactory(title="Lynn session", capacity=1)
    confirmed(event, email="a@example.org")
    waitlisted(event, email="b@example.org", language="es")
    cancelled(event, email="c@example.org")
    with sending():
        assert services.registrations_notify(event=event, change="changed") == 2
        assert services.registrations_notify(event=event, change="changed") == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    event.status = Event.Status.CANCELLED
    event.save()
    mail.outbox.clear()
    with sending():
        assert services.registrations_notify(event=event, change="cancelled") == 2
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_raising_the_capacity_by_three_promotes_three_in_order(sending):
    event = EventFactory(capacity=2)
    confirmed_batch(2, event)
    waiting = waitlisted_batch(5, event)
    event.capacity = 5
    event.save()
    with sending():
        promoted = services.waitlist_promote(event=event)
    assert [r.pk for r in promoted] == [r.pk for r in waiting[:3]]
    assert event.registrations.filter(status="confirmed").count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in waiting[:3])
