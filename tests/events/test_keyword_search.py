"""The events list's keyword box (`q`): the site search's matching (coalition.search), with
the list's other filters, in the same number of queries whatever the data."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, EventLanguageFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    body = response.content.decode()
    return re.findall(r'<h2[^>]*>\s*<a href="/events/[^"]+/">(?:<span lang="en">)?([^<]+)<', body)


def test_the_keyword_box_finds_words_accents_aside_in_either_language():
    EventFactory(title="Family workshop", title_es="Taller de educación", slug="taller")
    EventFactory(title="Board meeting", slug="board")

    response = Client().get("/events/?q=EDUCACION")

    assert response.status_code == 200
    assert titles(response) == ["Family workshop"]
    assert 'type="search" name="q" value="EDUCACION"' in response.content.decode()


def test_the_keyword_box_finds_childcare_in_spanish_with_the_other_filters():
    EventFactory(title="Lynn session", slug="lynn", childcare_offered=True)
    EventFactory(title="Lynn talk", slug="lynn-talk")
    EventFactory(title="Lynn webinar", slug="webinar", kind="webinar", childcare_offered=True)

    response = Client(headers={"accept-language": "es"}).get(
        "/events/?q=cuidado+infantil&kind=listening_session"
    )

    assert titles(response) == ["Lynn session"]


def test_an_over_long_keyword_is_refused_by_the_box():
    response = Client().get("/events/?q=" + "a" * 201)

    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def _count(url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_with_keywords_takes_the_same_queries_for_3_and_30_events():
    def add(count, start):
        for n in range(start, start + count):
            event = EventFactory(title=f"Robotics night {n}", slug=f"robotics-{n}")
            EventLanguageFactory(event=event, language="es", interpretation=True)

    add(3, 0)
    _count("/events/?q=warm")  # the filters' choices are rendered once per version, then kept
    with_3 = _count("/events/?q=robotics")
    add(27, 3)
    _count("/events/?q=warm+again")
    with_30 = _count("/events/?q=robotics&page=1")

    assert with_3 == with_30 == 3  # the count, the page, its languages
