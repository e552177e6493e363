"""Pages of one initiative, site, organization or objective stay bounded as the network grows:
a few upcoming events, then a link to the events list filtered to them; an objective's history
a page at a time."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    InitiativeFactory,
    ObjectiveFactory,
    OrganizationFactory,
    progress_update,
)

pytestmark = pytest.mark.django_db


def event_cards(html: str) -> int:
    return len(re.findall(r'<h3><a href="/events/[^"]+/">', html))


def partners_named(html: str) -> int:
    section = html.split('id="partners"')[1].split("</section>")[0]
    return section.count('<li><a href="/partners/')


def soon(n: int) -> dict:
    return {"starts_at": timezone.now() + dt.timedelta(days=1 + n)}


@pytest.mark.parametrize("where", ["initiative", "site", "organization"])
def test_six_upcoming_events_then_a_link_to_all_of_them(client, where):
    initiative = InitiativeFactory(slug="lynn-sessions")
    site = DemonstrationSiteFactory(slug="lynn")
    host = OrganizationFactory(slug="lynn-families")
    page = {
        "initiative": initiative.get_absolute_url(),
        "site": site.get_absolute_url(),
        "organization": host.get_absolute_url(),
    }[where]
    link = {
        "initiative": '<a href="/events/?initiative=lynn-sessions">All upcoming events of this '
        "initiative</a>",
        "site": '<a href="/events/?site=lynn">All upcoming events here</a>',
        "organization": '<a href="/events/">See every upcoming event</a>',
    }[where]
    for n in range(6):
        EventFactory(initiative=initiative, site=site, hosts=[host], **soon(n))
    html = client.get(page).content.decode()
    assert event_cards(html) == 6
    assert link not in html

    for n in range(6, 20):
        EventFactory(initiative=initiative, site=site, hosts=[host], **soon(n))
    html = client.get(page).content.decode()
    assert event_cards(html) == 6
    assert link in html


def test_an_objectives_history_is_shown_twenty_updates_at_a_time(client):
    objective = ObjectiveFactory()
    owner = OrganizationFactory()
    objective.owners.add(owner)
    start = timezone.now() - dt.timedelta(days=100)
    for n in range(45):
        progress_update(
            objective, organization=owner, narrative=f"Update {n}.", at=start + dt.timedelta(n)
        )

    first = client.get(objective.get_absolute_url()).content.decode()
    third = client.get(objective.get_absolute_url() + "?page=3").content.decode()

    assert re.findall(r"Update (\d+)\.", first)[:2] == ["44", "43"]
    assert len(set(re.findall(r"Update (\d+)\.", first))) == 20
    assert '<ol class="card-list update-list" reversed start="45">' in first
    assert "Page 1 of 3" in first
    assert sorted(int(n) for n in set(re.findall(r"Update (\d+)\.", third))) == list(range(5))
    assert '<ol class="card-list update-list" reversed start="5">' in third


def test_an_initiative_names_forty_partners_then_links_to_the_directory(client):
    from initiatives.models import PartnerRole
    from tests.factories import InitiativePartnerFactory

    initiative = InitiativeFactory(slug="big-network")
    lead = InitiativePartnerFactory(
        initiative=initiative,
        organization=OrganizationFactory(name="Zeta Schools", slug="zeta-schools"),
        role=PartnerRole.SITE_LEAD,
    )
    InitiativePartnerFactory.create_batch(39, initiative=initiative, role=PartnerRole.PARTNER)
    link = '<a href="/partners/?initiative=big-network">All partners of this initiative</a>'
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert partners_named(html) == 40
    assert link not in html

    InitiativePartnerFactory.create_batch(5, initiative=initiative, role=PartnerRole.PARTNER)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert partners_named(html) == 40
    assert link in html
    # By role first, then name, as before: the site lead, last by name, comes first.
    partners = html.split('id="partners"')[1]
    assert partners.index("<h3>Site lead</h3>") < partners.index(lead.organization.name)
    assert partners.index(lead.organization.name) < partners.index("<h3>Partners</h3>")


def test_a_sites_objectives_are_shown_twenty_at_a_time_with_their_count(client):
    from initiatives.selectors import SITE_OBJECTIVES_PER_PAGE

    site = DemonstrationSiteFactory(slug="busy-site")
    initiative = InitiativeFactory(name="Early literacy")
    for n in range(SITE_OBJECTIVES_PER_PAGE + 5):
        ObjectiveFactory(initiative=initiative, site=site, title=f"Objective {n:02d}")

    first = client.get(site.get_absolute_url()).content.decode()
    second = client.get(site.get_absolute_url() + "?page=2").content.decode()

    assert "25 objectives" in first
    assert len(re.findall(r"Objective \d\d</a>", first)) == SITE_OBJECTIVES_PER_PAGE
    assert "Page 1 of 2" in first and '<a href="?page=2" rel="next">' in first
    assert re.findall(r"Objective (\d\d)</a>", second) == ["20", "21", "22", "23", "24"]


def test_a_site_shows_four_indicators_figures_then_links_to_a_page_of_them_all(client):
    from initiatives.selectors import FIGURES_PER_PAGE, FIGURES_SHOWN
    from tests.factories import IndicatorFactory, MeasurementFactory

    site = DemonstrationSiteFactory(slug="measured")
    for n in range(FIGURES_SHOWN):
        MeasurementFactory(indicator=IndicatorFactory(name=f"Indicator {n:02d}"), site=site)
    link = '<a href="/sites/measured/figures/">'
    html = client.get(site.get_absolute_url()).content.decode()
    assert html.count("<caption") == FIGURES_SHOWN
    assert link not in html

    for n in range(FIGURES_SHOWN, FIGURES_PER_PAGE + 3):
        indicator = IndicatorFactory(name=f"Indicator {n:02d}")
        # Only the latest period of each is shown.
        MeasurementFactory(indicator=indicator, site=site, period_start=dt.date(2020, 1, 1))
        MeasurementFactory(indicator=indicator, site=site, period_start=dt.date(2021, 1, 1))
    html = client.get(site.get_absolute_url()).content.decode()
    assert re.findall(r"Indicator (\d\d),", html) == ["00", "01", "02", "03"]
    assert (
        f"{link}The latest figures of all {FIGURES_PER_PAGE + 3} indicators measured here</a>"
        in html
    )

    first = client.get("/sites/measured/figures/").content.decode()
    second = client.get("/sites/measured/figures/?page=2").content.decode()
    assert f"{FIGURES_PER_PAGE + 3} indicators measured at this site" in first
    assert len(re.findall(r"Indicator \d\d,", first)) == FIGURES_PER_PAGE
    assert "Page 1 of 2" in first
    assert re.findall(r"Indicator (\d\d), (\d+)", second) == [
        (f"{n:02d}", "2021") for n in range(FIGURES_PER_PAGE, FIGURES_PER_PAGE + 3)
    ]


def test_an_initiative_names_twenty_sites_and_parts_then_links_to_the_lists(client):
    from initiatives.selectors import CHILDREN_SHOWN, SITES_SHOWN

    initiative = InitiativeFactory(slug="statewide", name="Statewide")
    for n in range(SITES_SHOWN):
        DemonstrationSiteFactory(name=f"Site {n:02d}").initiatives.add(initiative)
    for n in range(CHILDREN_SHOWN):
        InitiativeFactory(name=f"Part {n:02d}", parent=initiative)
    sites_link = '<a href="/sites/?initiative=statewide">'
    parts_link = '<a href="/initiatives/?within=statewide">'
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert len(re.findall(r">Site \d\d</a>", html)) == SITES_SHOWN
    assert len(re.findall(r">Part \d\d</a>", html)) == CHILDREN_SHOWN
    assert sites_link not in html and parts_link not in html

    DemonstrationSiteFactory(name="Site 99").initiatives.add(initiative)
    InitiativeFactory(name="Part 99", parent=initiative)
    InitiativeFactory(name="Part of another")
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert len(re.findall(r">Site \d\d</a>", html)) == SITES_SHOWN
    assert ">Site 99</a>" not in html and ">Part 99</a>" not in html
    assert f"{sites_link}All {SITES_SHOWN + 1} demonstration sites of this initiative</a>" in html
    assert f"{parts_link}All {CHILDREN_SHOWN + 1} initiatives within it</a>" in html

    within = client.get("/initiatives/?within=statewide").content.decode()
    assert f"{CHILDREN_SHOWN + 1} initiatives" in within
    assert "Part of another" not in within
    assert '<input type="hidden" name="within" value="statewide"' in within
