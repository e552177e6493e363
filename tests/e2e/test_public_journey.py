"""A parent on a phone finds a listening session in Spanish, and moves around the site."""

import re

from playwright.sync_api import expect


def test_a_visitor_on_a_phone_finds_a_session_and_reads_it_in_spanish(
    phone, live_server, demo_data
):
    phone.goto(live_server.url + "/")
    expect(phone.locator("h1")).to_have_count(1)

    # The skip link is the first thing the keyboard reaches and takes focus to the content.
    phone.keyboard.press("Tab")
    skip = phone.locator(".skip-link")
    expect(skip).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.locator("main")).to_be_focused()

    # Switch to Spanish with the header's links; the choice sticks across pages.
    phone.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone).to_have_url(live_server.url + "/")
    language = phone.get_by_role("navigation", name="Idioma")
    expect(language.get_by_role("link", name="Español")).to_have_attribute("aria-current", "true")
    phone.get_by_role("navigation", name=re.compile("Principal|Main")).get_by_role(
        "link", name="Eventos"
    ).click()
    expect(phone).to_have_url(re.compile(r"/events/"))
    expect(phone.locator("html")).to_have_attribute("lang", "es")

    # Past sessions include the Brown's Promise community session in Lynn.
    phone.goto(live_server.url + "/events/?when=past")
    phone.get_by_role("link", name=re.compile("Lynn")).first.click()
    expect(phone.locator("h1")).to_contain_text("Lynn")
    expect(phone.locator("main")).to_contain_text("2024")

    # Nothing on the page is wider than the phone's screen.
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_a_visitor_browses_initiatives_partners_and_sites(phone, live_server, demo_data):
    phone.goto(live_server.url + "/initiatives/")
    phone.get_by_role("link", name=re.compile("New Skills ready network")).first.click()
    expect(phone.locator("h1")).to_contain_text("New Skills")
    expect(phone.locator("main")).to_contain_text("EdVestors")

    phone.goto(live_server.url + "/partners/")
    # The directory's own keyword box, not the site search in the header.
    filters = phone.locator("main form.filters")
    filters.get_by_role("searchbox").fill("EdVestors")
    filters.get_by_role("button", name=re.compile("Apply|Search|Filter", re.I)).first.click()
    expect(phone.get_by_role("link", name="EdVestors").first).to_be_visible()
    phone.get_by_role("link", name="EdVestors").first.click()
    expect(phone.locator("h1")).to_have_text("EdVestors")

    phone.goto(live_server.url + "/sites/")
    phone.get_by_role("link", name=re.compile("Holyoke")).first.click()
    expect(phone.locator("h1")).to_contain_text("Holyoke")
