"""The demo in English and Spanish: every text the public reads has its Spanish, each in its
own column; the data marks which texts are translations, and the loader's checks refuse Spanish
without the marking and the marking without Spanish."""

import datetime as dt
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import translation
from modeltranslation.translator import translator

from events.models import Event, SessionReport, Theme
from initiatives.models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Objective,
    ProgressUpdate,
)
from partners.models import Organization
from portal.demo import DemoDataError, checks, files
from portal.demo.files import Row
from tests.portal.helpers import BOSTON

LOAD_DAY = dt.datetime(2025, 3, 3, 15, 0, tzinfo=BOSTON)

# What the public reads, and the texts of it that must have their Spanish. Names of
# organizations and initiatives (and short names) are proper nouns and stay as they are.
PUBLIC_TEXTS = [
    (Organization, {"approved": True}, ["description"]),
    (Initiative, {}, ["summary", "vision", "description"]),
    (FocusArea, {}, ["title", "description"]),
    (DemonstrationSite, {}, ["description"]),
    (Indicator, {}, ["name", "description"]),
    (Measurement, {}, ["period_label"]),
    (Objective, {}, ["title", "description"]),
    (Milestone, {}, ["title"]),
    (ProgressUpdate, {"visibility": ProgressUpdate.Visibility.PUBLIC}, ["narrative"]),
    (
        Event,
        {"status": Event.Status.PUBLISHED},
        ["title", "description", "accessibility_notes", "transit_notes"],
    ),
    (SessionReport, {}, ["summary"]),
    (Theme, {}, ["title", "description"]),
]


@pytest.fixture
def demo(load_demo):
    load_demo(LOAD_DAY)


def without_spanish(model, public, field):
    """The public rows with an English text in field and no Spanish for it."""
    english = Q(**{f"{field}_en__isnull": False}) & ~Q(**{f"{field}_en": ""})
    no_spanish = Q(**{f"{field}_es__isnull": True}) | Q(**{f"{field}_es": ""})
    return model.objects.filter(english & no_spanish, **public)


def test_every_public_text_has_its_spanish(demo):
    for model, public, fields in PUBLIC_TEXTS:
        assert model.objects.filter(**public).exists(), model.__name__
        for field in fields:
            missing = without_spanish(model, public, field)
            assert not missing.exists(), (model.__name__, field, list(missing[:3]))
    # Even the figures of the invented series name their period in Spanish.
    assert not Measurement.objects.filter(period_label_es__isnull=True).exists()


def test_each_language_in_its_own_column(demo):
    lynn = Event.objects.get(slug="community-engagement-session-lynn-2024-12-13")
    assert lynn.title_en == "Community engagement session in Lynn"
    assert lynn.title_es == "Sesión de participación comunitaria en Lynn"
    assert lynn.description_en.startswith("A Brown's Promise Massachusetts community engagement")
    assert lynn.description_es.startswith("Una sesión de participación comunitaria")
    with translation.override("es"):
        assert Event.objects.get(pk=lynn.pk).title == "Sesión de participación comunitaria en Lynn"
    city = Organization.objects.get(name="City of Boston")
    # The figures are written as the portal writes them in US Spanish.
    assert "$4.1 millones" in city.description_es
    placements = Indicator.objects.get(slug="boston-pic-direct-placements")
    assert placements.measurements.get().period_label_es == "Verano de 2020"
    assert "300,000" in Initiative.objects.get(slug="opportunity-coalition").description_es


def test_proper_names_stay_as_they_are(demo):
    # Organization and initiative names have no invented Spanish: they show as they are.
    assert not Organization.objects.filter(name_es__isnull=False).exists()
    assert not Initiative.objects.filter(
        Q(name_es__isnull=False) | Q(short_name_es__isnull=False)
    ).exists()
    # A site named after its city keeps its name; the pilot schools have a Spanish name.
    translated = DemonstrationSite.objects.filter(name_es__isnull=False)
    assert list(translated.values_list("name_es", flat=True)) == [
        "Escuelas secundarias piloto de Boston (cohorte 1 de HQCCP)"
    ]
    for site in DemonstrationSite.objects.filter(name_es__isnull=True):
        assert site.name.startswith(f"{site.city}, "), site.name


def test_the_spanish_fits_its_column(demo):
    for model, _public, _fields in PUBLIC_TEXTS:
        for field in translator.get_options_for_model(model).fields:
            limit = model._meta.get_field(f"{field}_es").max_length
            for value in model.objects.exclude(**{f"{field}_es__isnull": True}).values_list(
                f"{field}_es", flat=True
            ):
                assert limit is None or len(value) <= limit, (model.__name__, field, value)


def test_translated_quotes_say_they_are_translations(demo):
    equip = Objective.objects.get(slug="equip-advocates-with-research-and-tools")
    assert "(traducción): «Los primeros esfuerzos de integración" in equip.description_es
    for report in SessionReport.objects.filter(is_example=False):
        assert "(traducción): «Durante el último año" in report.summary_es
    # Whatever the Spanish quotes, it says it is a translation or gives the original beside it.
    for model, _public, fields in PUBLIC_TEXTS:
        for field in fields:
            for text in model.objects.filter(**{f"{field}_es__contains": "«"}).values_list(
                f"{field}_es", flat=True
            ):
                assert "(traducción)" in text or "“" in text, text


def test_a_row_written_in_spanish_first_keeps_its_language(demo):
    written_in_spanish = ProgressUpdate.objects.get(organization__name="Latinos for Education")
    assert written_in_spanish.language == "es"
    assert written_in_spanish.narrative_es.startswith("Ejemplo de un informe de seguimiento")
    assert written_in_spanish.narrative_en.startswith("Example of a follow-up update")
    assert set(
        ProgressUpdate.objects.exclude(pk=written_in_spanish.pk).values_list("language", flat=True)
    ) == {"en"}


def test_the_spanish_reaches_the_pages(demo, client):
    client.cookies["django_language"] = "es"
    page = client.get("/events/community-engagement-session-lynn-2024-12-13/").text
    assert "Sesión de participación comunitaria en Lynn" in page
    assert "(traducción): «Durante el último año" in page


def test_loaded_in_english_whatever_language_is_active(db, settings):
    settings.DEBUG = True
    with translation.override("es"):
        call_command("load_demo", verbosity=0)
        call_command("load_demo", verbosity=0)  # a second load finds the same rows
    assert Event.objects.filter(title_en="Community engagement session in Lynn").count() == 1
    assert Milestone.objects.filter(
        title_en="Choose industry areas for the new career pathways",
        title_es="Elegir las áreas industriales de las nuevas trayectorias profesionales",
    ).exists()
    assert not Milestone.objects.filter(title_en__startswith="Elegir").exists()


def test_facts_only_loads_the_spanish_of_the_facts(db):
    call_command("load_demo", "--facts-only", verbosity=0)
    for model, fields in (
        (Event, ["title", "description"]),
        (Objective, ["title", "description"]),
        (ProgressUpdate, ["narrative"]),
        (SessionReport, ["summary"]),
    ):
        assert model.objects.filter(is_example=False).exists(), model.__name__
        for field in fields:
            missing = without_spanish(model, {"is_example": False}, field)
            assert not missing.exists(), (model.__name__, field)
    assert Organization.objects.get(name="EdVestors").description_es.startswith("Líder del sitio")


def test_a_spanish_text_taken_out_of_the_data_is_gone_after_a_reload(db, tmp_path, monkeypatch):
    call_command("load_demo", "--facts-only", verbosity=0)
    assert Organization.objects.get(name="Brown's Promise").description_es
    data = tmp_path / "data"
    shutil.copytree(files.DATA, data)
    path = data / "browns-promise-massachusetts.toml"
    text = path.read_text()
    organization = re.search(r'\[\[organization\]\]\ntranslated = "es"\n.*?\n\n', text, re.S)
    english_only = re.sub(r'description_es = """.*?"""\n', "", organization.group(0), flags=re.S)
    english_only = english_only.replace('translated = "es"\n', "")
    path.write_text(text.replace(organization.group(0), english_only))
    monkeypatch.setattr(files, "DATA", data)
    call_command("load_demo", "--facts-only", verbosity=0)
    org = Organization.objects.get(name="Brown's Promise")
    assert org.description_es is None
    assert org.description_en.startswith("Works to give every child access")


# The checks, on small data of their own.


def tables(kind, *rows):
    found = {name: [] for name in files.KINDS}
    found[kind] = [
        Row(fields, f"test.toml, [[{kind}]] number {number}")
        for number, fields in enumerate(rows, start=1)
    ]
    return found


ORGANIZATION = {"name": "Example Organization", "sector": "community", "description": "Works."}


def test_the_checks_accept_marked_spanish_either_way():
    spanish = {**ORGANIZATION, "description_es": "Trabaja."}
    checks.check(tables("organization", {**spanish, "translated": "es"}))
    checks.check(tables("organization", {**spanish, "translated": "en"}))
    checks.check(tables("organization", ORGANIZATION))  # English alone needs no marking


@pytest.mark.parametrize(
    ("kind", "row", "error"),
    [
        # Spanish without the marking, on the row or on a row nested in it.
        (
            "organization",
            {**ORGANIZATION, "description_es": "Trabaja."},
            "test.toml, [[organization]] number 1: description_es is a Spanish text, but the "
            'row has no translated = "es"',
        ),
        (
            "session_report",
            {
                "example": True,
                "events": [],
                "summary": "An example.",
                "theme": [{"title": "A theme", "title_es": "Un tema", "objectives": []}],
            },
            "test.toml, [[session_report]] number 1, [[theme]] number 1: title_es is a Spanish "
            "text, but the row has no translated",
        ),
        (
            "indicator",
            {
                "slug": "example",
                "example": True,
                "name": "Example",
                "measurement": [{"period_label": "Summer 2020", "period_label_es": "Verano"}],
            },
            "test.toml, [[indicator]] number 1, [[measurement]] number 1: period_label_es is a "
            "Spanish text",
        ),
        # The marking without Spanish, or saying something else.
        (
            "organization",
            {**ORGANIZATION, "translated": "es"},
            "test.toml, [[organization]] number 1: translated = 'es', but the row has no "
            "Spanish text",
        ),
        (
            "organization",
            {**ORGANIZATION, "translated": "spanish", "description_es": "Trabaja."},
            "test.toml, [[organization]] number 1: translated = 'spanish' is not",
        ),
        # Spanish with no English beside it, an empty one, an English column by its name.
        (
            "organization",
            {"name": "Example", "translated": "es", "description_es": "Trabaja."},
            "test.toml, [[organization]] number 1: description_es has no English description",
        ),
        (
            "organization",
            {**ORGANIZATION, "translated": "es", "description_es": " "},
            "test.toml, [[organization]] number 1: description_es is empty",
        ),
        (
            "organization",
            {**ORGANIZATION, "description_en": "Works."},
            "test.toml, [[organization]] number 1: description_en: the English text goes in "
            "description",
        ),
        # The marking covers the nested rows, from the row that holds them.
        (
            "session_report",
            {
                "translated": "es",
                "example": True,
                "events": [],
                "summary": "An example.",
                "summary_es": "Un ejemplo.",
                "theme": [{"translated": "es", "title": "A theme", "title_es": "Un tema"}],
            },
            "test.toml, [[session_report]] number 1, [[theme]] number 1: translated goes on "
            "the row that holds this one",
        ),
    ],
)
def test_the_checks_refuse_unmarked_spanish_and_a_marking_without_it(kind, row, error):
    with pytest.raises(DemoDataError, match=re.escape(error)):
        checks.check(tables(kind, row))


def test_the_marking_says_which_language_the_row_was_written_in():
    marked = tables("event", {"translated": "en"}, {"translated": "es"}, {})["event"]
    assert [checks.written_in(row) for row in marked] == ["es", "en", "en"]
    assert all("translated" not in row for row in marked)


def test_a_data_file_with_unmarked_spanish_stops_the_load(db, settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    data = tmp_path / "data"
    shutil.copytree(files.DATA, data)
    path = data / "opportunity-coalition.toml"
    marked = '[[organization]]\ntranslated = "es"\n'
    path.write_text(path.read_text().replace(marked, "[[organization]]\n", 1))
    monkeypatch.setattr(files, "DATA", data)
    error = "opportunity-coalition.toml, [[organization]] number 1: description_es is a Spanish"
    with pytest.raises(CommandError, match=re.escape(error)):
        call_command("load_demo", verbosity=0)
    assert not Organization.objects.exists()
