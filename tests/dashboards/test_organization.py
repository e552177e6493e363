"""An organization's dashboard, for its staff."""

import pytest

from tests.dashboards.helpers import ago, plain
from tests.factories import MembershipFactory, verified_user

pytestmark = pytest.mark.django_db


def test_staff_see_their_organizations_work(client, network):
    staff = verified_user("staff@example.org")
    MembershipFactory(user=staff, organization=network["families"])
    client.force_login(staff)
    response = client.get("/dashboard/organizations/families/")
    assert response.status_code == 200
    # Stale first: B1 since 70 days, then A2 since 10 days.
    assert [o.title for o in response.context["page_obj"]] == ["B1", "A2"]
    assert [o.title for o in response.context["due"]] == ["B1", "A2"]
    events = [[plain(cell) for cell in row[:-1]] for row in response.context["events"].rows]
    assert events == [
        ["Up two", ago(-20), "Online", 4, "fewer than 5", "fewer than 5", "fewer than 5"]
    ]
    page = response.content.decode()
    assert 'href="/initiatives/objectives/b1/update/"' in page
    assert 'href="/events/up-two/organize/"' in page
    assert client.get("/dashboard/organizations/north/").status_code == 403
    assert client.get("/dashboard/").status_code == 403


def test_staff_find_their_dashboard_from_the_organization_page(client, network):
    staff = verified_user("staff@example.org")
    MembershipFactory(user=staff, organization=network["families"])
    client.force_login(staff)
    link = 'href="/dashboard/organizations/families/"'
    assert link in client.get("/partners/families/").content.decode()
    assert link in client.get("/me/").content.decode()
    assert "/dashboard/organizations/north/" not in client.get("/partners/north/").content.decode()
