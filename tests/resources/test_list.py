"""The library's list and pages as each visitor sees them: filters, who sees what, the
citation line, a fixed number of queries, and changes shown on the next request."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resources.models import Resource
from tests import factories
from tests.resources.helpers import resource


def titles(response) -> list[str]:
    return re.findall(r'<h2><a href="/resources/[^"]+/">([^<]+)</a>', response.content.decode())


def seen(url: str) -> str:
    """The page as a new anonymous visitor gets it (from the cache when it is kept)."""
    return re.sub(r"\s+", " ", Client().get(url).content.decode())


@pytest.fixture
def library(org_a):
    lab = factories.InitiativeFactory(name="ECE Action Lab", slug="ece-action-lab")
    other = factories.InitiativeFactory(name="New Skills", slug="new-skills")
    lynn = factories.CommunityFactory(name="Lynn", slug="lynn")
    return {
        "recording": resource(
            organization=org_a,
            title_en="Webinar recording",
            kind="recording",
            language="en",
            links={"initiatives": [lab], "communities": [lynn]},
        ),
        "slides": resource(
            organization=org_a,
            title_en="Webinar slides",
            kind="slides",
            language="es",
            links={"initiatives": [lab]},
        ),
        "report": resource(
            organization=org_a,
            title_en="Year one report",
            kind="report",
            language="both",
            links={"initiatives": [other]},
        ),
        "private": resource(
            organization=org_a,
            title_en="Partners planning notes",
            kind="brief",
            visibility="partners",
            links={"initiatives": [lab]},
        ),
    }


def test_anonymous_visitors_see_public_resources_only(client, library):
    response = client.get("/resources/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Webinar recording", "Webinar slides", "Year one report"]
    assert "Partners only" not in response.text


def test_partner_staff_and_leads_also_see_partners_only_ones(client, library, staff_b, member):
    client.force_login(member)
    assert "Partners planning notes" not in titles(client.get("/resources/"))
    client.force_login(staff_b)
    assert "Partners planning notes" in titles(client.get("/resources/"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?initiative=ece-action-lab", ["Webinar recording", "Webinar slides"]),
        ("?kind=slides", ["Webinar slides"]),
        # A resource in both languages is in each.
        ("?language=es", ["Webinar slides", "Year one report"]),
        ("?language=en", ["Webinar recording", "Year one report"]),
        ("?community=lynn", ["Webinar recording"]),
        ("?initiative=ece-action-lab&kind=recording", ["Webinar recording"]),
    ],
)
def test_filters(client, library, query, expected):
    assert sorted(titles(client.get("/resources/" + query))) == expected


def test_a_filter_that_cannot_be_read_is_a_400_with_its_reason(client, library):
    response = client.get("/resources/?kind=video")
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def test_the_page_of_a_resource_gives_its_links_and_citation(client, library):
    recording = library["recording"]
    response = client.get(recording.get_absolute_url())
    text = re.sub(r"\s+", " ", response.content.decode())
    assert 'href="https://example.org/brief-' in text
    assert "ECE Action Lab" in text and "Lynn" in text
    citation = "Opportunities Exchange. Webinar recording. Recording, August 31, 2020. https://"
    assert citation in text


def test_the_citation_is_in_the_readers_language(client, library):
    client.get("/language/es/?next=/resources/")
    text = client.get(library["slides"].get_absolute_url()).content.decode()
    assert "Opportunities Exchange. Informe sobre cuidado infantil" in text


def test_a_change_shows_at_once_on_the_cached_list_and_page(org_a, staff_a):
    from resources import services

    item = resource(organization=org_a, title_en="First title")
    assert "First title" in seen("/resources/")
    assert "First title" in seen(item.get_absolute_url())
    services.resource_update(
        actor=staff_a, resource=item, fields={"title_en": "New title"}, links={}
    )
    assert "New title" in seen("/resources/")
    assert "New title" in seen(item.get_absolute_url())


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("query", ["", "?initiative=lab&language=es", "?community=lynn&kind=brief"])
def test_the_list_runs_the_same_queries_whatever_its_size(client, org_a, query):
    lab = factories.InitiativeFactory(slug="lab")
    lynn = factories.CommunityFactory(slug="lynn")

    def add(count):
        for _ in range(count):
            resource(
                organization=org_a,
                language="both",
                links={
                    "initiatives": [lab, factories.InitiativeFactory()],
                    "communities": [lynn],
                },
            )

    add(3)
    small, _ = count_queries(client, "/resources/" + query)
    add(25)
    large, response = count_queries(client, "/resources/" + query)
    assert len(titles(response)) == 20
    assert small == large
    # The person-free list: the count, the page, its initiatives (choices come from the cache).
    assert large <= 6


def test_the_page_runs_the_same_queries_whatever_its_links(client, org_a):
    item = resource(organization=org_a)
    small, _ = count_queries(client, item.get_absolute_url())
    item.initiatives.set(factories.InitiativeFactory.create_batch(5))
    item.focus_areas.set(factories.FocusAreaFactory.create_batch(5))
    item.events.set(factories.EventFactory.create_batch(5))
    item.communities.set(factories.CommunityFactory.create_batch(5))
    large, _ = count_queries(client, item.get_absolute_url())
    assert small == large
    assert Resource.objects.count() == 1


def test_the_selectors_other_parts_use(org_a):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from resources.selectors import public_resources, resources_added_between

    with time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        march = resource(organization=org_a, title_en="March")
        resource(organization=org_a, title_en="Private", visibility="partners")
    with time_machine.travel(dt.datetime(2025, 4, 1, 12, tzinfo=dt.UTC), tick=False):
        april = resource(organization=org_a, title_en="April")

    assert set(public_resources()) == {march, april}
    start = timezone.make_aware(dt.datetime(2025, 2, 1))
    end = timezone.make_aware(dt.datetime(2025, 3, 15))
    assert list(resources_added_between(start, end)) == [march]
    assert march.get_absolute_url() == f"/resources/{march.slug}/"
