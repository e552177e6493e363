"""The partner directory, an organization's page and the home page in Spanish: names as the
reader reads them, in one order, the ones without Spanish marked English; search in both."""

import re
from html import unescape

import pytest

from initiatives.models import PartnerRole
from tests.factories import (
    DemonstrationSiteFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    ObjectiveFactory,
    OrganizationFactory,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def cards(page: str, tag="h2") -> list[tuple[str, str]]:
    """(name, lang) of each card's heading link, in page order; lang "" when it is the page's."""
    found = re.findall(
        rf'<{tag}><a href="[^"]+">(?:<span lang="(\w+)">)?([^<]+)(?:</span>)?</a>', page
    )
    return [(unescape(name), lang) for lang, name in found]


@pytest.fixture
def mixed():
    """Organizations with a Spanish name and without one, whose orders differ by language."""
    OrganizationFactory(name="Zeta Youth Services", name_es="Alianza Juvenil Zeta")
    OrganizationFactory(name="Boston Parents Union")
    OrganizationFactory(name="Amigos Fund", description="Grants for schools.")
    OrganizationFactory(
        name="Community Schools Network",
        name_es="Red de Escuelas Comunitarias",
        description="Schools open to families.",
        description_es="Escuelas abiertas a las familias.",
    )


def test_the_directory_in_spanish_sorts_every_name_as_it_reads(client, mixed):
    page = client.get("/partners/", **SPANISH).text
    assert cards(page) == [
        ("Alianza Juvenil Zeta", ""),
        ("Amigos Fund", "en"),
        ("Boston Parents Union", "en"),
        ("Red de Escuelas Comunitarias", ""),
    ]
    assert markup_problems(page) == []
    english = client.get("/partners/").text
    assert [name for name, _lang in cards(english)] == [
        "Amigos Fund",
        "Boston Parents Union",
        "Community Schools Network",
        "Zeta Youth Services",
    ]
    assert {lang for _name, lang in cards(english)} == {""}


def test_the_directory_finds_words_of_either_language(client, mixed):
    found = client.get("/partners/?q=familias", **SPANISH).text
    assert [name for name, _lang in cards(found)] == ["Red de Escuelas Comunitarias"]
    # A Spanish reader finds a name by its English words too, and the other way round.
    assert cards(client.get("/partners/?q=Youth", **SPANISH).text) == [("Alianza Juvenil Zeta", "")]
    assert cards(client.get("/partners/?q=Alianza").text) == [("Zeta Youth Services", "")]


def test_the_directory_initiative_filter_lists_initiatives_as_they_read(client, mixed):
    alpha = InitiativeFactory(name="Whole Child Initiative", name_es="Iniciativa Niño Completo")
    beta = InitiativeFactory(name="Open Opportunity Massachusetts")
    for initiative in (alpha, beta):
        InitiativePartnerFactory(
            initiative=initiative,
            organization=OrganizationFactory(name=f"Partner of {initiative.slug}"),
            role=PartnerRole.PARTNER,
        )
    page = client.get("/partners/", **SPANISH).text
    select = re.search(r'<select name="initiative".*?</select>', page, re.S).group(0)
    names = re.findall(r'<option value="[\w-]+">([^<(]+) \(', select)
    assert names == ["Iniciativa Niño Completo", "Open Opportunity Massachusetts"]
    narrowed = client.get(f"/partners/?initiative={alpha.slug}", **SPANISH).text
    assert [name for name, _ in cards(narrowed)] == [f"Partner of {alpha.slug}"]


def test_an_organization_page_gives_each_text_its_language(client, mixed):
    network = OrganizationFactory(
        name="Lynn Families United",
        slug="lynn-families",
        description="Parents organizing in Lynn.",
    )
    DemonstrationSiteFactory(name="Lynn", name_es="Lynn (ciudad)", lead_organization=network)
    ObjectiveFactory(title="Open the summer program", owners=[network])
    page = client.get("/partners/lynn-families/", **SPANISH).text
    assert '<h1><span lang="en">Lynn Families United</span></h1>' in page
    assert '<div lang="en"><p>Parents organizing in Lynn.</p></div>' in page
    assert ">Lynn (ciudad)</a>" in page
    assert '<span lang="en">Open the summer program</span></a>' in page
    assert markup_problems(page) == []


def test_the_home_page_lists_initiatives_as_they_read(client):
    InitiativeFactory(name="Whole Child Initiative", name_es="Iniciativa Niño Completo")
    InitiativeFactory(name="Brown's Promise Massachusetts", summary="Integrated schools.")
    page = client.get("/", **SPANISH).text
    assert cards(page, "h3")[:2] == [
        ("Brown's Promise Massachusetts", "en"),
        ("Iniciativa Niño Completo", ""),
    ]
    assert '<p lang="en">Integrated schools.</p>' in page
