"""Initiatives, sites and progress updates in English and Spanish: lists ordered as the reader
reads them, search in both languages, an update written in its author's language with its
translation beside it."""

import re
from html import unescape

import pytest

from initiatives.models import ProgressUpdate
from tests.factories import (
    DemonstrationSiteFactory,
    InitiativeFactory,
    ObjectiveFactory,
    OrganizationFactory,
    join_staff,
    progress_update,
)
from tests.factories import verified_user as verified
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def headings(page: str) -> list[tuple[str, str]]:
    """(name, lang) of each card's linked heading, in page order; lang "" for the page's own."""
    found = re.findall(r'<h2><a href="[^"]+">(?:<span lang="(\w+)">)?([^<]+)(?:</span>)?</a>', page)
    return [(unescape(name), lang) for lang, name in found]


def test_the_initiatives_in_spanish_keep_each_part_under_its_parent(client):
    whole = InitiativeFactory(name="Whole Child Initiative", name_es="Iniciativa Niño Completo")
    InitiativeFactory(name="Campus Without Walls", parent=whole)
    InitiativeFactory(name="After-school pilots", name_es="Pilotos extraescolares", parent=whole)
    InitiativeFactory(name="Brown's Promise Massachusetts")
    InitiativeFactory(name="Open Opportunity Massachusetts", name_es="Oportunidad Abierta")

    page = client.get("/initiatives/", **SPANISH).text
    assert headings(page) == [
        ("Brown's Promise Massachusetts", "en"),
        ("Iniciativa Niño Completo", ""),
        ("Campus Without Walls", "en"),
        ("Pilotos extraescolares", ""),
        ("Oportunidad Abierta", ""),
    ]
    assert markup_problems(page) == []
    english = [name for name, _ in headings(client.get("/initiatives/").text)]
    assert english == [
        "Brown's Promise Massachusetts",
        "Open Opportunity Massachusetts",
        "Whole Child Initiative",
        "After-school pilots",
        "Campus Without Walls",
    ]


def test_the_initiatives_search_finds_words_of_either_language(client):
    InitiativeFactory(name="Open Opportunity Massachusetts", summary_es="Oportunidades para todos.")
    InitiativeFactory(name="Brown's Promise Massachusetts", summary="Integrated schools.")
    found = client.get("/initiatives/?q=oportunidades").text
    assert [name for name, _ in headings(found)] == ["Open Opportunity Massachusetts"]
    found = client.get("/initiatives/?q=integrated", **SPANISH).text
    assert headings(found) == [("Brown's Promise Massachusetts", "en")]


def test_the_sites_in_spanish_sort_as_they_read_and_filter_by_initiative(client):
    whole = InitiativeFactory(name="Whole Child Initiative", name_es="Iniciativa Niño Completo")
    other = InitiativeFactory(name="Another initiative")
    boston = DemonstrationSiteFactory(name="Boston Public Schools", name_es="Escuelas de Boston")
    chelsea = DemonstrationSiteFactory(name="Chelsea")
    worcester = DemonstrationSiteFactory(name="Worcester", name_es="Worcester (ciudad)")
    for site in (boston, chelsea, worcester):
        site.initiatives.set([whole])
    DemonstrationSiteFactory(name="Framingham").initiatives.set([other])

    page = client.get("/sites/", **SPANISH).text
    assert headings(page) == [
        ("Chelsea", "en"),
        ("Escuelas de Boston", ""),
        ("Framingham", "en"),
        ("Worcester (ciudad)", ""),
    ]
    narrowed = client.get(f"/sites/?initiative={whole.slug}", **SPANISH).text
    assert [name for name, _ in headings(narrowed)] == [
        "Chelsea",
        "Escuelas de Boston",
        "Worcester (ciudad)",
    ]
    select = re.search(r'<select name="initiative".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="[\w-]+">([^<]+)</option>', select) == [
        "Another initiative",
        "Iniciativa Niño Completo",
    ]


# -- progress updates --


@pytest.fixture
def owner():
    return OrganizationFactory(name="Sociedad Latina", slug="sociedad-latina")


@pytest.fixture
def objective(owner):
    return ObjectiveFactory(
        title="Expand career pathways", title_es="Ampliar las rutas profesionales", owners=[owner]
    )


@pytest.fixture
def staff(client, owner):
    user = verified("staff@example.org", name="Sam Staff")
    join_staff(owner, user)
    client.force_login(user)
    return user


def update_form(owner, **fields):
    return {
        "organization": owner.pk,
        "status": "on_track",
        "evidence_url": "",
        "visibility": "public",
        **fields,
    }


def test_the_update_form_is_written_in_the_readers_language_unless_told(client, staff, objective):
    page = client.get(f"{objective.get_absolute_url()}update/", **SPANISH).text
    assert '<input type="radio" name="language" value="es"' in page
    assert re.search(r'value="es"[^>]*checked', page)
    pair = re.search(r'<div class="field-languages">(.*?)\n    </div>', page, re.S).group(1)
    assert 'id="id_narrative_en"' in pair and 'id="id_narrative_es"' in pair
    assert 'lang="en"' in pair and 'lang="es"' in pair
    assert markup_problems(page) == []


def test_an_update_written_in_spanish_with_its_translation(client, staff, owner, objective):
    response = client.post(
        f"{objective.get_absolute_url()}update/",
        update_form(
            owner,
            language="es",
            narrative_es="Tres escuelas más se unieron.",
            narrative_en="Three more schools joined.",
        ),
        **SPANISH,
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.language, update.narrative_es, update.narrative_en) == (
        "es",
        "Tres escuelas más se unieron.",
        "Three more schools joined.",
    )
    english = client.get(objective.get_absolute_url()).text
    assert "<p>Three more schools joined.</p>" in english
    assert "Translated from Spanish." in english
    spanish = client.get(objective.get_absolute_url(), **SPANISH).text
    assert "<p>Tres escuelas más se unieron.</p>" in spanish
    assert "Traducido del" not in spanish and "Translated from" not in spanish


def test_an_update_written_only_in_the_other_box_is_in_that_language(
    client, staff, owner, objective
):
    client.post(
        f"{objective.get_absolute_url()}update/",
        update_form(owner, language="en", narrative_es="Tres escuelas más."),
    )
    update = ProgressUpdate.objects.get()
    assert (update.language, update.narrative_es, update.narrative_en or "") == (
        "es",
        "Tres escuelas más.",
        "",
    )
    english = client.get(objective.get_absolute_url()).text
    assert '<div class="update__narrative" lang="es"><p>Tres escuelas más.</p></div>' in english
    assert "Translated from" not in english


def test_an_update_needs_what_happened_in_one_language(client, staff, owner, objective):
    response = client.post(
        f"{objective.get_absolute_url()}update/", update_form(owner, language="es"), **SPANISH
    )
    assert response.status_code == 400
    assert re.search(r'id="id_narrative_es_error">', response.text)
    assert not ProgressUpdate.objects.exists()


def test_an_english_update_reads_in_english_on_a_spanish_page(client, objective, owner):
    progress_update(objective, organization=owner, narrative="Work is moving as planned.")
    page = client.get(objective.get_absolute_url(), **SPANISH).text
    assert '<div class="update__narrative" lang="en"><p>Work is moving as planned.</p></div>' in (
        page
    )
    assert "<h1>Ampliar las rutas profesionales</h1>" in page
