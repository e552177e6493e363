"""The filters narrow every panel, stay in the links, and are told next to the field when
wrong."""

import pytest

from initiatives.models import DemonstrationSite
from tests.dashboards.helpers import day, get, tables

pytestmark = pytest.mark.django_db


def test_an_initiative_brings_the_ones_inside_it(client, lead, network):
    found = tables(get(client, "?initiative=alpha"))
    assert [row[0] for row in found["objectives-by-status"]] == ["Alpha", "Alpha One"]
    assert [row[0] for row in found["stale-objectives"]] == ["A2"]
    assert [row[0] for row in found["overdue-milestones"]] == ["M1"]
    assert [row[1] for row in found["latest-updates"]] == ["A1", "A1", "A2"]
    assert [row[0] for row in found["upcoming-events"]] == ["Up one"]
    assert [row[0] for row in found["attendance"]] == ["Past one"]
    assert [row[0] for row in found["engagement"]] == ["North Schools", "Family Network"]


def test_organization_site_and_dates_narrow_every_panel(client, lead, network):
    found = tables(get(client, "?organization=families"))
    assert [row[1] for row in found["latest-updates"]] == ["A2", "B1"]
    assert [row[0] for row in found["stale-objectives"]] == ["B1", "A2"]
    assert [row[0] for row in found["upcoming-events"]] == ["Up two"]
    assert found["organizations-by-sector"] == [["Community organizations", 1]]
    # North Schools leads two sites, Lynn among them: counted once.
    DemonstrationSite.objects.update(lead_organization=network["schools"])
    found = tables(get(client, "?site=lynn"))
    assert found["organizations-by-sector"] == [["Schools and districts", 1]]
    assert [row[0] for row in found["objectives-by-status"]] == ["Alpha"]
    assert [row[0] for row in found["attendance"]] == ["Past one"]
    found = tables(get(client, f"?since={day(4).isoformat()}&until={day(0).isoformat()}"))
    assert [row[0] for row in found["overdue-milestones"]] == ["M3"]
    assert [row[1] for row in found["latest-updates"]] == ["A1"]
    assert found["attendance"] == []
    assert found["suggestions"] == [["Lynn", 2, 0, 1, 0, 3]]


def test_filters_are_kept_in_the_links_to_exports_and_packet(client, lead, network):
    page = get(client, "?initiative=alpha&since=2026-01-01").content.decode()
    assert 'href="/dashboard/export/attendance.csv?initiative=alpha&amp;since=2026-01-01"' in page
    assert 'href="/dashboard/packet/?initiative=alpha&amp;since=2026-01-01"' in page
    assert '<option value="alpha" selected>Alpha</option>' in page


def test_wrong_filters_are_told_next_to_the_field(client, lead, network):
    response = client.get("/dashboard/?initiative=nothing&since=2026-06-01&until=2026-05-01")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing of that name was found: “nothing”. Check it, or type less of it." in page
    assert "The end of the range comes before its start." in page
    assert 'id="id_until_error"' in page
    assert "panels" not in response.context
