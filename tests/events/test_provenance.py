"""Example events and reports say so, and fact ones say who states them: on the events list,
an event's page and what was heard there, /me/, the organizer's pages and in calendar files."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from partners.models import Membership
from tests.events.helpers import confirmed
from tests.factories import (
    EventFactory,
    LocationSuggestionFactory,
    MembershipFactory,
    OrganizationFactory,
    SessionReportFactory,
    ThemeFactory,
    two_factor_lead,
)
from tests.factories import verified_user as verified
from tests.support.markup import sound_page as get
from tests.support.provenance import badges, element_with, says_source

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC)
SEED = "Brown's Promise Massachusetts, Community sessions 2024"
SEED_HTML = "Brown&#x27;s Promise Massachusetts, Community sessions 2024"
SEED_URL = "https://brownspromise.org/sessions"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def host():
    return OrganizationFactory(name="Lynn Families United", slug="lynn-families")


@pytest.fixture
def fact(host):
    return EventFactory(
        title="Webinar on the state report",
        slug="fact",
        starts_at=NOW + dt.timedelta(days=3),
        source=SEED,
        source_url=SEED_URL,
        hosts=[host],
    )


@pytest.fixture
def example(host):
    return EventFactory(
        title="Listening session at the library",
        slug="example",
        starts_at=NOW + dt.timedelta(days=5),
        is_example=True,
        hosts=[host],
    )


def test_the_events_list_badges_example_events_and_names_the_source_of_fact_ones(
    client, fact, example
):
    page = get(client, "/events/")

    fact_card = element_with(page, "Webinar on the state report")
    assert says_source(fact_card, SEED_HTML, link=SEED_URL)
    assert badges(fact_card) == 0
    assert badges(element_with(page, "Listening session at the library")) == 1


def test_an_events_page_says_whether_it_is_an_example_and_who_states_it(client, fact, example):
    page = get(client, "/events/fact/")
    assert says_source(page, SEED_HTML, as_of="March 13, 2025", link=SEED_URL)
    assert badges(page) == 0

    assert badges(get(client, "/events/example/")) == 1


def test_what_we_heard_names_its_source_or_says_it_is_an_example(client):
    held = NOW - dt.timedelta(days=30)
    report = SessionReportFactory(
        event__slug="held",
        event__starts_at=held,
        event__source=SEED,
        summary="Families asked for integrated schools.",
        source=SEED,
        source_url=SEED_URL,
        published_at=NOW - dt.timedelta(days=20),
    )
    ThemeFactory(report=report, title="Fair funding")
    example = SessionReportFactory(
        event__slug="held-example",
        event__starts_at=held,
        event__is_example=True,
        summary="People asked for later hours.",
        is_example=True,
        published_at=NOW - dt.timedelta(days=20),
    )

    page = get(client, "/events/held/")
    heard = element_with(page, "Families asked for integrated schools.", tag="section")
    assert says_source(heard, SEED_HTML, as_of="February 8, 2025", link=SEED_URL)
    assert badges(page) == 0

    page = get(client, f"/events/{example.event.slug}/")
    assert badges(element_with(page, "People asked for later hours.", tag="section")) == 1


def test_the_calendar_file_of_an_example_event_says_it_is_an_example(client, fact, example):
    [vevent] = Calendar.from_ical(client.get("/events/example/event.ics").content).walk("VEVENT")
    assert str(vevent["summary"]) == "Example: Listening session at the library"
    assert str(vevent["description"]).startswith("An example: it shows how the portal works")

    [vevent] = Calendar.from_ical(client.get("/events/fact/event.ics").content).walk("VEVENT")
    assert str(vevent["summary"]) == "Webinar on the state report"
    assert "example" not in str(vevent["description"]).lower()

    feed = Calendar.from_ical(client.get("/events/feed.ics").content)
    assert sorted(str(e["summary"]) for e in feed.walk("VEVENT")) == [
        "Example: Listening session at the library",
        "Webinar on the state report",
    ]


def test_me_badges_registrations_for_example_events(client, fact, example):
    user = verified("ana@example.org")
    confirmed(fact, email="ana@example.org")
    confirmed(example, email="ana@example.org")
    client.force_login(user)

    page = get(client, "/me/")

    assert badges(element_with(page, "Listening session at the library")) == 1
    assert badges(element_with(page, "Webinar on the state report")) == 0


def test_the_organizer_pages_badge_an_example_event(client, host, fact, example):
    user = verified("organizer@example.org")
    MembershipFactory(user=user, organization=host, role=Membership.Role.STAFF)
    client.force_login(user)

    page = get(client, "/events/organize/")
    assert badges(element_with(page, "Listening session at the library")) == 1
    assert badges(element_with(page, "Webinar on the state report")) == 0

    for path in ("organize/", "organize/roster/", "organize/report/"):
        assert badges(get(client, f"/events/example/{path}")) == 1, path
        assert badges(get(client, f"/events/fact/{path}")) == 0, path


def test_leads_see_which_location_suggestions_are_examples(client):
    lead = two_factor_lead()
    client.force_login(lead)
    LocationSuggestionFactory(place="Holyoke Public Library", is_example=True)
    LocationSuggestionFactory(place="Lynn Museum")

    page = get(client, "/events/suggestions/")

    assert badges(element_with(page, "Holyoke Public Library", tag="h2")) == 1
    assert badges(element_with(page, "Lynn Museum", tag="h2")) == 0


def test_the_organizers_report_page_names_the_reports_source_or_badges_it(client, host):
    user = verified("organizer@example.org")
    MembershipFactory(user=user, organization=host, role=Membership.Role.STAFF)
    client.force_login(user)
    held = NOW - dt.timedelta(days=30)
    SessionReportFactory(
        event__slug="held", event__starts_at=held, event__hosts=[host], source=SEED
    )
    SessionReportFactory(
        event__slug="held-example", event__starts_at=held, event__hosts=[host], is_example=True
    )

    fact = get(client, "/events/held/organize/report/")
    assert says_source(fact, SEED_HTML) and badges(fact) == 0
    assert badges(get(client, "/events/held-example/organize/report/")) == 1
