"""Each table reads what the portal's pages show in public, filtered as they filter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import Event
from initiatives.models import Indicator, ProgressStatus, ProgressUpdate, StudentGroup
from partners.models import Sector
from tests import factories
from tests.opendata.helpers import TABLES, error, read

pytestmark = pytest.mark.django_db


def slugs(url: str) -> list[str]:
    return [row["slug"] for row in read(url)["results"]]


def test_the_root_lists_every_table_with_its_json_csv_and_filters(network):
    root = read("/api/v1/")

    assert sorted(root["tables"]) == sorted(TABLES)
    events = root["tables"]["events"]
    assert events["url"] == "http://testserver/api/v1/events/"
    assert events["csv"] == "http://testserver/api/v1/events.csv"
    assert "community" in events["filters"]
    assert root["schema"] == "http://testserver/api/v1/schema/"
    assert root["documentation"] == "http://testserver/open-data/"
    for table in root["tables"].values():
        assert read(table["url"])["count"] >= 1


def test_an_event_says_when_where_languages_and_seats_left_and_links_to_its_tables(network):
    [event] = read("/api/v1/events/")["results"]

    assert event["slug"] == network["event"].slug
    assert event["url"] == f"http://testserver/events/{network['event'].slug}/"
    assert event["initiative"] == "early-learning"
    assert event["community"] == "lynn"
    assert event["languages"] == ["es"]
    assert event["seats_left"] == 20
    assert event["title_es"] == ""  # not written in Spanish
    assert "online_url" not in event


def test_events_are_published_ones_upcoming_unless_past_is_asked_for(network):
    past = factories.EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    draft = factories.EventFactory(status=Event.Status.DRAFT)

    assert slugs("/api/v1/events/") == [network["event"].slug]
    assert slugs("/api/v1/events/?when=past") == [past.slug]
    assert draft.slug not in slugs("/api/v1/events/?when=past") + slugs("/api/v1/events/")


def test_events_filter_by_community_initiative_and_language_as_the_events_list(network):
    other = factories.EventFactory(city="Holyoke")
    factories.EventLanguageFactory(event=other, language="pt")

    assert slugs("/api/v1/events/?community=holyoke") == [other.slug]
    assert slugs("/api/v1/events/?initiative=early-learning") == [network["event"].slug]
    assert slugs("/api/v1/events/?language=pt") == [other.slug]
    assert slugs("/api/v1/events/?language=es&community=lynn") == [network["event"].slug]


def test_organizations_are_approved_ones_filtered_by_sector_initiative_and_community(network):
    factories.OrganizationFactory(slug="waiting", approved=False)
    funder = factories.OrganizationFactory(slug="a-funder", sector=Sector.FUNDER)
    funder.communities.add(factories.community_named("Holyoke"))

    assert slugs("/api/v1/organizations/") == ["a-funder", "lynn-family"]
    assert slugs("/api/v1/organizations/?sector=funder") == ["a-funder"]
    assert slugs("/api/v1/organizations/?initiative=early-learning") == ["lynn-family"]
    assert slugs("/api/v1/organizations/?community=holyoke") == ["a-funder"]
    assert slugs("/api/v1/organizations/?q=family") == ["lynn-family"]
    assert slugs("/api/v1/organizations/?initiative=early-learning&role=funder") == []
    assert slugs("/api/v1/organizations/?city=Boston") == ["a-funder", "lynn-family"]
    [partner] = read("/api/v1/organizations/?initiative=early-learning")["results"]
    assert partner["initiatives"] == [{"initiative": "early-learning", "role": "partner"}]


def test_an_objective_has_the_status_of_its_latest_public_update_only(network):
    objective = network["objective"]
    factories.progress_update(
        objective,
        organization=network["organization"],
        status=ProgressStatus.AT_RISK,
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )
    silent = factories.ObjectiveFactory(initiative=network["initiative"], slug="silent")
    factories.progress_update(
        silent, status=ProgressStatus.OFF_TRACK, visibility=ProgressUpdate.Visibility.PARTNERS
    )

    rows = {row["slug"]: row for row in read("/api/v1/objectives/")["results"]}

    assert rows["more-seats"]["status"] == ProgressStatus.ON_TRACK
    assert rows["more-seats"]["status_source"] == "Lynn Family Center"
    assert rows["more-seats"]["status_as_of"]
    assert rows["more-seats"]["owners"] == ["lynn-family"]
    assert rows["silent"]["status"] is None  # a partners-only update tells the public nothing
    assert slugs("/api/v1/objectives/?status=on_track") == ["more-seats"]
    assert slugs("/api/v1/objectives/?owner=lynn-family") == ["more-seats"]


def test_an_objective_names_only_approved_owners(network):
    waiting = factories.OrganizationFactory(slug="waiting", approved=False)
    network["objective"].owners.add(waiting)

    [row] = read("/api/v1/objectives/?initiative=early-learning")["results"]

    assert row["owners"] == ["lynn-family"]
    error("/api/v1/objectives/?owner=waiting")  # not a choice: 400


def test_indicators_and_measurements_carry_source_as_of_date_and_example_flag(network):
    factories.MeasurementFactory(
        indicator=network["indicator"],
        period_start=dt.date(2024, 9, 1),
        as_of=dt.date(2025, 1, 15),
        source="DESE profiles",
        source_url="https://profiles.doe.mass.edu/",
    )

    [indicator] = read("/api/v1/indicators/")["results"]
    rows = read("/api/v1/measurements/?indicator=children-enrolled")["results"]

    assert indicator["as_of"] == "2025-01-15"
    assert indicator["latest_period_start"] == "2024-09-01"
    assert [(r["source"], r["as_of"], r["is_example"]) for r in rows] == [
        ("State data", None, True),
        ("DESE profiles", "2025-01-15", False),
    ]
    assert rows[1]["source_url"] == "https://profiles.doe.mass.edu/"


def test_counts_of_fewer_than_five_people_in_a_group_are_suppressed_as_on_the_dashboard(db):
    students = factories.IndicatorFactory(slug="students", unit=Indicator.Unit.COUNT)
    share = factories.IndicatorFactory(slug="share", unit=Indicator.Unit.PERCENT)
    figures = [
        (students, StudentGroup.BLACK, "3"),  # 1 to 4 people of one group: hidden
        (students, StudentGroup.HISPANIC, "0"),
        (students, StudentGroup.ASIAN, "5"),
        (students, StudentGroup.ALL, "4"),  # all students: shown, as on the dashboard
        (share, StudentGroup.BLACK, "3"),  # a percent is not a count of people
    ]
    for indicator, group, value in figures:
        factories.MeasurementFactory(indicator=indicator, student_group=group, value=Decimal(value))

    rows = read("/api/v1/measurements/?page_size=10")["results"]
    shown = {(r["indicator"], r["student_group"]): r["value"] for r in rows}

    assert shown == {
        ("students", "black"): "fewer than 5",
        ("students", "hispanic"): "0.00",
        ("students", "asian"): "5.00",
        ("students", "all"): "4.00",
        ("share", "black"): "3.00",
    }
    assert "3.00" not in str(read("/api/v1/measurements/?indicator=students"))


def test_communities_are_listed_ones(db):
    factories.CommunityFactory(name="Holyoke")
    factories.CommunityFactory(name="Somewhere Unreviewed", listed=False)

    assert slugs("/api/v1/communities/") == ["holyoke"]
    assert slugs("/api/v1/communities/?kind=neighborhood") == []


def test_initiatives_count_approved_partners_and_filter_by_partner(network):
    factories.InitiativePartnerFactory(
        initiative=network["initiative"],
        organization=factories.OrganizationFactory(approved=False),
    )
    factories.InitiativeFactory(slug="another")

    rows = {row["slug"]: row for row in read("/api/v1/initiatives/")["results"]}

    assert rows["early-learning"]["partner_count"] == 1
    assert rows["early-learning"]["objective_count"] == 1
    assert slugs("/api/v1/initiatives/?partner=lynn-family") == ["early-learning"]
