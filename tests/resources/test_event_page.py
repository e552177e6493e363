"""An event's page lists its public recordings and slides once they are added, beside its own
recording and slides links, in a fixed number of queries; a change shows on the next request
of the cached page."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resources import services
from tests import factories
from tests.resources.helpers import resource


def seen(url: str) -> str:
    return re.sub(r"\s+", " ", Client().get(url).content.decode())


@pytest.fixture
def webinar(org_a):
    ended = timezone.now() - dt.timedelta(days=20)
    return factories.EventFactory(
        hosts=[org_a],
        title="Reinventing Child Care: webinar 1",
        starts_at=ended - dt.timedelta(hours=1),
        ends_at=ended,
        kind="webinar",
        format="online",
        recording_url="https://videos.example.org/webinar-1",
    )


def test_the_page_lists_its_public_resources_beside_its_own_links(webinar, org_a):
    resource(
        organization=org_a,
        title_en="Webinar 1 slides",
        kind="slides",
        links={"events": [webinar]},
    )
    resource(
        organization=org_a,
        title_en="Webinar 1 planning notes",
        visibility="partners",
        links={"events": [webinar]},
    )
    resource(organization=org_a, title_en="Another session's recording")

    page = seen(webinar.get_absolute_url())

    assert "Recording and slides" in page
    assert 'href="https://videos.example.org/webinar-1"' in page
    assert "Webinar 1 slides</a> (Slides, English and Spanish)" in page
    assert "planning notes" not in page
    assert "Another session" not in page


def test_a_resource_added_edited_or_deleted_shows_on_the_next_request(webinar, org_a, staff_a):
    url = webinar.get_absolute_url()
    assert "Webinar 1 recording" not in seen(url)  # kept in the cache now

    added = resource(organization=org_a, title_en="Webinar 1 recording", kind="recording")
    assert "Webinar 1 recording" not in seen(url)  # not linked to it yet
    services.resource_update(actor=staff_a, resource=added, fields={}, links={"events": [webinar]})
    assert "Webinar 1 recording" in seen(url)

    services.resource_update(
        actor=staff_a, resource=added, fields={"title_en": "The full recording"}, links={}
    )
    assert "The full recording" in seen(url)

    services.resource_update(actor=staff_a, resource=added, fields={}, links={"events": []})
    assert "The full recording" not in seen(url)

    services.resource_update(actor=staff_a, resource=added, fields={}, links={"events": [webinar]})
    services.resource_delete(actor=staff_a, resource=added)
    assert "The full recording" not in seen(url)


def test_the_page_runs_the_same_queries_whatever_its_resources(client, webinar, org_a):
    """One query more than before the library: its public resources, prefetched."""

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(webinar.get_absolute_url())
        assert response.status_code == 200
        return len(queries), response

    resource(organization=org_a, links={"events": [webinar]})
    small, _ = count()
    for _ in range(12):
        resource(organization=org_a, kind="slides", links={"events": [webinar]})
    large, response = count()
    # Its parts, not kept since a resource changed: the event with its languages, hosts,
    # report and themes (3), and since the library its public resources (1): four, whatever
    # their number. (Anonymous: nothing is read for the person.)
    assert small == large == 4
    assert response.content.decode().count("(Slides, English and Spanish)") == 12
