"""What the journeys share: signing in as a demo account (with the authenticator code, for the
accounts that have two-factor), a phone's viewport, checking that a page fits its width, and
the name under which a test reports figures for the whole run."""

import re

from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.totp import authenticator_code

PHONE = {"width": 390, "height": 844}
# What a test reports for the whole run, `record_property(SUMMARY, text)` (the crawl's counts and
# times, the pages' weights): printed after the run by the conftest, from every xdist worker.
SUMMARY = "e2e summary"


def sign_in(page, live_server, email, with_code=False):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label(re.compile("Email")).fill(email)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if with_code:
        code = authenticator_code()
        page.get_by_label(re.compile("Authenticator code|Code", re.I)).fill(code)
        page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def fits_the_phone(page):
    # A phone zooms a page out to its widest content: the layout must stay the phone's width
    # (read once the page has loaded: a page still arriving has no viewport rule yet).
    page.wait_for_load_state("load")
    assert page.evaluate("window.innerWidth") == page.viewport_size["width"], page.url
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, page.url
