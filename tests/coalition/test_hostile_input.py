"""Every query parameter of the public and organizer pages, given what an attacker or a broken
link would send: a NUL, numbers too big for any column, dates at the ends of the calendar, ids
that are not numbers, text far too long. The answer may be 200, 302, 400 or 404, never 5xx."""

import pytest

from events.models import Event
from partners.models import Membership
from tests import factories

HOSTILE = [
    "a\x00b",
    "abc",
    "-1",
    "99999999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "' OR 1=1 --",
    "x" * 5000,
]

# Each page and the query parameters it reads (its filters, paging, search).
PUBLIC = {
    "/": [],
    "/events/": [
        "when",
        "site",
        "kind",
        "format",
        "language",
        "initiative",
        "from_date",
        "to_date",
        "page",
    ],
    "/events/feed.ics": ["community"],
    "/events/suggest/": [],
    "/partners/": ["q", "sector", "initiative", "role", "city", "sort", "page"],
    "/initiatives/": ["q", "partner", "site", "kind", "page"],
    "/sites/": ["kind", "initiative", "city", "page"],
    "/sites/compare/": ["site"],
}
ORGANIZER = {
    "/events/organize/": ["page"],
    "/events/{event}/organize/check-in/": ["q"],
    "/events/{event}/organize/roster/": [],
    "/events/suggestions/": ["status", "community", "page"],
    "/network/audit/": ["action", "since", "until", "page"],
    "/network/measurements/": ["indicator", "student_group", "page"],
    "/network/imports/": ["page"],
    "/dashboard/": ["initiative", "site", "organization", "since", "until", "indicators"],
    "/dashboard/packet/": ["initiative", "site", "organization", "since", "until"],
    "/dashboard/export/engagement.csv": ["initiative", "site", "organization", "since", "until"],
    "/dashboard/organizations/{org}/": [],
}


@pytest.fixture
def world(db):
    org = factories.OrganizationFactory(slug="org-a")
    event = factories.EventFactory(hosts=[org], status=Event.Status.PUBLISHED)
    lead = factories.with_two_factor(
        factories.verified_user("lead@example.org", is_coalition_lead=True)
    )
    factories.MembershipFactory(user=lead, organization=org, role=Membership.Role.ADMIN)
    return {"org": org.slug, "event": event.slug, "lead": lead}


def _calls(pages):
    for url, params in pages.items():
        yield url, {}
        for name in params:
            for value in HOSTILE:
                yield url, {name: value}


def _walk(client, pages, world):
    """The calls that answered 5xx; each page's first call, without a query, must answer 200,
    so that the walk reaches the view rather than a redirect or a refusal."""
    fives = []
    for url, query in _calls(pages):
        path = url.format(**world)
        response = client.get(path, query)
        if not query:
            assert response.status_code == 200, (path, response.status_code)
        if response.status_code >= 500:
            fives.append((path, query, response.status_code))
    return fives


def test_public_pages_never_answer_5xx_to_hostile_parameters(client, world):
    assert _walk(client, PUBLIC, world) == []


def test_organizer_pages_never_answer_5xx_to_hostile_parameters(client, world):
    client.force_login(world["lead"])
    assert _walk(client, ORGANIZER, world) == []


def test_edge_dates_in_filters_answer_400_with_the_message(client, world):
    for query in ({"to_date": "9999-12-31"}, {"from_date": "0001-01-01"}):
        response = client.get("/events/", query)
        assert response.status_code == 400
        assert "Enter a date between" in response.text
    client.force_login(world["lead"])
    for url in ("/dashboard/", "/dashboard/packet/", "/dashboard/export/engagement.csv"):
        for query in ({"since": "9999-12-31"}, {"until": "9999-12-31"}, {"until": "0001-01-01"}):
            response = client.get(url, query)
            assert response.status_code == 400, (url, query)
            assert "Enter a date between" in response.text


def test_a_nul_in_the_feed_address_answers_400_with_a_message(client, world):
    response = client.get("/events/feed.ics", {"community": "\x00"})
    assert response.status_code == 400
    assert "holds a character no page accepts" in response.text


def test_check_in_with_a_registration_that_is_not_a_number_answers_400(client, world):
    client.force_login(world["lead"])
    url = f"/events/{world['event']}/organize/check-in/"
    for value in ("abc", "", "-1", "99999999999999999999999999"):
        response = client.post(url, {"registration": value})
        assert response.status_code == 400, value
        assert "That is not a registration of this event." in response.text
    # A number that is no registration of this event is simply not found.
    assert client.post(url, {"registration": "999999"}).status_code == 404


def test_hostile_posts_to_public_forms_never_answer_5xx(client, world):
    for value in HOSTILE:
        for url, data in (
            (f"/events/{world['event']}/register/", {"name": value, "email": value}),
            ("/events/suggest/", {"community": value, "reason": value}),
            ("/accounts/login/", {"login": value, "password": value}),
            ("/accounts/signup/", {"email": value, "password1": value, "password2": value}),
        ):
            response = client.post(url, data, REMOTE_ADDR=f"10.0.{len(value) % 250}.1")
            assert response.status_code < 500, (url, value[:20])
