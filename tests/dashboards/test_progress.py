"""The progress panel: objectives by status, stale objectives, overdue milestones and the
latest updates."""

import pytest

from tests.dashboards.helpers import day, get, tables

pytestmark = pytest.mark.django_db


def test_objectives_by_status_for_each_initiative(client, lead, network):
    response = get(client)
    # No update yet, not started, on track, at risk, off track, done, total.
    assert tables(response)["objectives-by-status"] == [
        ["Alpha", 1, 0, 0, 1, 0, 0, 2],
        ["Alpha One", 0, 0, 0, 0, 0, 1, 1],
        ["Beta", 0, 0, 0, 0, 1, 0, 1],
    ]
    page = response.content.decode()
    assert '<svg viewBox="0 0 480 90" role="img"' in page
    assert "4 objectives in 3 initiatives; 0 on track, 1 at risk, 1 off track, 1 done." in page
    assert 'fill="#b45309"><title>At risk: 1</title></rect>' in page


def test_status_at_the_end_of_a_date_range(client, lead, network):
    # On day 20 before now: A1 had no update yet and A3 did not exist.
    until = day(20).isoformat()
    assert tables(get(client, f"?until={until}"))["objectives-by-status"] == [
        ["Alpha", 1, 0, 0, 0, 0, 0, 1],
        ["Alpha One", 0, 0, 0, 0, 0, 1, 1],
        ["Beta", 0, 0, 0, 0, 1, 0, 1],
    ]


def test_stale_objectives_overdue_milestones_and_latest_updates(client, lead, network):
    found = tables(get(client))
    assert [row[:2] for row in found["stale-objectives"]] == [["B1", "Beta"], ["A2", "Alpha One"]]
    assert found["stale-objectives"][0][3:] == [day(100), day(70)]
    assert found["overdue-milestones"] == [
        ["M1", "A1", "Alpha", day(5), 5],
        ["M3", "B1", "Beta", day(3), 3],
    ]
    updates = found["latest-updates"]
    assert [(row[1], row[3], row[5], row[6]) for row in updates] == [
        ("A1", "At risk", "North Schools", "Partners only"),
        ("A1", "On track", "North Schools", "Public"),
        ("A2", "Done", "Family Network", "Public"),
        ("B1", "Off track", "Family Network", "Public"),
    ]
