"""Light pages: every page a visitor without an account opens transfers at most 100 KB in all
(the page and everything it loads, on an empty cache), all of it from the site itself."""

from urllib.parse import urlsplit

from django.urls import reverse

from events.models import Registration
from tests.e2e.crawl_steps import visitor_pages
from tests.e2e.helpers import PHONE, SUMMARY

LIMIT = 100 * 1024


def weigh(browser, url: str) -> tuple[int, list[str]]:
    """The bytes of every response body the page loads, on a fresh (empty) cache, and the
    requests it makes to another host."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_load_state("load")
    host = urlsplit(url).netloc
    elsewhere = [
        request.url
        for request in finished
        if urlsplit(request.url).scheme != "data" and urlsplit(request.url).netloc != host
    ]
    weight = sum(request.sizes()["responseBodySize"] for request in finished)
    context.close()
    return weight, elsewhere


def test_every_visitor_page_is_light_and_from_the_site_alone(
    browser, live_server, demo_data, record_property
):
    registration = Registration.objects.filter(status="confirmed").first()
    pages = [
        *visitor_pages(),
        # A registrant's private page, from the link in their email.
        reverse("events:manage", kwargs={"token": registration.manage_token}),
    ]
    problems, weights = [], []
    for path in pages:
        weight, elsewhere = weigh(browser, live_server.url + path)
        weights.append(f"{weight / 1024:6.1f} KB  {path}")
        if weight > LIMIT:
            problems.append(f"{path}: {weight / 1024:.1f} KB, more than {LIMIT // 1024} KB")
        if elsewhere:
            problems.append(f"{path}: requests to other hosts: {elsewhere}")
    print("\n".join(weights))
    record_property(SUMMARY, "page weights (visitors):\n" + "\n".join(weights))
    assert len(pages) > 30
    assert problems == []
