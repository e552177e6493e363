"""The partner directory and the public page of each organization (both in portal: they read
initiatives, objectives, sites and events)."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from initiatives.models import PartnerRole, ProgressStatus, ProgressUpdate
from partners.models import Organization, Sector
from tests.factories import (
    CommunityFactory,
    DemonstrationSiteFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    ObjectiveFactory,
    OrganizationFactory,
    progress_update,
    two_factor_lead,
)
from tests.support.markup import markup_problems
from tests.support.pages import at_new_address

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC)
LIST_URL = "/partners/"


def card_names(response):
    """The organization names on the directory's cards, in page order."""
    return re.findall(r'<h2><a href="/partners/[^"]+/">([^<]+)</a></h2>', response.text)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The directory


def test_directory_lists_approved_organizations_with_sector_city_and_roles(client):
    nsrn = InitiativeFactory(name="New Skills ready network", short_name="NSRN")
    ooma = InitiativeFactory(name="Open Opportunity Massachusetts", short_name="OOMA")
    edvestors = OrganizationFactory(name="EdVestors", sector=Sector.FUNDER, city="Boston")
    InitiativePartnerFactory(initiative=nsrn, organization=edvestors, role=PartnerRole.SITE_LEAD)
    InitiativePartnerFactory(initiative=ooma, organization=edvestors, role=PartnerRole.PARTNER)
    OrganizationFactory(name="Sociedad Latina", approved=False)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert card_names(response) == ["EdVestors"]
    assert "Sociedad Latina" not in response.text
    assert "Funders · Boston" in response.text
    assert 'New Skills ready network <span class="tag">Site lead</span>' in response.text
    assert 'Open Opportunity Massachusetts <span class="tag">Partner</span>' in response.text
    assert "1 organization" in response.text
    assert markup_problems(response.text) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=labor", ["Boston Teachers Union"]),
        ("city=Lynn", ["Lynn Public Schools"]),
        ("q=teachers", ["Boston Teachers Union"]),
        # The search reads descriptions too, whatever the case.
        ("q=GATEWAY+CITY", ["Lynn Public Schools"]),
        ("q=nothing+like+this", []),
    ],
)
def test_sector_city_and_search_filters(client, query, expected):
    OrganizationFactory(name="Boston Teachers Union", sector=Sector.LABOR, city="Boston")
    OrganizationFactory(
        name="Lynn Public Schools",
        sector=Sector.SCHOOLS,
        city="Lynn",
        description="The district of a gateway city north of Boston.",
    )
    OrganizationFactory(name="Teachers of Lynn, not approved", city="Lynn", approved=False)

    assert card_names(client.get(f"{LIST_URL}?{query}")) == expected


def test_initiative_and_role_filters_hold_for_the_same_partnership(client):
    nsrn = InitiativeFactory(name="New Skills ready network", slug="nsrn")
    ooma = InitiativeFactory(name="Open Opportunity Massachusetts", slug="ooma")
    edvestors = OrganizationFactory(name="EdVestors")
    rennie = OrganizationFactory(name="Rennie Center")
    OrganizationFactory(name="Teach Plus")
    InitiativePartnerFactory(initiative=nsrn, organization=edvestors, role=PartnerRole.SITE_LEAD)
    InitiativePartnerFactory(initiative=ooma, organization=edvestors, role=PartnerRole.PARTNER)
    InitiativePartnerFactory(initiative=ooma, organization=rennie, role=PartnerRole.LEADERSHIP_TEAM)

    assert card_names(client.get(f"{LIST_URL}?initiative=ooma")) == ["EdVestors", "Rennie Center"]
    assert card_names(client.get(f"{LIST_URL}?role=site_lead")) == ["EdVestors"]
    assert card_names(client.get(f"{LIST_URL}?role=leadership_team")) == ["Rennie Center"]
    # EdVestors is a site lead, but not in OOMA: no match.
    assert card_names(client.get(f"{LIST_URL}?initiative=ooma&role=site_lead")) == []
    assert card_names(client.get(f"{LIST_URL}?initiative=nsrn&role=site_lead")) == ["EdVestors"]


def test_sorting_by_name_and_by_newest(client):
    for days_ago, name in [(30, "BUILD"), (10, "Latinos for Education"), (20, "Teach Plus")]:
        org = OrganizationFactory(name=name)
        Organization.objects.filter(pk=org.pk).update(created_at=NOW - dt.timedelta(days=days_ago))

    assert card_names(client.get(LIST_URL)) == ["BUILD", "Latinos for Education", "Teach Plus"]
    assert card_names(client.get(f"{LIST_URL}?sort=name")) == [
        "BUILD",
        "Latinos for Education",
        "Teach Plus",
    ]
    assert card_names(client.get(f"{LIST_URL}?sort=newest")) == [
        "Latinos for Education",
        "Teach Plus",
        "BUILD",
    ]


def test_pagination_shows_twenty_a_page_and_keeps_the_filters(client):
    for n in range(25):
        OrganizationFactory(name=f"Partner {n:02d}", sector=Sector.COMMUNITY)
    OrganizationFactory(name="A funder", sector=Sector.FUNDER)

    first = client.get(f"{LIST_URL}?sector=community")
    second = client.get(f"{LIST_URL}?sector=community&page=2")

    assert card_names(first) == [f"Partner {n:02d}" for n in range(20)]
    assert card_names(second) == [f"Partner {n:02d}" for n in range(20, 25)]
    assert "25 organizations" in second.text
    assert "Page 2 of 2" in second.text
    assert 'href="?sector=community&amp;page=1"' in second.text


def test_no_results_says_so_and_links_to_clear_the_filters(client):
    OrganizationFactory(name="EdVestors", sector=Sector.FUNDER)

    response = client.get(f"{LIST_URL}?sector=labor")

    assert card_names(response) == []
    assert "No partner organizations match these filters." in response.text
    assert f'<a href="{LIST_URL}">Clear the filters and see every partner</a>' in response.text


def test_directory_makes_the_same_number_of_queries_for_5_and_50_organizations(client):
    initiatives = InitiativeFactory.create_batch(3)

    def add_organizations(count):
        for _ in range(count):
            org = OrganizationFactory()
            for initiative in initiatives:
                InitiativePartnerFactory(initiative=initiative, organization=org)

    add_organizations(5)
    with_5 = count_queries(client, LIST_URL)
    add_organizations(45)
    with_50 = count_queries(client, LIST_URL)

    # City choices, initiative and community choices, count, page of organizations, their
    # partnerships, and one count per facet shown with choices (sector, city, initiative, role;
    # there is no community to count).
    assert with_5 == with_50 == 10


# The page of one organization


@time_machine.travel(NOW, tick=False)
def test_organization_page_shows_its_place_in_the_network(client):
    nsrn = InitiativeFactory(name="New Skills ready network", slug="nsrn")
    edvestors = OrganizationFactory(
        name="EdVestors",
        slug="edvestors",
        sector=Sector.FUNDER,
        city="Boston",
        region="Greater Boston",
        website="https://www.edvestors.org/",
        description="Site lead of the Boston New Skills ready network team.",
    )
    InitiativePartnerFactory(initiative=nsrn, organization=edvestors, role=PartnerRole.SITE_LEAD)
    DemonstrationSiteFactory(
        name="Boston pilot high schools (HQCCP cohort 1)",
        city="Boston",
        lead_organization=edvestors,
    )
    DemonstrationSiteFactory(name="Lynn")
    EventFactory(
        title="New Skills working meeting",
        kind=Event.Kind.WORKING_MEETING,
        starts_at=NOW + dt.timedelta(days=7),
        hosts=[edvestors],
    )
    EventFactory(title="A draft meeting", status=Event.Status.DRAFT, hosts=[edvestors])
    EventFactory(
        title="Last year's meeting", starts_at=NOW - dt.timedelta(days=300), hosts=[edvestors]
    )
    EventFactory(title="Someone else's session")

    response = client.get("/partners/edvestors/")

    assert response.status_code == 200
    text = response.text
    assert "<h1>EdVestors</h1>" in text
    assert "Funders" in text
    assert "Boston, Greater Boston" in text
    assert '<a href="https://www.edvestors.org/" rel="noopener">' in text
    assert "Site lead of the Boston New Skills ready network team." in text
    assert re.search(r"New Skills ready network</a> <span class=\"tag\">Site lead</span>", text)
    assert "Boston pilot high schools (HQCCP cohort 1)" in text
    assert ">Lynn</a>" not in text
    assert "New Skills working meeting" in text
    for absent in ("A draft meeting", "Last year&#x27;s meeting", "Someone else&#x27;s session"):
        assert absent not in text
    assert markup_problems(text) == []


@time_machine.travel(NOW, tick=False)
def test_objective_status_comes_from_the_latest_public_update_only(client):
    org = OrganizationFactory(slug="edvestors")
    selected = ObjectiveFactory(title="Select the first cohort of pilot high schools", owners=[org])
    quiet = ObjectiveFactory(title="Sign data-sharing agreements", owners=[org])
    ObjectiveFactory(title="Someone else's objective")
    progress_update(
        selected,
        organization=org,
        status=ProgressStatus.AT_RISK,
        narrative="Two schools asked for more time.",
        at=NOW - dt.timedelta(days=20),
    )
    progress_update(
        selected,
        organization=org,
        status=ProgressStatus.OFF_TRACK,
        narrative="Internal: funding talks stalled.",
        visibility=ProgressUpdate.Visibility.PARTNERS,
        at=NOW - dt.timedelta(days=2),
    )
    progress_update(
        quiet,
        organization=org,
        status=ProgressStatus.DONE,
        narrative="Partners-only so far.",
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )

    text = client.get("/partners/edvestors/").text

    assert "Select the first cohort of pilot high schools" in text
    assert '<span class="status status--at_risk">At risk</span>' in text
    assert "Last update February 18, 2025" in text
    # Partners-only updates change nothing a visitor sees.
    assert "Off track" not in text and "Done" not in text
    assert "funding talks" not in text and "Partners-only so far" not in text
    assert re.search(r"Sign data-sharing agreements</a></h3>.*?No update yet", text, re.S)
    assert "Someone else" not in text


def test_unapproved_or_unknown_organization_is_404(client):
    OrganizationFactory(slug="waiting-for-approval", approved=False)

    assert client.get("/partners/waiting-for-approval/").status_code == 404
    assert client.get("/partners/no-such-partner/").status_code == 404


def test_organization_page_makes_the_same_number_of_queries_for_5_and_50_objectives(client):
    org = OrganizationFactory(slug="edvestors")
    InitiativePartnerFactory(organization=org)
    EventFactory(hosts=[org])

    def add_objectives(count):
        for _ in range(count):
            objective = ObjectiveFactory(owners=[org])
            progress_update(objective, organization=org)
            progress_update(
                objective,
                organization=org,
                visibility=ProgressUpdate.Visibility.PARTNERS,
            )

    add_objectives(5)
    with_5 = count_queries(client, "/partners/edvestors/")
    add_objectives(45)
    with_50 = count_queries(client, "/partners/edvestors/")

    # Organization, partnerships, led sites, objectives with their status, events and
    # their languages.
    assert with_5 == with_50 == 6


def test_each_filter_choice_says_how_many_organizations_it_would_list(client):
    nsrn = InitiativeFactory(name="New Skills ready network", slug="nsrn")
    ooma = InitiativeFactory(name="OOMA", slug="ooma")
    boston_funder = OrganizationFactory(sector=Sector.FUNDER, city="Boston")
    boston_school = OrganizationFactory(sector=Sector.SCHOOLS, city="Boston")
    lynn_school = OrganizationFactory(sector=Sector.SCHOOLS, city="Lynn")
    InitiativePartnerFactory(initiative=nsrn, organization=boston_funder, role=PartnerRole.FUNDER)
    InitiativePartnerFactory(initiative=nsrn, organization=boston_school, role=PartnerRole.PARTNER)
    InitiativePartnerFactory(initiative=ooma, organization=lynn_school, role=PartnerRole.PARTNER)

    def option(html, value):
        return re.search(rf'<option value="{value}"[^>]*>([^<]*)</option>', html).group(1)

    html = client.get(LIST_URL).content.decode()
    assert option(html, "Boston").endswith("(2)") and option(html, "Lynn").endswith("(1)")
    assert option(html, "nsrn").endswith("(2)") and option(html, "funder").endswith("(1)")
    assert option(html, Sector.SCHOOLS).endswith("(2)")
    # With a city chosen, the other facets count within it; the city facet still offers all.
    html = client.get(LIST_URL, {"city": "Boston"}).content.decode()
    assert option(html, Sector.SCHOOLS).endswith("(1)")
    assert option(html, "ooma").endswith("(0)")
    assert option(html, "Lynn").endswith("(1)")


def test_the_directory_filters_by_the_community_an_organization_works_in(client):
    lynn = CommunityFactory(name="Lynn", slug="lynn")
    CommunityFactory(name="Holyoke", slug="holyoke")
    works_in_lynn = OrganizationFactory(name="Lynn Families United")
    works_in_lynn.communities.add(lynn)
    OrganizationFactory(name="Elsewhere Org")

    response = client.get(LIST_URL, {"community": "lynn"})

    assert card_names(response) == ["Lynn Families United"]
    html = response.content.decode()
    assert re.search(r'<option value="lynn" selected>Lynn \(1\)</option>', html)
    assert re.search(r'<option value="holyoke">Holyoke \(0\)</option>', html)
    unknown = client.get(LIST_URL, {"community": "atlantis"})
    assert unknown.status_code == 400
    assert 'id="id_community_error"' in unknown.content.decode()


def test_the_directory_part_kept_for_visitors_never_shows_a_lead_s_link_nor_the_reverse(client):
    OrganizationFactory(name="Quiet Fund")
    link = "Applications waiting for a decision"
    assert link not in at_new_address("/partners/?sort=name").content.decode()
    client.force_login(two_factor_lead("lead@example.org"))
    lead_page = at_new_address("/partners/?sort=name", client).content.decode()
    assert link in lead_page and "Quiet Fund" in lead_page
    assert link not in at_new_address("/partners/?sort=name").content.decode()
