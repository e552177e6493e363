"""The partners panel: sectors, engagement over the date range, approvals waiting."""

import pytest

from tests.dashboards.helpers import day, get, tables

pytestmark = pytest.mark.django_db


def test_partners_by_sector_engagement_and_approvals(client, lead, network):
    found = tables(get(client))
    assert found["organizations-by-sector"] == [
        ["Community organizations", 1],
        ["Funders", 1],
        ["Schools and districts", 1],
    ]
    # Last 90 days: North Schools' 2 updates, Up one and Past one; Family Network's A2
    # update (B1's is older), Up two and Past two.
    assert found["engagement"] == [
        ["North Schools", "Schools and districts", 2, 2],
        ["Family Network", "Community organizations", 1, 2],
    ]
    assert found["inactive-organizations"] == [["Quiet Fund", "Funders", "Boston"]]
    assert [row[0] for row in found["pending-organizations"]] == ["Applicant Org"]
    assert [row[:2] for row in found["pending-memberships"]] == [["Jo Asking", "Quiet Fund"]]


def test_engagement_follows_the_date_range(client, lead, network):
    since, until = day(45).isoformat(), day(35).isoformat()
    response = get(client, f"?since={since}&until={until}")
    assert tables(response)["engagement"] == [["Family Network", "Community organizations", 1, 0]]
    assert "Engagement by organization, from May 1, 2026 to May 11, 2026" in (
        response.content.decode()
    )
