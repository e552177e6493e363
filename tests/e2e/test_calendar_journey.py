"""A parent on a phone finds the way to a session (a Directions link that loads nothing from
OpenStreetMap until followed), adds it to her calendar, registers with a text reminder (after
being told her consent needs a phone number), gets a confirmation that repeats her needs, the
text the day before, and cancels on the page that asks "Are you sure?", her calendar entry
cancelled with it."""

import datetime as dt
import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from coalition import sms
from events import services
from events.models import Event, Registration
from tests.e2e.helpers import fits_the_phone
from tests.factories import EventFactory


def test_a_parent_finds_the_way_registers_with_a_text_reminder_and_cancels(
    phone, live_server, transactional_db
):
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=5)
    event = EventFactory(
        title="Listening session in Lynn",
        slug="listening-session-in-lynn",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        format=Event.Format.IN_PERSON,
        venue="Lynn Public Library",
        address="5 N Common St",
        city="Lynn",
        childcare_offered=True,
    )
    # The phone fixture fails the test on any request to another host: the map is a link.
    phone.goto(live_server.url + event.get_absolute_url())
    directions = phone.get_by_role("link", name="Directions to this address")
    expect(directions).to_have_attribute(
        "href", "https://www.openstreetmap.org/search?query=5+N+Common+St%2C+Lynn"
    )
    expect(directions).to_have_attribute("rel", "noopener")
    expect(phone.locator("main")).to_contain_text("(opens OpenStreetMap, another website)")
    google = phone.get_by_role("link", name="Add to Google Calendar")
    expect(google).to_have_attribute("href", re.compile(r"^https://calendar\.google\.com/"))
    expect(phone.get_by_role("link", name="Add to Outlook")).to_have_attribute(
        "href", re.compile(r"^https://outlook\.live\.com/")
    )
    fits_the_phone(phone)

    phone.get_by_role("link", name="Register").first.click()
    phone.get_by_label("Your name").fill("Marisol Rivera")
    phone.get_by_label("Email address").fill("marisol@example.org")
    phone.get_by_label("Text me a reminder the day before").check()
    phone.get_by_label("Childcare: how many children?").fill("2")
    phone.get_by_label("I agree to the privacy notice above.").check()
    phone.get_by_role("button", name="Register").click()
    # A reminder by text needs a number: said next to the box, nothing stored.
    expect(phone.locator("#id_text_reminder_error")).to_contain_text(
        "Give a phone number above to get a text reminder."
    )
    assert not Registration.objects.exists()
    fits_the_phone(phone)

    phone.get_by_label("Phone (optional)").fill("(781) 555-0142")
    phone.get_by_label("I agree to the privacy notice above.").check()
    phone.get_by_role("button", name="Register").click()
    expect(phone.locator("main")).to_contain_text("You are registered. We have emailed you.")
    marisol = Registration.objects.get(email="marisol@example.org")
    assert marisol.text_reminder_consented_at is not None

    [confirmation] = [m for m in mail.outbox if m.to == ["marisol@example.org"]]
    assert "- Childcare for 2 children" in confirmation.body
    assert "https://calendar.google.com/" in confirmation.body
    [added] = Calendar.from_ical(confirmation.attachments[0][1]).walk("VEVENT")

    # The day before, the reminder scan sends her text, once.
    services.reminders_send(now=starts - dt.timedelta(hours=23))
    services.text_reminders_send(now=starts - dt.timedelta(hours=23))
    services.text_reminders_send(now=starts - dt.timedelta(hours=22))
    [text] = sms.outbox
    assert text.to == "+17815550142"
    assert "Listening session in Lynn" in text.body and marisol.manage_token in text.body

    # She cancels from her link: a second page asks first.
    link = re.search(r"https?://\S+/events/manage/\S+/", confirmation.body).group(0)
    phone.goto(live_server.url + urlsplit(link).path)
    phone.get_by_role("link", name="Cancel my registration").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cancel your registration?")
    marisol.refresh_from_db()
    assert marisol.status == "confirmed"
    fits_the_phone(phone)
    phone.get_by_role("button", name="Yes, cancel my registration").click()
    expect(phone.locator("main")).to_contain_text("Your registration is cancelled.")
    marisol.refresh_from_db()
    assert marisol.status == "cancelled"

    cancellation = [m for m in mail.outbox if m.to == ["marisol@example.org"]][-1]
    calendar = Calendar.from_ical(cancellation.attachments[0][1])
    [removed] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    assert str(removed["uid"]) == str(added["uid"])
    assert int(removed["sequence"]) > int(added["sequence"])
