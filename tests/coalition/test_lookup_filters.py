"""Filters over a list that grows with the network (sites, initiatives, organizations,
indicators): a select while the choices are few, a search box beyond LOOKUP_ABOVE, which takes a
name or part of one and proposes the names that match (coalition.filters.LookupChoiceField). The
page then stays the same size however large the network grows."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.filters import PROPOSALS
from coalition.widgets import LOOKUP_ABOVE
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    OrganizationFactory,
    two_factor_lead,
)
from tests.support.forms import refused_page
from tests.support.pages import at_new_address

pytestmark = pytest.mark.django_db

get = at_new_address


def shown(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def box(html: str, name: str) -> str:
    found = re.search(rf'<input type="search" name="{name}"[^>]*>', html)
    return found[0] if found else ""


def proposals(html: str, name: str) -> list[str]:
    found = re.search(rf'<datalist id="id_{name}_proposals">(.*?)</datalist>', html)
    return re.findall(r'<option value="([^"]*)">', found[1]) if found else []


def errors(response, name: str) -> list[str]:
    """The messages beside the field `name`, once the page is checked as a refused form."""
    html = response.content.decode()
    assert refused_page(html).problems == []
    found = re.search(rf'<ul class="field__errors" id="id_{name}_error">(.*?)</ul>', html, re.S)
    return [" ".join(item.split()) for item in re.findall(r"<li>(.*?)</li>", found[1], re.S)]


def titles(html: str) -> set[str]:
    return set(re.findall(r"Session at [\w ]+", html))


@pytest.fixture
def many_sites():
    """More sites than a select offers; one session at each of three of them."""
    DemonstrationSiteFactory.create_batch(LOOKUP_ABOVE - 2, name_es=None)
    sites = {
        "lynn": DemonstrationSiteFactory(name="Lynn Family Center", slug="lynn"),
        "lawrence": DemonstrationSiteFactory(
            name="Lawrence Schools", name_es="Escuelas de Lawrence", slug="lawrence"
        ),
        "lowell": DemonstrationSiteFactory(name="Lowell Library", slug="lowell"),
    }
    for slug, site in sites.items():
        EventFactory(site=site, title=f"Session at {slug}")
    return sites


def test_few_choices_are_a_select_with_the_chosen_one_selected():
    DemonstrationSiteFactory(name="Lynn Family Center", slug="lynn")
    html = shown(get("/events/?site=lynn"))
    assert '<select name="site"' in html and 'value="lynn" selected' in html
    assert not box(html, "site")


def test_beyond_the_limit_the_select_is_a_search_box_and_no_site_is_listed(many_sites):
    response = get("/events/")
    html = shown(response)
    assert response.status_code == 200
    assert '<select name="site"' not in html
    field = box(html, "site")
    assert 'value=""' in field and 'aria-describedby="id_site_lookup"' in field
    assert 'id="id_site_lookup">Type a name, or part of one, in English or Spanish.' in html
    assert "Lowell Library" not in html


def test_a_whole_name_in_either_language_and_any_case_chooses_its_site(many_sites):
    for typed in ("lawrence schools", "ESCUELAS DE LAWRENCE"):
        html = shown(get(f"/events/?site={typed}"))
        assert titles(html) == {"Session at lawrence"}, typed
        assert 'value="Lawrence Schools"' in box(html, "site")


def test_a_link_or_bookmark_by_slug_still_works_and_the_box_shows_the_name(many_sites):
    html = shown(get("/events/?site=lowell"))
    assert titles(html) == {"Session at lowell"}
    assert 'value="Lowell Library"' in box(html, "site")


def test_part_of_a_name_that_only_one_site_has_chooses_it(many_sites):
    assert titles(shown(get("/events/?site=family cent"))) == {"Session at lynn"}


def test_part_of_several_names_is_refused_beside_the_box_with_the_names_proposed(many_sites):
    response = get("/events/?site=si")
    assert response.status_code == 400
    assert errors(response, "site") == [
        "Several names contain “si”. Choose one of those proposed as you type, or type more of it."
    ]
    html = shown(response)
    offered = proposals(html, "site")
    assert len(offered) == PROPOSALS
    assert 'list="id_site_proposals"' in box(html, "site") and 'value="si"' in box(html, "site")
    # Choosing a name proposed narrows the list to it.
    chosen = shown(get(f"/events/?site={offered[0]}"))
    assert f'value="{offered[0]}"' in box(chosen, "site")


def test_a_name_nothing_has_is_refused_with_what_was_typed(many_sites):
    response = get("/events/?site=Springfield")
    assert response.status_code == 400
    assert errors(response, "site") == [
        "Nothing of that name was found: “Springfield”. Check it, or type less of it."
    ]


def test_two_sites_of_the_same_name_are_proposed_with_their_slugs_and_either_can_be_chosen(
    many_sites,
):
    # Names are unique per language and case: this one's Spanish is the other's English.
    twin = DemonstrationSiteFactory(
        name="Lynn East", name_es="Lynn family center", slug="lynn-east"
    )
    EventFactory(site=twin, title="Session at lynn east")
    response = get("/events/?site=Lynn Family Center")
    assert response.status_code == 400
    assert proposals(shown(response), "site") == [
        "Lynn East (lynn-east)",
        "Lynn Family Center (lynn)",
    ]
    html = shown(get("/events/?site=Lynn East (lynn-east)"))
    assert titles(html) == {"Session at lynn east"}
    assert 'value="Lynn East"' in box(html, "site")


def test_crossing_the_limit_shows_on_the_next_request_either_way():
    sites = DemonstrationSiteFactory.create_batch(LOOKUP_ABOVE)
    assert '<select name="site"' in shown(get("/events/"))
    extra = DemonstrationSiteFactory()
    assert box(shown(get("/events/")), "site")
    extra.delete()
    assert '<select name="site"' in shown(get("/events/"))
    assert len(sites) == LOOKUP_ABOVE


def test_spanish_readers_get_the_hint_and_the_message_in_spanish(many_sites):
    response = get("/events/?site=Springfield", HTTP_ACCEPT_LANGUAGE="es")
    html = shown(response)
    assert "Escriba un nombre, o parte de él, en inglés o en español." in html
    assert errors(response, "site") == [
        "No encontramos nada con ese nombre: «Springfield». Revíselo, o escriba menos."
    ]
    html = shown(get("/events/?site=lawrence", HTTP_ACCEPT_LANGUAGE="es"))
    assert 'value="Escuelas de Lawrence"' in box(html, "site")


def test_the_page_does_not_grow_with_the_sites(many_sites):
    def measure():
        cache.clear()  # every choice read and rendered again, both times
        with CaptureQueriesContext(connection) as queries:
            response = get("/events/?site=lowell")
        return len(queries.captured_queries), len(response.content)

    before = measure()
    DemonstrationSiteFactory.create_batch(3 * LOOKUP_ABOVE)
    queries, size = measure()
    assert queries == before[0]
    # The same page but for the visit counter in its links.
    assert abs(size - before[1]) < 100


def test_the_lead_s_dashboard_finds_an_organization_by_name(client):
    client.force_login(two_factor_lead("lead@example.org"))
    OrganizationFactory.create_batch(LOOKUP_ABOVE)
    OrganizationFactory(name="Quiet Fund of Lynn", slug="quiet")
    html = shown(get("/dashboard/?organization=quiet fund", client))
    assert 'value="Quiet Fund of Lynn"' in box(html, "organization")
    assert "Organization 1" not in html
    refused = get("/dashboard/?organization=Organization", client)
    assert refused.status_code == 400
    assert len(proposals(shown(refused), "organization")) == PROPOSALS


def test_the_directory_s_initiative_facet_becomes_a_box_and_is_not_counted():
    InitiativeFactory.create_batch(LOOKUP_ABOVE)
    fair = InitiativeFactory(name="Fair schools in Lynn", slug="fair-schools")
    InitiativePartnerFactory(initiative=fair, organization=OrganizationFactory(name="Lynn Kin"))
    OrganizationFactory(name="Quiet Fund")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        html = shown(get("/partners/?initiative=fair schools"))
    # The organizations of that initiative, the box showing its name.
    assert "Lynn Kin" in html and "Quiet Fund" not in html
    assert 'value="Fair schools in Lynn"' in box(html, "initiative")
    # The other facets still show their counts; the initiatives are neither listed nor counted.
    assert re.search(r'<option value="community"[^>]*>Community organizations \(1\)', html)
    assert not any(
        "partnerships__initiative__slug" in query["sql"] for query in queries.captured_queries
    )


def test_fixed_choices_are_rendered_once_per_language_and_show_the_one_chosen(monkeypatch):
    from coalition.widgets import FixedSelect

    monkeypatch.setattr(FixedSelect, "_options", {})
    rendered = []
    real = FixedSelect.render_options
    monkeypatch.setattr(
        FixedSelect, "render_options", lambda *a, **k: rendered.append(1) or real(*a, **k)
    )
    first = shown(get("/events/?kind=webinar"))
    assert '<option value="webinar" selected>Webinar</option>' in first
    count = len(rendered)  # one per fixed select of the page
    again = shown(get("/events/?kind=working_meeting"))
    assert len(rendered) == count
    assert '<option value="working_meeting" selected>Working meeting</option>' in again
    assert '<option value="webinar">Webinar</option>' in again
    spanish = shown(get("/events/?kind=webinar", HTTP_ACCEPT_LANGUAGE="es"))
    assert len(rendered) == 2 * count
    assert '<option value="webinar" selected>Seminario web</option>' in spanish
