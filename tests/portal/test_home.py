"""The home page: what the network is, its next sessions, its initiatives and its size."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Registration
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    InitiativeFactory,
    OrganizationFactory,
    RegistrationFactory,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def in_days(days, hour=22):
    """A time `days` from NOW at `hour` UTC (18:00 in Boston in March after the DST change)."""
    return (NOW + dt.timedelta(days=days)).replace(hour=hour)


def event_titles(response):
    section = response.text.split('id="upcoming-heading"')[1].split('id="initiatives-heading"')[0]
    return re.findall(r"<h3><a href=\"/events/[^\"]+/\">([^<]+)</a></h3>", section)


def test_home_says_what_the_network_is_and_links_to_every_section(client):
    response = client.get("/")

    assert response.status_code == 200
    text = response.text
    assert "Working together so every Massachusetts student has a fair shot" in text
    assert "Lynn, Springfield and Holyoke" in text
    for url in ("/events/", "/initiatives/", "/partners/", "/sites/"):
        assert f'href="{url}"' in text
    assert markup_problems(text) == []


def test_home_shows_the_next_four_published_events_with_date_place_and_seats(client):
    lynn = EventFactory(
        title="Community listening session in Lynn",
        starts_at=in_days(3),
        venue="Lynn Public Library",
        city="Lynn",
        capacity=40,
    )
    RegistrationFactory.create_batch(3, event=lynn)
    RegistrationFactory(event=lynn, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=lynn, status=Registration.Status.WAITLISTED)
    springfield = EventFactory(
        title="Community listening session in Springfield", starts_at=in_days(5), capacity=2
    )
    RegistrationFactory.create_batch(2, event=springfield)
    holyoke = EventFactory(
        title="Community listening session in Holyoke",
        starts_at=in_days(6),
        capacity=1,
        waitlist_enabled=False,
    )
    RegistrationFactory(event=holyoke)
    EventFactory(
        title="Reinventing Child Care webinar",
        kind=Event.Kind.WEBINAR,
        format=Event.Format.ONLINE,
        starts_at=in_days(8),
        capacity=None,
    )
    EventFactory(title="Fifth upcoming session", starts_at=in_days(9))
    EventFactory(title="Draft session", starts_at=in_days(1), status=Event.Status.DRAFT)
    EventFactory(title="Cancelled session", starts_at=in_days(1), status=Event.Status.CANCELLED)
    EventFactory(title="Last week's session", starts_at=in_days(-7))

    response = client.get("/")

    assert event_titles(response) == [
        "Community listening session in Lynn",
        "Community listening session in Springfield",
        "Community listening session in Holyoke",
        "Reinventing Child Care webinar",
    ]
    text = response.text
    # Local time in Massachusetts: 22:00 UTC is 6 p.m. on March 13.
    assert "March 13, 2025, 6 p.m." in text
    assert "Lynn Public Library, Lynn" in text
    assert "37 seats left" in text  # cancelled and waitlisted registrations take no seat
    assert "Full — waiting list open" in text
    assert '<p class="seats seats--full">Full</p>' in text
    assert "Online" in text
    assert text.count('class="seats') == 3  # the webinar has no limit, so no seats line


def test_home_says_when_nothing_is_scheduled(client):
    EventFactory(title="Last week's session", starts_at=in_days(-7))

    response = client.get("/")

    assert event_titles(response) == []
    assert "No sessions are scheduled right now." in response.text


def test_home_lists_top_level_initiatives_with_their_child_count(client):
    ooma = InitiativeFactory(
        name="Open Opportunity Massachusetts",
        summary="A cross-sector network of 40+ organizations tearing down barriers.",
    )
    InitiativeFactory(name="Campus Without Walls", parent=ooma)
    InitiativeFactory(name="Brown's Promise Massachusetts")

    text = client.get("/").text
    initiatives = text.split('id="initiatives-heading"')[1]

    assert re.findall(r"<h3><a href=\"/initiatives/[^\"]+/\">([^<]+)</a></h3>", initiatives) == [
        "Brown&#x27;s Promise Massachusetts",
        "Open Opportunity Massachusetts",
    ]
    assert "A cross-sector network of 40+ organizations tearing down barriers." in initiatives
    assert "Includes 1 more initiative" in initiatives


def test_home_counts_the_network(client):
    OrganizationFactory.create_batch(3)
    OrganizationFactory(approved=False)
    parent = InitiativeFactory()
    InitiativeFactory(parent=parent)
    DemonstrationSiteFactory.create_batch(6)
    EventFactory.create_batch(2, starts_at=in_days(2))
    EventFactory(starts_at=in_days(2), status=Event.Status.DRAFT)
    EventFactory(starts_at=in_days(-2))

    text = client.get("/").text

    def figure(label):
        match = re.search(rf'figures__number">(\d+)</span> {label}<', text)
        return int(match.group(1))

    assert figure("partner organizations") == 3
    assert figure("initiatives") == 2
    assert figure("demonstration sites") == 6
    assert figure("upcoming sessions") == 2


def test_home_makes_the_same_number_of_queries_for_5_and_50_events(client):
    InitiativeFactory.create_batch(3)

    def add_events(count):
        for n in range(count):
            event = EventFactory(starts_at=in_days(1 + n % 20), hosts=[OrganizationFactory()])
            RegistrationFactory.create_batch(2, event=event)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    add_events(5)
    with_5 = count_queries()
    add_events(45)
    with_50 = count_queries()

    # Events with seats left and their languages, initiatives, and one count per figure.
    assert with_5 == with_50 == 7
