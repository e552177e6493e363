"""The search kernel (coalition.search): folding, marking, snippets, the registry, and on
PostgreSQL the stemmers and the GIN indexes the queries must use."""

import pytest
from django.db import connection

from coalition import search
from events.models import SEARCH_DOCUMENT, Event
from initiatives.models import OBJECTIVE_DOCUMENT, UPDATE_DOCUMENT, Objective, ProgressUpdate
from partners.models import ORGANIZATION_DOCUMENT, Organization
from tests.factories import EventFactory, ObjectiveFactory, OrganizationFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)


def test_fold_drops_accents_and_case():
    assert search.fold("Educación ÁÉÍÓÚ Ñandú") == "educacion aeiou nandu"
    assert search.words_of('  "Cuidado  infantil", -niños! ') == ["cuidado", "infantil", "ninos"]


def test_marked_escapes_the_text_and_marks_only_between_markers():
    start, stop = search.MARK_START, search.MARK_STOP
    html = search.marked(f"<b>a</b> & {start}<i>word</i>{stop} {stop} {start}open")

    assert html == (
        "&lt;b&gt;a&lt;/b&gt; &amp; <mark>&lt;i&gt;word&lt;/i&gt;</mark>  <mark>open</mark>"
    )


def test_a_python_snippet_marks_the_words_whatever_their_accents():
    text = "Una sesión sobre la Educación temprana. " + "Relleno " * 60 + "y más educacion."
    snippet = search.python_snippet(text, ["educacion"])

    assert f"{search.MARK_START}Educación{search.MARK_STOP}" in snippet
    assert snippet.endswith(" …")
    assert len(snippet) < 260


def test_a_python_snippet_far_into_the_text_starts_with_an_ellipsis():
    text = "Relleno " * 80 + "con cuidado infantil al final."
    snippet = search.python_snippet(text, ["infantil"])

    assert snippet.startswith("… ")
    assert f"{search.MARK_START}infantil{search.MARK_STOP}" in snippet


def test_every_domain_kind_is_registered_in_order():
    names = [kind.name for kind in search.kinds()]

    assert names[:5] == ["events", "initiatives", "objectives", "updates", "organizations"]
    assert {"events", "initiatives", "partners"} <= set(search.scopes())


@pytest.mark.django_db
def test_an_empty_query_matches_nothing():
    EventFactory(title="Robotics club", slug="robotics")

    assert not search.matching(Event.objects.all(), SEARCH_DOCUMENT, "  ").exists()
    assert not search.matching(Event.objects.all(), SEARCH_DOCUMENT, "!!").exists()


@pytest.mark.django_db
def test_ranked_puts_title_matches_first_and_counts_every_row():
    OrganizationFactory(name="Harbor Trust", description="Robotics for all.", slug="a")
    OrganizationFactory(name="Robotics Alliance", description="Clubs.", slug="b")

    rows = list(
        search.ranked(Organization.objects.all(), ORGANIZATION_DOCUMENT, "robotics", language="en")
    )

    assert [row.name for row in rows] == ["Robotics Alliance", "Harbor Trust"]
    assert [row.search_total for row in rows] == [2, 2]


# PostgreSQL


@postgres_only
@pytest.mark.django_db
def test_stemming_in_each_language():
    ObjectiveFactory(title="More schools", title_es="Más escuelas", slug="schools")
    objectives = Objective.objects.all()

    assert search.matching(objectives, OBJECTIVE_DOCUMENT, "school", language="en").exists()
    assert search.matching(objectives, OBJECTIVE_DOCUMENT, "escuela", language="es").exists()
    assert search.matching(objectives, OBJECTIVE_DOCUMENT, "escuela", language="en").exists()
    assert not search.matching(objectives, OBJECTIVE_DOCUMENT, "hospital", language="es").exists()


@pytest.mark.django_db
def test_phrases_and_exclusions():
    OrganizationFactory(name="Early College Trust", slug="a")
    OrganizationFactory(name="College of the Early Arts", slug="b")
    organizations = Organization.objects.all()

    def names(query):
        rows = search.matching(organizations, ORGANIZATION_DOCUMENT, query, language="en")
        return sorted(rows.values_list("name", flat=True))

    assert names('"early college"') == ["Early College Trust"]
    assert names("college -arts") == ["Early College Trust"]
    assert names("college") == ["College of the Early Arts", "Early College Trust"]


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        # The tables are tiny: make the planner show whether it *can* use the index. A GIN index
        # is read by a bitmap scan; with plain index scans off too, no other index (a primary
        # key read in order, say, which statistics left by earlier tests can make look cheaper)
        # stands in for it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
    return queryset.explain()


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("query", ["robotics club", '"robotics club" -chess'])
def test_the_gin_indexes_are_used_for_events(query):
    EventFactory(title="Robotics club", slug="robotics", childcare_offered=True)

    plan = _plan(search.matching(Event.objects.all(), SEARCH_DOCUMENT, query, language="es"))

    assert "event_search_es" in plan
    assert "event_search_en" in plan
    assert "Seq Scan" not in plan


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, document, index",
    [
        (Organization, ORGANIZATION_DOCUMENT, "organization_search"),
        (Objective, OBJECTIVE_DOCUMENT, "objective_search"),
        (ProgressUpdate, UPDATE_DOCUMENT, "progress_update_search"),
    ],
)
def test_the_gin_indexes_are_used_for_every_kind(model, document, index):
    plan = _plan(search.matching(model.objects.all(), document, "robotics", language="en"))

    assert f"{index}_en" in plan
    assert f"{index}_es" in plan
