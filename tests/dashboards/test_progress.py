"""The progress panel: objectives by status, stale objectives, overdue milestones and the
latest updates."""

import pytest

from initiatives.models import Objective, ProgressUpdate
from tests.dashboards.helpers import ago, day, get, read_csv, sources, tables
from tests.factories import ProgressUpdateFactory

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
    # Drawn at its own size in CSS pixels, each label whole above its bar.
    assert '<svg class="chart__svg" width="340" height="' in page
    assert '<tspan x="4" y="' in page
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
    response = get(client)
    found = tables(response)
    assert [row[:2] for row in found["stale-objectives"]] == [["B1", "Beta"], ["A2", "Alpha One"]]
    assert found["stale-objectives"][0][3:] == [day(100), day(70)]
    assert found["overdue-milestones"] == [
        ["M1", "A1", "Alpha", day(5), 5],
        ["M3", "B1", "Beta", day(3), 3],
    ]
    updates = found["latest-updates"]
    said_by = [source for source, _as_of, _example in sources(response, "latest-updates")]
    assert [(row[1], row[3], by, row[6]) for row, by in zip(updates, said_by, strict=True)] == [
        ("A1", "At risk", "North Schools", "Partners only"),
        ("A1", "On track", "North Schools", "Public"),
        ("A2", "Done", "Family Network", "Public"),
        ("B1", "Off track", "Family Network", "Public"),
    ]


def test_everything_counts_as_it_stood_at_the_end_of_the_range(client, lead, network):
    # Ten days ago A1 was on track (the at-risk update came later), B1 and A2 (done 40 days ago,
    # 30-day cadence) were stale, and M1 (due five days ago) was not yet overdue.
    until = day(10).isoformat()
    found = tables(get(client, f"?until={until}"))
    assert found["objectives-by-status"][0] == ["Alpha", 0, 0, 1, 0, 0, 0, 1]
    assert [row[0] for row in found["stale-objectives"]] == ["B1", "A2"]
    assert found["overdue-milestones"] == []
    packet = client.get(f"/dashboard/packet/?until={until}")
    assert tables(packet)["objectives-by-status"] == found["objectives-by-status"]


def test_a_withdrawn_update_counts_nowhere(client, lead, network):
    update = ProgressUpdate.objects.get(objective__slug="a1", status="at_risk")
    ProgressUpdate.objects.filter(pk=update.pk).update(withdrawn_at=ago(1))
    found = tables(get(client))
    assert found["objectives-by-status"][0] == ["Alpha", 1, 0, 1, 0, 0, 0, 2]
    assert [row[3] for row in found["latest-updates"] if row[1] == "A1"] == ["On track"]


def test_an_example_update_is_badged_and_its_narrative_cut_on_the_page(client, lead, network):
    objective = Objective.objects.get(slug="a3")
    ProgressUpdateFactory(
        objective=objective, narrative="x" * 250, is_example=True, created_at=ago(0)
    )
    response = get(client)
    page = response.content.decode()
    assert "x" * 199 + "\u2026" in page and "x" * 200 not in page
    assert 'class="badge badge--example"' in page
    assert sources(response, "latest-updates")[0][2] is True
    rows = read_csv(client.get("/dashboard/export/latest-updates.csv"))
    assert rows[1][4] == "x" * 250 and rows[1][-1] == "yes"
