"""Every page, for every role, in English and in Spanish, passes axe-core (WCAG 2.0, 2.1 and
2.2, levels A and AA) at a phone's and a laptop's width, and scrolls sideways at no width down
to 320 px: its first state, its forms sent empty or wrong, and the page each form leads to.

The crawl (tests/e2e/crawl_steps.py) runs over the demo data, with the few things added that
some pages need (an invitation, a request to join, an application, an email that could not be
sent, a meeting that is over). Every URL pattern of the project is crawled or listed in
NOT_CRAWLED with the reason: a new page fails `test_every_url_pattern_is_crawled_or_listed`
until it is one or the other."""

import time

import pytest

from coalition.models import User
from opendata.tables import TABLES as OPEN_DATA_TABLES
from tests.e2e.crawl import (
    HEIGHT,
    WIDTHS,
    Crawl,
    language_cookie,
    run,
    session_cookie,
    url_patterns,
)
from tests.e2e.crawl_steps import ANONYMOUS, EMAILS, LANGUAGES, ROLES, STEPS, prepare
from tests.e2e.helpers import SUMMARY

NOT_CRAWLED = {
    "admin:*": "Django's own admin site, for the site's technical staff: Django's markup",
    "healthz": "JSON for the load balancer and monitoring, not a page",
    "language": "a redirect: the language links of every page, crawled in both languages",
    "events:ics": "a calendar file (download)",
    "resources:file": "a resource's file (download); its link is on the resource's page",
    "events:feed": "a calendar feed (download)",
    "stories:feed": "an Atom feed (XML) for feed readers; its link is on the stories' list",
    "stories:image": "a story's image, shown on the stories' pages, which are crawled",
    "events:manage_ics": "a calendar file (download) in the registrant's language, from their page",
    "events:roster_csv": "a CSV file (download); its link is on the roster, crawled",
    "dashboard:export_download": "a CSV file (download); its link is on the export's page",
    "dashboard:packet_pdf": "a PDF file (download) of the board packet, crawled as a page",
    "dashboard:refresh": "POST only: the dashboard's refresh button; it redirects to the dashboard",
    "mfa_download_recovery_codes": "a text file (download); its link is on the codes' page",
    "mfa_remove_webauthn": "needs a security key, which a headless browser cannot register",
    "mfa_edit_webauthn": "needs a security key, which a headless browser cannot register",
    "opendata:root": "JSON (the open data's list of tables), not a page; /open-data/ is crawled",
    "opendata:schema": "JSON (the open data's OpenAPI schema), not a page",
    **{
        f"opendata:{name}{suffix}": "JSON or CSV (download) of an open data table, not a page"
        for name in OPEN_DATA_TABLES
        for suffix in ("", "_csv")
    },
    "programs:certificate": "a PDF file (download); the program journey downloads and reads it",
}


def test_every_url_pattern_is_crawled_or_listed():
    patterns = set(url_patterns())
    listed = {
        name
        for name in patterns
        for key in NOT_CRAWLED
        if name == key or (key.endswith(":*") and name.startswith(key[:-1]))
    }
    crawled = {step.name for step in STEPS if step.name}
    assert sorted(patterns - crawled - listed) == [], "neither crawled nor in NOT_CRAWLED"
    assert sorted(crawled - patterns) == [], "crawled names that are no URL pattern"
    assert sorted(crawled & listed) == [], "crawled, and yet in NOT_CRAWLED"
    stale = [key for key in NOT_CRAWLED if key not in patterns and not key.endswith(":*")]
    assert stale == [], "NOT_CRAWLED names that are no URL pattern"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(
    browser, live_server, demo_data, settings, record_property, role, language
):
    # The dashboard's tables have more rows than the demo's CSV downloads at once: the page
    # that prepares a large export is crawled too.
    settings.DASHBOARD_EXPORT_ROWS_AT_ONCE = 1
    world = prepare(language)
    started = time.monotonic()
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT})
    cookies = [language_cookie(language, live_server.url)]
    if role != ANONYMOUS:
        user = User.objects.get(email=EMAILS[role])
        world.email = user.email
        cookies.append(session_cookie(user, live_server.url))
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(5_000)
    crawl = Crawl(page, live_server.url, f"{role}, {language}", language)
    steps = [step for step in STEPS if role in step.roles]
    for step in steps:
        run(crawl, step, world)
    context.close()
    summary = (
        f"axe crawl [{role}, {language}]: {len(steps)} states, {crawl.audits} audits "
        f"in {time.monotonic() - started:.0f} s"
    )
    print(summary)
    record_property(SUMMARY, summary)
    assert not crawl.problems, f"{len(crawl.problems)} problems:\n" + "\n".join(crawl.problems)
