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
    assert html.count('<li><a href="/partners/') == 40
    assert link not in html

    InitiativePartnerFactory.create_batch(5, initiative=initiative, role=PartnerRole.PARTNER)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert html.count('<li><a href="/partners/') == 40
    assert link in html
    # By role first, then name, as before: the site lead, last by name, comes first.
    partners = html.split('id="partners"')[1]
    assert partners.index("<h3>Site lead</h3>") < partners.index(lead.organization.name)
    assert partners.index(lead.organization.name) < partners.index("<h3>Partners</h3>")
