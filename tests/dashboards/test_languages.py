"""The dashboard in Spanish: rows ordered as the reader reads them, themes told apart by their
key whatever the language, each cell in its own language, the CSV in the reader's words."""

import re

import pytest

from events.models import Event, Theme
from initiatives.models import Initiative
from tests.dashboards.helpers import read_csv, tables
from tests.factories import OrganizationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def spanish(client, query=""):
    response = client.get(f"/dashboard/{query}", **SPANISH)
    assert response.status_code == 200
    return response


def langs(cells) -> list[str]:
    return [getattr(cell, "lang", "") if getattr(cell, "fallback", False) else "" for cell in cells]


def test_what_we_heard_groups_a_theme_by_its_key_in_either_language(client, lead, network):
    Theme.objects.filter(title_en="Safer routes").update(title_es="Rutas seguras")
    past_two = Event.objects.get(slug="past-two")
    past_two.report.published_at = past_two.starts_at
    past_two.report.save()
    # The same theme (its English title), its Spanish said otherwise; one only in Spanish.
    ThemeFactory(report=past_two.report, title="Safer routes", title_es="Rutas más seguras")
    ThemeFactory(report=past_two.report, title="", title_es="Escuelas integradas")

    response = spanish(client)
    themes = next(t for p in response.context["panels"] for t in p.tables if t.name == "themes")
    titles = [row[0] for row in themes.rows]
    # The latest session's themes first, then by what the reader reads.
    assert titles == ["More interpreters", "Rutas seguras", "Escuelas integradas", "Hidden"]
    assert langs(titles) == ["en", "", "", "en"]
    assert [row[1] for row in themes.rows] == [1, 2, 1, 1]
    page = response.text
    assert '<th scope="row"><span lang="en">More interpreters</span></th>' in page
    assert '<th scope="row">Rutas seguras</th>' in page
    english = tables(client.get("/dashboard/"))["themes"]
    assert [row[0] for row in english] == [
        "More interpreters",
        "Safer routes",
        "Escuelas integradas",
        "Hidden",
    ]


def test_organizations_and_initiatives_sort_as_they_read(client, lead, network):
    OrganizationFactory(name="Zeta Trust", name_es="Alianza Zeta")
    OrganizationFactory(name="Beacon Group")
    Initiative.objects.filter(slug="alpha-one").update(name_es="Uno de Alfa")
    Initiative.objects.filter(slug="alpha").update(name_es="Zafiro")

    found = tables(spanish(client))
    inactive = [row[0] for row in found["inactive-organizations"]]
    assert inactive == ["Alianza Zeta", "Beacon Group", "Quiet Fund"]
    assert langs(inactive) == ["", "en", "en"]
    # The initiative with the most objectives, then the others as they read.
    by_status = [row[0] for row in found["objectives-by-status"]]
    assert by_status == ["Zafiro", "Beta", "Uno de Alfa"]
    assert langs(by_status) == ["", "en", ""]
    english = tables(client.get("/dashboard/"))
    assert [row[0] for row in english["inactive-organizations"]] == [
        "Beacon Group",
        "Quiet Fund",
        "Zeta Trust",
    ]
    assert [row[0] for row in english["objectives-by-status"]] == ["Alpha", "Alpha One", "Beta"]


def test_the_csv_has_the_readers_words_and_no_markup(client, lead, network):
    OrganizationFactory(name="Zeta Trust", name_es="Alianza Zeta")
    response = client.get("/dashboard/export/inactive-organizations.csv", **SPANISH)
    rows = read_csv(response)
    names = [row[0] for row in rows[1:]]
    assert names == ["Alianza Zeta", "Quiet Fund"]
    assert not any("<" in cell for row in rows for cell in row)


def test_sources_named_in_english_are_marked_on_a_spanish_page(client, lead, network):
    Event.objects.filter(slug="up-one").update(source="Brown's Promise Massachusetts, Our work")
    page = spanish(client).text
    assert re.search(r'<span lang="en">Brown&#x27;s Promise Massachusetts, Our work</span>', page)
    english = client.get("/dashboard/").text
    assert '<span lang="en">Brown' not in english
