"""The smallest phones (320 CSS pixels wide): nothing scrolls sideways but the frames of wide
tables and charts, on the pages where long addresses, long choices or rows of checkboxes used to
push the page wider: the partner directory and an organization with a long website address,
where-next suggestions, and the organizer's event form."""

import re

from playwright.sync_api import expect

from events.models import Event
from partners.models import Organization
from tests.e2e.helpers import fits_the_phone, sign_in
from tests.factories import OrganizationFactory

NARROW = {"width": 320, "height": 640}
LONG_WEBSITE = (
    "https://www.example.org/departments/community-partnerships/"
    "education-equity-coalition/listening-sessions-and-family-engagement"
)


def visit(page, live_server, path):
    page.goto(live_server.url + path)
    fits_the_phone(page)
    # The measure the check reads, said outright: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_public_and_organizer_pages_fit_320_px(phone, live_server, demo_data):
    phone.set_viewport_size(NARROW)
    Organization.objects.filter(slug="edvestors").update(website=LONG_WEBSITE)
    OrganizationFactory(
        name="Statewide-Education-Equity-Collaborative-of-Massachusetts",
        slug="statewide",
        website=LONG_WEBSITE,
    )
    for path in [
        "/partners/",
        "/partners/?sort=newest",
        "/partners/edvestors/",
        "/partners/statewide/",
        "/events/suggest/",
    ]:
        visit(phone, live_server, path)
    # A checkbox keeps its label beside it, the label wrapping within the screen.
    upcoming = Event.objects.filter(status="published").order_by("-starts_at").first()
    visit(phone, live_server, f"/events/{upcoming.slug}/register/")
    box = phone.locator("#id_consent").bounding_box()
    label = phone.locator("label[for=id_consent]").bounding_box()
    assert label["x"] > box["x"] + box["width"] and label["y"] < box["y"] + box["height"]
    # The address is written whole, broken over lines within the screen.
    phone.goto(live_server.url + "/partners/edvestors/")
    website = phone.get_by_role("link", name=LONG_WEBSITE)
    assert website.bounding_box()["width"] <= NARROW["width"]

    sign_in(phone, live_server, "staff@example.org")
    event = Event.objects.filter(hosts__slug="edvestors").order_by("starts_at").first()
    for path in [
        "/events/organize/",
        "/events/organize/new/",
        f"/events/{event.slug}/organize/",
        f"/events/{event.slug}/organize/roster/",
        f"/events/{event.slug}/organize/check-in/",
        f"/events/{event.slug}/organize/message/",
    ]:
        visit(phone, live_server, path)


def test_the_leads_pages_fit_320_px(phone, live_server, demo_data):
    phone.set_viewport_size(NARROW)
    sign_in(phone, live_server, "lead@example.org", with_code=True)
    for path in [
        "/events/suggestions/",
        "/dashboard/",
        "/network/leads/",
        "/network/imports/",
        "/network/audit/",
        "/partners/applications/",
    ]:
        visit(phone, live_server, path)


def test_a_wide_table_scrolls_in_its_frame_from_the_keyboard(phone, live_server, demo_data):
    phone.set_viewport_size(NARROW)
    sign_in(phone, live_server, "lead@example.org", with_code=True)
    phone.goto(live_server.url + "/dashboard/")
    frame = phone.get_by_role(
        "region", name=re.compile("^Objectives by status, for each initiative")
    )
    # Reached with the keyboard: the tab before it is the chart's frame, wide as well.
    frame.focus()
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.classList.contains('table-wrap')")
    # The focus ring: a dark outline with its light halo.
    ring = phone.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineColor, s.boxShadow]; })()"
    )
    assert ring[0] == "solid" and ring[1] == "rgb(28, 25, 23)"
    assert "rgb(253, 230, 138)" in ring[2]
    assert phone.evaluate("document.activeElement.scrollWidth > document.activeElement.clientWidth")
    expect(frame).to_have_js_property("scrollLeft", 0)
    phone.keyboard.press("ArrowRight")
    expect(frame).not_to_have_js_property("scrollLeft", 0)
