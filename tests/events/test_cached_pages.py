"""Event pages kept whole for anonymous visitors (coalition.pagecache) show each change on the
very next request: what was heard, a seat given back, an event cancelled."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Membership
from tests.events.helpers import confirmed
from tests.events.test_where_next_and_heard import report_form
from tests.factories import (
    EventFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    two_factor_lead,
)
from tests.factories import verified_user as verified

pytestmark = pytest.mark.django_db


def seen(url: str) -> str:
    """The page as a new anonymous visitor gets it (from the cache when it is kept)."""
    return re.sub(r"\s+", " ", Client().get(url).content.decode())


def test_what_was_heard_shows_at_once_on_the_event_and_objective_pages(client):
    host = OrganizationFactory()
    ended = timezone.now() - dt.timedelta(days=2)
    session = EventFactory(hosts=[host], starts_at=ended - dt.timedelta(hours=2), ends_at=ended)
    objective = ObjectiveFactory(title="Safe routes to school")
    organizer = verified("organizer@example.org")
    MembershipFactory(user=organizer, organization=host, role=Membership.Role.STAFF)
    client.force_login(organizer)
    assert "Families want integrated schools." not in seen(session.get_absolute_url())
    assert "Transportation" not in seen(objective.get_absolute_url())

    response = client.post(f"/events/{session.slug}/organize/report/", report_form(objective))

    assert response.status_code == 302
    assert "Families want integrated schools." in seen(session.get_absolute_url())
    assert "Transportation" in seen(objective.get_absolute_url())


def test_a_seat_given_back_shows_at_once_on_the_event_page_and_list():
    event = EventFactory(capacity=2)
    registration = confirmed(event, email="rosa@example.org")
    for url in (event.get_absolute_url(), "/events/"):
        assert "1 seat left" in seen(url)

    Client().post(f"/events/manage/{registration.manage_token}/cancel/")

    for url in (event.get_absolute_url(), "/events/"):
        assert "2 seats left" in seen(url), url


def test_an_event_cancelled_leaves_the_home_page_at_once(client):
    host = OrganizationFactory()
    event = EventFactory(hosts=[host], title="Listening session in Holyoke")
    client.force_login(two_factor_lead())
    assert "Listening session in Holyoke" in seen("/")

    response = client.post(
        f"/events/{event.slug}/organize/cancel/", {"reason": "The room is closed."}
    )

    assert response.status_code == 302
    assert "Listening session in Holyoke" not in seen("/")


def test_an_event_page_at_another_address_reads_nothing_and_shows_changes_at_once():
    event = EventFactory(title="Family night", capacity=10, hosts=[OrganizationFactory()])
    assert "10 seats left" in seen(event.get_absolute_url())
    # A tracking tag makes another address: the page is rendered from the parts kept for
    # every address.
    with CaptureQueriesContext(connection) as queries:
        tagged = seen(f"{event.get_absolute_url()}?utm_source=newsletter")
    assert len(queries.captured_queries) == 0
    assert "10 seats left" in tagged and "Hosted by" in tagged
    # A seat taken and the description changed: both on the next request at any address.
    confirmed(event)
    event.description = "Dinner is served."
    event.save()
    again = seen(f"{event.get_absolute_url()}?utm_source=social")
    assert "9 seats left" in again and "Dinner is served." in again


def test_the_events_list_at_another_address_reuses_its_part_and_shows_changes_at_once():
    EventFactory(title="Family night", capacity=10)
    assert "Family night" in seen("/events/?when=upcoming")
    with CaptureQueriesContext(connection) as queries:
        tagged = seen("/events/?when=upcoming&utm_source=newsletter")
    assert len(queries.captured_queries) == 0  # the same filters: their part, kept
    assert "Family night" in tagged and 'href="/events/?when=upcoming&amp;utm_source' not in tagged
    EventFactory(title="Reading circle", capacity=10)
    assert "Reading circle" in seen("/events/?when=upcoming&utm_source=social")
    # Another filter is another part.
    assert "Family night" in seen("/events/?kind=listening_session&utm_source=social")


def test_the_parts_kept_for_everyone_never_carry_a_person_s_registration_or_button(client):
    host = OrganizationFactory()
    event = EventFactory(title="Family night", capacity=10, hosts=[host])
    url = event.get_absolute_url()
    assert "Register</a>" in seen(url)
    person = verified("rosa@example.org")
    confirmed(event, email="rosa@example.org", user=person)
    client.force_login(person)
    mine = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert "You are registered." in mine and "Register</a>" not in mine
    organizer = verified("organizer@example.org")
    MembershipFactory(user=organizer, organization=host, role=Membership.Role.STAFF)
    client.force_login(organizer)
    theirs = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert "Organize this event" in theirs and "Register</a>" in theirs
    anonymous = seen(url)
    assert "You are registered." not in anonymous and "Organize this event" not in anonymous
    assert "9 seats left" in anonymous
