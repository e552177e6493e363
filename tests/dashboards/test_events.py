"""The sessions and events panel, with small counts of people hidden."""

import datetime as dt

import pytest

from dashboards.tables import FEWER, protect
from events.models import Event
from tests.dashboards.helpers import ago, day, get, read_csv, tables
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_upcoming_events_fill_rate_waiting_list_and_needs(client, lead, network):
    found = tables(get(client))
    assert [row[2:] for row in found["upcoming-events"]] == [
        ["Lynn", 20, 12, "60%", 0],
        ["Online", 4, "fewer than 5", "fewer than 5", "fewer than 5"],
    ]
    assert [row[2:] for row in found["event-needs"]] == [
        ["Spanish: 6, Portuguese: fewer than 5", 6, 6, 0],
        ["none", 0, 0, 0],
    ]


def test_attendance_of_past_sessions(client, lead, network):
    response = get(client)
    assert [row[1:] for row in tables(response)["attendance"]] == [
        [day(30), "Lynn", 10, 8, "80%"],
        [day(60), "Holyoke", "fewer than 5", "fewer than 5", "fewer than 5"],
    ]
    assert "Overall: 77% of 13 people with a seat came." in response.content.decode()


def test_registrations_by_community_and_month(client, lead, network):
    response = get(client)
    table = next(
        t for p in response.context["panels"] for t in p.tables if t.name.startswith("reg")
    )
    assert [c.label for c in table.columns] == [
        "Community",
        "January 2026",
        "February 2026",
        "March 2026",
        "April 2026",
        "May 2026",
        "June 2026",
        "Source",
    ]
    # The communities with the most registrations first.
    assert tables(response)["registrations-by-community"] == [
        ["Lynn", 0, 0, 0, 0, 10, 12],
        ["Online", 0, 0, 0, 0, 0, 7],
        ["Holyoke", 0, 0, 0, "fewer than 5", 0, 0],
    ]
    assert "April 2026, fewer than 5; May 2026, 10; June 2026, 19." in response.content.decode()


def test_a_hidden_cell_cannot_be_worked_out_from_its_column_total():
    matrix = {"Lynn": {"May": 12, "June": 3}, "Holyoke": {"May": 8, "June": 9}, "Online": {}}
    shown = protect(matrix, ["May", "June"])
    # June's total (12) less Holyoke's 9 would give Lynn's 3: Holyoke's is hidden too.
    assert shown == {
        "Lynn": {"May": 12, "June": FEWER},
        "Holyoke": {"May": 8, "June": FEWER},
        "Online": {"May": 0, "June": 0},
    }


def test_a_small_capacity_alone_does_not_hide_the_fill_rate(client, lead, network):
    EventFactory(title="Tiny", slug="tiny", starts_at=ago(-3), capacity=3, hosts=[])
    found = tables(get(client))
    assert found["upcoming-events"][0][:1] + found["upcoming-events"][0][3:] == [
        "Tiny",
        3,
        0,
        "0%",
        0,
    ]


def test_an_event_without_stated_hours_starts_on_its_day_only(client, lead, network):
    Event.objects.filter(slug="up-two").update(hours_stated=False)
    response = get(client)
    found = {row[0]: row[1] for row in tables(response)["upcoming-events"]}
    assert found["Up two"] == day(-20)
    assert isinstance(found["Up one"], dt.datetime)  # its hours stated: the moment, as before
    rows = read_csv(client.get("/dashboard/export/upcoming-events.csv?organization=families"))
    assert rows[1][:2] == ["Up two", day(-20).isoformat()]
