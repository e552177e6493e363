"""Provenance on the top floor's pages: the home page's session count, an organization's page
(its objectives' statuses, its events, its staff) and the leads' measurements list."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from initiatives.models import ProgressStatus
from partners.models import Membership
from tests.factories import (
    EventFactory,
    IndicatorFactory,
    MeasurementFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    UserFactory,
    two_factor_lead,
    verified_user,
)
from tests.support.markup import sound_page as get
from tests.support.provenance import badges, element_with, says_source

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC)
PIC = "Boston Private Industry Council, Summer jobs report 2024"
PIC_URL = "https://www.bostonpic.org/reports"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_home_page_says_how_many_upcoming_sessions_are_examples(client):
    EventFactory(title="A fact session", starts_at=NOW + dt.timedelta(days=2), source=PIC)
    EventFactory(title="An example session", starts_at=NOW + dt.timedelta(days=4), is_example=True)

    page = get(client, "/")

    count = element_with(page, "upcoming sessions")
    assert badges(count) == 1
    assert "1 of them is an example" in count
    assert badges(element_with(page, "An example session")) == 1
    fact = element_with(page, "A fact session")
    assert badges(fact) == 0 and says_source(fact, PIC)


def test_the_home_page_count_of_fact_sessions_has_no_badge(client):
    EventFactory.create_batch(2, starts_at=NOW + dt.timedelta(days=2))
    assert badges(element_with(get(client, "/"), "upcoming sessions")) == 0


@pytest.fixture
def partner():
    organization = OrganizationFactory(name="Sociedad Latina", slug="sociedad-latina")
    fact = ObjectiveFactory(title="Fact objective", owners=[organization])
    example = ObjectiveFactory(title="Example objective", owners=[organization])
    ProgressUpdateFactory(
        objective=fact,
        organization=organization,
        source=PIC,
        source_url=PIC_URL,
        created_at=dt.datetime(2024, 11, 4, 12, tzinfo=dt.UTC),
    )
    ProgressUpdateFactory(
        objective=example,
        organization=organization,
        status=ProgressStatus.AT_RISK,
        is_example=True,
        created_at=dt.datetime(2025, 2, 20, 12, tzinfo=dt.UTC),
    )
    EventFactory(title="An example session", is_example=True, hosts=[organization])
    EventFactory(title="A fact session", source=PIC, hosts=[organization])
    return organization


def test_an_organizations_page_gives_its_statuses_and_events_their_provenance(client, partner):
    page = get(client, "/partners/sociedad-latina/")

    fact = element_with(page, "Fact objective")
    assert says_source(fact, PIC, link=PIC_URL)
    assert "Last update November 4, 2024" in fact
    assert badges(fact) == 0
    example = element_with(page, "Example objective")
    assert badges(example) == 1
    assert says_source(example, "Sociedad Latina")
    assert badges(element_with(page, "An example session")) == 1
    assert badges(element_with(page, "A fact session")) == 0


def test_an_organizations_page_lists_example_staff_as_examples(client, partner):
    viewer = verified_user("viewer@example.org")
    MembershipFactory(user=viewer, organization=partner, role=Membership.Role.STAFF)
    MembershipFactory(
        user=UserFactory(name="Alex Example", is_example=True),
        organization=partner,
        title="Community organizer",
    )
    MembershipFactory(user=UserFactory(name="Rosa Real"), organization=partner)
    client.force_login(viewer)

    page = get(client, "/partners/sociedad-latina/")

    assert badges(element_with(page, "Alex Example")) == 1
    assert badges(element_with(page, "Rosa Real")) == 0


def test_the_measurements_list_gives_each_figure_its_source_date_and_badge(client):
    lead = two_factor_lead()
    client.force_login(lead)
    indicator = IndicatorFactory(name="Summer placements")
    MeasurementFactory(
        indicator=indicator,
        period_label="Summer 2023",
        value=Decimal("1040"),
        source=PIC,
        source_url=PIC_URL,
        as_of=dt.date(2023, 10, 2),
    )
    MeasurementFactory(
        indicator=indicator, period_label="Summer 2024", value=Decimal("1312"), is_example=True
    )

    page = get(client, "/network/measurements/")

    fact = element_with(page, "Summer 2023")
    assert says_source(fact, PIC, as_of="October 2, 2023", link=PIC_URL)
    assert badges(fact) == 0
    assert badges(element_with(page, "Summer 2024")) == 1
