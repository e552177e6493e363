"""Calendar and getting there: "Add to Google Calendar" and "Add to Outlook" beside the .ics on
an event's page and in the emails of a confirmed seat, the same times (UTC, or all-day when the
hours are not stated); a "Directions" link to OpenStreetMap that loads nothing before it is
followed; the cancellation's .ics removes the entry (METHOD:CANCEL, same UID, higher SEQUENCE);
a waiting place gets no calendar at all; a past event offers none."""

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from events import calendar, services
from events.models import Event, Registration
from tests.events.helpers import confirmed, waitlisted
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SESSION = dt.datetime(2031, 3, 20, 18, 0, tzinfo=NEW_YORK)  # 22:00 UTC (daylight time)


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def lynn_session(**fields):
    return EventFactory(
        **{
            "title": "Listening session in Lynn",
            "starts_at": SESSION,
            "ends_at": SESSION + dt.timedelta(hours=2),
            "venue": "Lynn Public Library",
            "address": "5 N Common St",
            "city": "Lynn",
            **fields,
        }
    )


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def links(html: str) -> dict[str, str]:
    """Each link's text (tags inside dropped) and its address."""
    return {
        " ".join(re.sub(r"<[^>]+>", "", text).split()): unescape(href)
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


def only_vevent(ics: str):
    parsed = Calendar.from_ical(ics)
    [vevent] = parsed.walk("VEVENT")
    return parsed, vevent


# -- the links, built in one place --


def test_the_links_carry_the_times_in_utc_the_title_the_page_and_the_place():
    event = lynn_session()
    made = calendar.calendar_links(event)
    google, outlook = query(made["google"]), query(made["outlook"])
    assert made["google"].startswith("https://calendar.google.com/calendar/render?")
    assert made["outlook"].startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
    assert google["action"] == "TEMPLATE"
    assert google["dates"] == "20310320T220000Z/20310321T000000Z"
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2031-03-20T22:00:00Z",
        "2031-03-21T00:00:00Z",
        "false",
    )
    page = f"http://testserver/events/{event.slug}/"
    for made_for, title, details in ((google, "text", "details"), (outlook, "subject", "body")):
        assert made_for[title] == "Listening session in Lynn"
        assert page.split("/events/")[1] in made_for[details]
        assert made_for["location"] == "Lynn Public Library, 5 N Common St, Lynn"


def test_without_stated_hours_the_links_are_all_day_as_the_ics_is():
    event = lynn_session(hours_stated=False)
    made = calendar.calendar_links(event)
    assert query(made["google"])["dates"] == "20310320/20310321"
    outlook = query(made["outlook"])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2031-03-20",
        "2031-03-21",
        "true",
    )
    _, vevent = only_vevent(calendar.event_ics(event=event))
    assert vevent["dtstart"].dt == dt.date(2031, 3, 20)
    assert vevent["dtend"].dt == dt.date(2031, 3, 21)


def test_an_online_event_has_no_place_and_never_its_link_in_the_links():
    event = lynn_session(format=Event.Format.ONLINE, online_url="https://meet.example.org/x")
    made = calendar.calendar_links(event)
    assert "location" not in query(made["google"])
    assert "meet.example.org" not in made["google"] + made["outlook"]
    assert calendar.directions_url(event) == ""


def test_an_example_says_so_in_its_links():
    made = calendar.calendar_links(lynn_session(is_example=True))
    assert query(made["google"])["text"] == "Example: Listening session in Lynn"
    assert "not a real event" in query(made["outlook"])["body"]


# -- the event's page --


def test_the_page_offers_the_ics_google_outlook_and_directions(client):
    event = lynn_session()
    html = client.get(event.get_absolute_url()).content.decode()
    found = links(html)
    assert found["Add to my calendar (.ics)"] == f"/events/{event.slug}/event.ics"
    assert found["Add to Google Calendar"] == calendar.calendar_links(event)["google"]
    assert found["Add to Outlook"] == calendar.calendar_links(event)["outlook"]
    directions = found["Directions to this address"]
    assert directions == ("https://www.openstreetmap.org/search?query=5+N+Common+St%2C+Lynn")
    assert "(opens OpenStreetMap, another website)" in html
    # A plain link, with rel="noopener"; nothing from OpenStreetMap is loaded with the page.
    [anchor] = re.findall(r"<a [^>]*openstreetmap[^>]*>", html)
    assert 'rel="noopener"' in anchor
    assert "<iframe" not in html and "tile.openstreetmap" not in html
    assert 'rel="preconnect"' not in html and "dns-prefetch" not in html
    for tag in re.findall(r"<(?:img|script|link|iframe)\b[^>]*>", html):
        assert "openstreetmap" not in tag and "google" not in tag and "outlook" not in tag


def test_no_directions_without_an_address_or_for_an_online_event(client):
    for event in (
        lynn_session(address=""),
        lynn_session(format=Event.Format.ONLINE, address="5 N Common St"),
    ):
        html = client.get(event.get_absolute_url()).content.decode()
        assert "openstreetmap" not in html


def test_a_hybrid_event_with_an_address_has_directions(client):
    event = lynn_session(format=Event.Format.HYBRID)
    assert "openstreetmap.org/search" in client.get(event.get_absolute_url()).content.decode()


def test_the_address_is_encoded_in_the_directions_link():
    event = lynn_session(address='12 "Main" St & <Union> #4', city="Lynn")
    url = calendar.directions_url(event)
    assert query(url)["query"] == '12 "Main" St & <Union> #4, Lynn'
    assert " " not in url and "<" not in url and "&Union" not in url


def test_a_past_event_offers_no_add_to_calendar_but_its_ics_still_answers(client):
    event = lynn_session()
    with time_machine.travel(SESSION + dt.timedelta(days=1), tick=False):
        html = client.get(event.get_absolute_url()).content.decode()
        assert "This event has already taken place." in html
        assert "event.ics" not in html
        assert "calendar.google.com" not in html and "outlook.live.com" not in html
        assert client.get(f"/events/{event.slug}/event.ics").status_code == 200


def test_a_cancelled_event_offers_no_add_to_calendar(client):
    event = lynn_session(status=Event.Status.CANCELLED)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "event.ics" not in html and "calendar.google.com" not in html


def test_the_manage_page_offers_the_calendar_to_a_confirmed_seat_only(client):
    event = lynn_session(capacity=1)
    seated, waiting = confirmed(event), waitlisted(event)
    seated_html = client.get(f"/events/manage/{seated.manage_token}/").content.decode()
    waiting_html = client.get(f"/events/manage/{waiting.manage_token}/").content.decode()
    assert "calendar.google.com" in seated_html and "/event.ics" in seated_html
    assert "calendar.google.com" not in waiting_html and "/event.ics" not in waiting_html


# -- the emails --


def test_the_confirmation_carries_the_ics_and_both_links(sending):
    event = lynn_session()
    with sending():
        registration = confirmed(event, email="ana@example.org")
    [message] = mail.outbox
    made = calendar.calendar_links(event)
    assert f"Google Calendar: {made['google']}" in message.body
    assert f"Outlook: {made['outlook']}" in message.body
    [(name, ics, mimetype)] = message.attachments
    assert (name, mimetype) == ("event.ics", "text/calendar")
    parsed, vevent = only_vevent(ics)
    assert str(parsed["method"]) == "PUBLISH"
    assert str(vevent["status"]) == "CONFIRMED"
    assert registration.manage_token in message.body


def test_the_links_in_a_spanish_email_are_in_spanish(sending):
    event = lynn_session(title_es="Sesión de escucha en Lynn", is_example=True)
    with sending():
        confirmed(event, language="es")
    [message] = mail.outbox
    google = re.search(r"https://calendar\.google\.com\S+", message.body)[0]
    assert query(google)["text"] == "Ejemplo: Sesión de escucha en Lynn"


def test_the_waiting_list_email_carries_no_calendar(sending):
    event = lynn_session(capacity=1)
    with sending():
        confirmed(event)
        waiting = waitlisted(event, email="waiting@example.org")
    [message] = [m for m in mail.outbox if m.to == [waiting.email]]
    assert message.attachments == []
    assert "calendar" not in message.body.lower()
    assert "google" not in message.body.lower() and "outlook" not in message.body.lower()


def test_the_cancellation_ics_cancels_the_confirmations_entry(client, sending):
    event = lynn_session()
    with sending():
        registration = confirmed(event, email="ana@example.org")
    [confirmation] = mail.outbox
    _, added = only_vevent(confirmation.attachments[0][1])
    mail.outbox.clear()

    with sending():
        response = client.post(f"/events/manage/{registration.manage_token}/cancel/")
    assert response.status_code == 302
    [message] = mail.outbox
    assert "The calendar file attached removes the event from your calendar." in message.body
    assert "calendar.google.com" not in message.body
    parsed, removed = only_vevent(message.attachments[0][1])
    assert str(parsed["method"]) == "CANCEL"
    assert str(removed["status"]) == "CANCELLED"
    assert str(removed["uid"]) == str(added["uid"])
    assert int(removed["sequence"]) > int(added["sequence"])
    assert str(removed["attendee"]) == "mailto:ana@example.org"
    assert str(removed["organizer"]).startswith("mailto:")


def test_a_waiting_place_cancelled_gets_no_calendar_file(client, sending):
    event = lynn_session(capacity=1)
    confirmed(event)
    waiting = waitlisted(event)
    mail.outbox.clear()
    with sending():
        client.post(f"/events/manage/{waiting.manage_token}/cancel/")
    [message] = mail.outbox
    assert message.attachments == []
    assert "calendar" not in message.body.lower()


def test_an_event_cancelled_removes_a_seats_entry_and_tells_the_waiting_without_a_file(sending):
    event = lynn_session(capacity=1)
    seated = confirmed(event, email="seated@example.org")
    waiting = waitlisted(event, email="waiting@example.org")
    mail.outbox.clear()
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    with sending():
        services.registrations_notify(event=event, change="cancelled")
    by_person = {m.to[0]: m for m in mail.outbox}
    parsed, vevent = only_vevent(by_person[seated.email].attachments[0][1])
    assert (str(parsed["method"]), str(vevent["status"])) == ("CANCEL", "CANCELLED")
    assert by_person[waiting.email].attachments == []
    assert "calendar file" not in by_person[waiting.email].body


def test_a_registration_made_again_after_cancelling_is_a_newer_version(sending):
    event = lynn_session()
    first = confirmed(event, email="ana@example.org")
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=1)):
        services.registration_cancel(registration=first)
        cancelled = Registration.objects.get(pk=first.pk)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=2)):
        again = confirmed(event, email="ana@example.org")
    _, removed = only_vevent(calendar.event_ics(event=event, registration=cancelled))
    _, added = only_vevent(calendar.event_ics(event=event, registration=again))
    assert int(added["sequence"]) > int(removed["sequence"])


def test_the_reminder_carries_the_links(sending):
    with time_machine.travel(SESSION - dt.timedelta(days=7), tick=False):
        event = lynn_session()
        confirmed(event, email="ana@example.org")
    mail.outbox.clear()
    with time_machine.travel(SESSION - dt.timedelta(hours=47), tick=False), sending():
        assert services.reminders_send() == 1
    [reminder] = mail.outbox
    assert "calendar.google.com" in reminder.body and "outlook.live.com" in reminder.body
    assert reminder.attachments[0][0] == "event.ics"
