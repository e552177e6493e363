"""Feedback after a session: a parent checked in at the door gets the survey the morning after,
answers it on her phone from the link in the email (coming back shows the answer kept), and the
host's staff read the results with small counts hidden."""

import datetime as dt
import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events import services
from events.models import Feedback
from partners.models import Organization
from tests.e2e.helpers import PHONE, fits_the_phone, sign_in
from tests.factories import EventFactory, RegistrationFactory


def test_a_parent_answers_the_survey_and_the_hosts_read_it(browser, live_server, demo_data):
    # A meeting EdVestors (the demo staff's organization) held three days ago.
    held = timezone.now() - dt.timedelta(days=3)
    event = EventFactory(
        slug="held-partners-meeting",
        starts_at=held,
        ends_at=held + dt.timedelta(hours=2),
        hosts=[Organization.objects.get(slug="edvestors")],
        is_example=True,
    )
    parent = RegistrationFactory(
        event=event, name="Marisol Rivera", email="marisol@example.org", language="en"
    )
    services.registration_check_in(actor=None, registration=parent)
    mail.outbox.clear()
    # The beat's run the morning after the session.
    services.feedback_invitations_send(now=event.ends_at + dt.timedelta(days=1))
    [invitation] = [m for m in mail.outbox if m.to == ["marisol@example.org"]]
    link = re.search(r"https?://\S+/feedback/", invitation.body).group(0)

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(live_server.url + urlsplit(link).path)
    expect(phone.get_by_role("heading", level=1)).to_have_text("How was the session?")
    fits_the_phone(phone)
    # She asked for nothing: only the score and the free text.
    expect(phone.get_by_text("Did you get the childcare you asked for?")).to_have_count(0)
    phone.get_by_label("5: very useful").check()
    phone.get_by_label("What should we do next?").fill("Meet on a Saturday <3 & bring the data.")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")
    expect(phone.locator("main")).to_contain_text("5 out of 5")

    # Coming back to the link shows the answer kept (a second one is refused: test_feedback).
    phone.goto(live_server.url + urlsplit(link).path)
    expect(phone.locator("main")).to_contain_text("5 out of 5")
    answer = Feedback.objects.get(registration=parent)
    assert (answer.usefulness, answer.next_steps) == (5, "Meet on a Saturday <3 & bring the data.")

    desk = browser.new_page()
    sign_in(desk, live_server, "staff@example.org")
    desk.goto(f"{live_server.url}/events/{event.slug}/organize/feedback/")
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Feedback:")
    expect(desk.locator("main")).to_contain_text("Answers: fewer than 5.")
    expect(desk.locator("main")).to_contain_text("Meet on a Saturday <3 & bring the data.")
