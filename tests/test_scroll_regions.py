"""Tables and charts that scroll sideways on a phone can be scrolled from the keyboard: each
frame is a region in the tab order, named by its table's caption or heading, with the same
focus ring as everything else."""

import re
from pathlib import Path

import pytest

from coalition.models import Job
from coalition.services import audit_log
from partners.models import Membership
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    IndicatorFactory,
    InvitationFactory,
    MeasurementFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    OutboxEmailFactory,
    RegistrationFactory,
    two_factor_lead,
)
from tests.support.markup import markup_problems, scrolling_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    lead = two_factor_lead()
    host = OrganizationFactory(name="Harbor Families", slug="harbor")
    MembershipFactory(user=lead, organization=host, role=Membership.Role.ADMIN)
    InvitationFactory(organization=host, invited_by=lead)
    event = EventFactory(hosts=[host], capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waitlisted")
    RegistrationFactory(event=event, status="cancelled")
    indicator = IndicatorFactory(name="Students proficient in math")
    site = DemonstrationSiteFactory(slug="lynn")
    other_site = DemonstrationSiteFactory(slug="holyoke")
    MeasurementFactory(indicator=indicator, site=site, period_label="2024-25")
    MeasurementFactory(indicator=indicator, period_label="2023-24")
    objective = ObjectiveFactory(owners=[host], indicator=indicator)
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_MEASUREMENTS,
        created_by=lead,
        errors=[{"line": 2, "message": "No such indicator."}],
        status=Job.Status.FAILED,
    )
    OutboxEmailFactory(unsent=True)
    audit_log(actor=lead, action="membership.approved", target=host)
    client.force_login(lead)
    return {
        "/dashboard/": ["Objectives by status"],
        "/dashboard/organizations/harbor/": ["Our objectives Stale ones first."],
        f"/events/{event.slug}/organize/roster/": [
            "People with a confirmed seat",
            "People on the waiting list, in order",
            "Cancelled registrations",
        ],
        "/partners/harbor/staff/": ["1 person on the staff", "Invitations not yet accepted"],
        site.get_absolute_url(): ["Students proficient in math, 2024-25"],
        f"/sites/compare/?site={site.slug}&site={other_site.slug}": [
            "Latest figures, all students"
        ],
        objective.get_absolute_url(): ["Students proficient in math: the figures"],
        "/network/imports/": ["Recent imports"],
        f"/network/imports/{job.pk}/": ["Problems, by line of the file"],
        "/network/audit/": ["1 entry"],
        "/network/leads/": ["Current leads"],
        "/network/emails/": ["1 email not sent"],
    }


def test_every_scrolling_table_is_a_named_region_in_the_tab_order(client, world):
    for url, names in world.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        regions = scrolling_regions(html)
        for region in regions:
            assert (region["role"], region["tabindex"]) == ("region", "0"), (url, region)
            assert region["name"], (url, region)
        found = [region["name"] for region in regions]
        for name in names:
            assert any(name.lower() in found_name.lower() for found_name in found), (url, found)
        assert markup_problems(html) == [], url


def test_a_dashboard_chart_that_scrolls_is_a_region_named_apart_from_its_table(client, world):
    html = client.get("/dashboard/").content.decode()
    regions = scrolling_regions(html)
    charts = [region["name"] for region in regions if region["name"].startswith("Chart: ")]
    assert "Chart: Objectives by status, for each initiative" in charts
    tables = [region["name"] for region in regions if not region["name"].startswith("Chart: ")]
    assert "Objectives by status, for each initiative" in tables
    # No two regions of one name: each is a landmark of its own.
    assert len(set(charts + tables)) == len(regions)


def test_a_table_region_is_not_named_like_the_section_around_it(client, world):
    # A region named like its section would be two landmarks of one name: the organization
    # dashboard's objectives are a section, and their table's frame adds the order they are in.
    html = client.get("/dashboard/organizations/harbor/").content.decode()
    assert '<section class="panel" aria-labelledby="objectives-title">' in html
    assert 'role="region" tabindex="0" aria-labelledby="objectives-title objectives-order"' in html


def test_the_markup_check_refuses_a_frame_the_keyboard_cannot_reach():
    page = (
        '<!DOCTYPE html><html lang="en"><body><header></header><nav></nav><main><h1>Rows</h1>'
        '<div class="table-wrap"><table><caption id="c">Rows</caption></table></div>'
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="gone">'
        "<table></table></div></main><footer></footer></body></html>"
    )
    assert markup_problems(page) == [
        '<div class=table-wrap> scrolls but is not a focusable region (tabindex="0")',
        "<div class=table-wrap> scrolls but has no name",
        "<div class=table-wrap> is named by #gone, which is not on the page",
    ]


def test_every_scrolling_frame_in_the_templates_follows_the_pattern():
    # The same markup everywhere: a frame is a focusable region named by an id on the page.
    frame = re.compile(r'<div class="(?:table-wrap|chart__frame)"[^>]*>')
    pattern = re.compile(
        r'<div class="(?:table-wrap|chart__frame)" role="region" tabindex="0" '
        r'aria-(?:labelledby|label)="[^"]+">'
    )
    found = 0
    for template in Path("templates").rglob("*.html"):
        for match in frame.finditer(template.read_text()):
            found += 1
            assert pattern.fullmatch(match.group(0)), (str(template), match.group(0))
    assert found >= 15
