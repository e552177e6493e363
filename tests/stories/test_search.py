"""Stories in the site search (stories.search): published ones only, found by their title,
summary or text in English or Spanish, accents aside, each shown with its organization and the
day it was published. On SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime as dt

import pytest

from coalition import search
from tests.factories import OrganizationFactory, story
from tests.support.search import get, lines, links, plan, postgres_only, snippets, titles

pytestmark = pytest.mark.django_db


def told(status="approved", **fields):
    return story(
        status=status,
        organization=OrganizationFactory(name="Lynn Parents United", slug=f"lynn-{status}"),
        title="Parents open a family center",
        title_es="Las familias abren un centro de educación",
        summary="How parents in Lynn opened a center.",
        summary_es="Cómo las familias de Lynn abrieron un centro.",
        body="A year of meetings with the school committee.",
        body_es="Un año de reuniones con el comité escolar y la administración.",
        **fields,
    )


def test_a_spanish_reader_finds_a_story_by_its_spanish_words_without_accents():
    made = told()

    response = get("educacion reuniones", language="es")

    assert titles(response, "stories") == ["Las familias abren un centro de educación"]
    assert links(response, "stories") == [made.get_absolute_url()]
    assert "<mark>reuniones</mark>" in snippets(response, "stories")[0]


def test_an_english_reader_finds_it_by_its_english_words():
    told()

    assert titles(get("school committee"), "stories") == ["Parents open a family center"]
    # A Spanish reader typing English words finds it too, shown in Spanish.
    assert titles(get("committee", language="es"), "stories") == [
        "Las familias abren un centro de educación"
    ]


def test_a_query_with_accents_finds_text_without_them():
    story(title="Educacion rural in the Berkshires", slug="rural")

    assert titles(get("educación"), "stories") == ["Educacion rural in the Berkshires"]


def test_a_result_says_who_tells_it_and_when():
    told(at=dt.datetime(2026, 3, 2, 15, tzinfo=dt.UTC))

    assert lines(get("family center"), "stories") == ["Lynn Parents United · March 2, 2026"]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_stories_not_published_are_never_found(status):
    told(status=status)

    for language in ("en", "es"):
        response = get("family center familias", language=language)
        assert titles(response, "stories") == []
        assert 'class="search-group"' not in response.content.decode()


def test_the_kind_is_registered_after_the_first_ones():
    names = [kind.name for kind in search.kinds()]

    assert names.index("organizations") < names.index("stories")


@postgres_only
@pytest.mark.parametrize("query", ["family center", '"family center" -chess'])
def test_the_gin_indexes_are_used(query):
    told()

    found = plan("stories", query, language="es")

    assert "story_search_en" in found
    assert "story_search_es" in found
