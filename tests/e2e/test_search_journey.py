"""A visitor reading in Spanish searches the site for childcare from the header's box, on a
phone, and finds the upcoming sessions that offer it and the UMass Boston ECE Action Lab's
webinar recording (a demo resource whose Spanish text says "cuidado infantil"), and opens it."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from resources.models import Resource

WEBINAR = "reinventing-child-care-in-massachusetts-webinar-recordings"


def upcoming_with_childcare() -> list[Event]:
    return list(
        Event.objects.filter(
            status=Event.Status.PUBLISHED, childcare_offered=True, ends_at__gt=timezone.now()
        )
    )


def test_a_visitor_in_spanish_searches_cuidado_infantil_and_finds_the_sessions(
    phone, live_server, demo_data
):
    sessions = upcoming_with_childcare()
    assert sessions, "the demo has upcoming sessions with childcare"

    phone.goto(live_server.url + "/")
    phone.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")

    # The header's search box: a plain GET form, usable on a phone.
    box = phone.locator("header").get_by_role("search").get_by_role("searchbox")
    box.fill("cuidado infantil")
    box.press("Enter")
    expect(phone).to_have_url(re.compile(r"/search/\?q=cuidado\+infantil$"))
    expect(phone.locator("h1")).to_have_text("Buscar")

    # The events group lists every upcoming session that offers childcare.
    events = phone.locator("section[aria-labelledby='results-events']")
    expect(events.get_by_role("heading", level=2)).to_contain_text("Eventos")
    for session in sessions:
        expect(events.get_by_role("link", name=session.title_es, exact=True)).to_be_visible()

    # The resources group: the Action Lab's webinar recording, found by its Spanish text and
    # shown by its Spanish title, with its kind, publisher and date.
    webinar = Resource.objects.get(slug=WEBINAR)
    resources = phone.locator("section[aria-labelledby='results-resources']")
    expect(resources.get_by_role("heading", level=2)).to_contain_text(
        re.compile("Recursos|Resources")  # the heading's Spanish comes with the translations
    )
    recording = resources.get_by_role("link", name=webinar.title_es, exact=True)
    expect(recording).to_be_visible()
    expect(resources).to_contain_text("Opportunities Exchange")
    expect(resources.locator("mark").first).to_be_visible()

    # Nothing on the page is wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    # A result leads to the session's page, which says childcare is offered.
    events.get_by_role("link", name=sessions[0].title_es, exact=True).click()
    expect(phone.locator("h1")).to_contain_text(sessions[0].title_es)
    expect(phone.locator("main")).to_contain_text(re.compile("cuidado de niños", re.I))

    # Back to the results: the recording opens its resource page, in Spanish.
    phone.go_back()
    recording.click()
    expect(phone).to_have_url(re.compile(rf"/resources/{WEBINAR}/$"))
    expect(phone.locator("h1")).to_contain_text(webinar.title_es)
    expect(phone.locator("main")).to_contain_text("Opportunities Exchange")
