"""A visitor opens a past session, goes to its community's page, and reads there what was heard
and what the coalition did about it, in English and in Spanish, on a phone."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    CommunityFactory,
    EventFactory,
    ObjectiveFactory,
    SessionReportFactory,
    ThemeFactory,
    progress_update,
)


def test_a_visitor_goes_from_a_session_to_its_community_and_sees_what_was_done(
    phone, live_server, transactional_db
):
    lynn = CommunityFactory(name="Lynn", name_en="Lynn", name_es="Lynn", slug="lynn")
    ended = timezone.now() - dt.timedelta(days=20)
    session = EventFactory(
        title="Lynn listening session",
        community=lynn,
        starts_at=ended - dt.timedelta(hours=2),
        ends_at=ended,
    )
    report = SessionReportFactory(event=session, published_at=ended + dt.timedelta(days=1))
    objective = ObjectiveFactory(title="Integrated schools plan")
    progress_update(objective, narrative="We drafted the plan with Lynn families.")
    answered = ThemeFactory(report=report, title="Families want integrated schools")
    answered.objectives.set([objective])
    ThemeFactory(report=report, title="Buses come too early")
    EventFactory(title="Next Lynn session", community=lynn)

    phone.goto(live_server.url + session.get_absolute_url())
    expect(phone.locator("h1")).to_have_text("Lynn listening session")
    phone.get_by_role("link", name=re.compile("Everything heard in Lynn")).click()

    expect(phone).to_have_url(live_server.url + "/communities/lynn/")
    expect(phone.locator("h1")).to_have_text("Lynn")
    said = phone.get_by_role("region", name="You said, we did")
    expect(said).to_contain_text("Families want integrated schools")
    expect(said).to_contain_text("Integrated schools plan")
    expect(said).to_contain_text("We drafted the plan with Lynn families.")
    expect(phone.get_by_role("region", name="Heard here, not answered yet")).to_contain_text(
        "Buses come too early"
    )
    expect(phone.get_by_role("region", name="Next sessions here")).to_contain_text(
        "Next Lynn session"
    )
    # The theme leads back to the session where it was heard.
    said.get_by_role("link", name="Lynn listening session").click()
    expect(phone.locator("#what-we-heard")).to_be_visible()

    # The same page in Spanish.
    phone.goto(live_server.url + "/communities/lynn/")
    phone.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    # (Its headings are in Spanish once the translations are compiled; the texts are as written.)
    expect(phone.locator("main")).to_contain_text("Families want integrated schools")

    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
