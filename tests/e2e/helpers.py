"""What the journeys share: signing in as a demo account (with the authenticator code, for the
accounts that have two-factor), a phone's viewport, checking that a page fits its width, and
the name under which a test reports figures for the whole run."""

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone
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


def filter_dashboard_to_the_new_skills_network(page):
    """On /dashboard/: the New Skills ready network, from a year ago to two months ahead,
    through the folded filters (a <details>, which opens without a script). Its objectives are
    its Boston site's: the progress table shows that one row."""
    today = timezone.localdate()
    since, until = today - dt.timedelta(days=365), today + dt.timedelta(days=60)
    page.locator(".dash-filters > summary").click()
    page.get_by_label("Initiative:").select_option(label="New Skills ready network")
    page.get_by_label("From:").fill(since.isoformat())
    page.get_by_label("To:").fill(until.isoformat())
    page.get_by_role("button", name="Apply filters").click()
    assert "initiative=new-skills-ready-network" in page.url
    assert f"since={since.isoformat()}" in page.url and f"until={until.isoformat()}" in page.url
    expect(page.locator(".result-count")).to_contain_text("Filtered: New Skills ready network")
    progress = page.locator("#objectives-by-status-heading + figure + .table-wrap tbody")
    expect(progress.locator("tr")).to_have_count(1)
    expect(progress).to_contain_text("NSRN Boston")
