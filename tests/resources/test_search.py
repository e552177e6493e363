"""The resource library in the site search (resources.search): public resources only, found by
their title, summary or publisher in English or Spanish, accents aside, each shown with its
kind, publisher and date. On SQLite and on PostgreSQL (DATABASE_URL)."""

import pytest

from coalition import search
from resources.models import Resource
from tests.factories import ResourceFactory
from tests.support.search import get, lines, links, plan, postgres_only, snippets, titles

pytestmark = pytest.mark.django_db


def recording(**fields):
    return ResourceFactory(
        title="Reinventing Child Care: webinar recordings",
        title_es="Reinventar el cuidado infantil: grabaciones de los seminarios web",
        summary="The recordings of the summer webinar series on child care.",
        summary_es="Las grabaciones de la serie de seminarios web sobre el cuidado infantil.",
        slug="webinar-recordings",
        kind=Resource.Kind.RECORDING,
        source="Opportunities Exchange",
        **fields,
    )


def test_a_spanish_reader_finds_a_resource_by_its_spanish_words():
    recording()
    ResourceFactory(title="Dual enrollment report", slug="dual")

    response = get("cuidado infantil", language="es")

    assert titles(response, "resources") == [
        "Reinventar el cuidado infantil: grabaciones de los seminarios web"
    ]
    assert links(response, "resources") == ["/resources/webinar-recordings/"]
    assert "<mark>cuidado</mark> <mark>infantil</mark>" in snippets(response, "resources")[0]


def test_an_english_reader_finds_it_by_its_english_words_and_its_publisher():
    recording()

    assert titles(get("webinar recordings"), "resources") == [
        "Reinventing Child Care: webinar recordings"
    ]
    assert titles(get("opportunities exchange"), "resources") == [
        "Reinventing Child Care: webinar recordings"
    ]


def test_accents_do_not_matter_either_way():
    recording()
    ResourceFactory(title="Educacion temprana report", slug="educacion")

    assert len(titles(get("grabacion", language="es"), "resources")) == 1
    assert len(titles(get("seminarios web", language="es"), "resources")) == 1
    assert titles(get("educación"), "resources") == ["Educacion temprana report"]


def test_a_result_says_what_it_is_who_publishes_it_and_when():
    recording(published_on="2020-08-31")

    assert lines(get("webinar"), "resources") == [
        "Recording · Opportunities Exchange · August 31, 2020"
    ]


def test_an_example_resource_says_so():
    recording(is_example=True)

    assert lines(get("webinar"), "resources")[0].startswith("Example · ")


def test_partners_only_resources_are_never_found():
    recording(visibility=Resource.Visibility.PARTNERS)

    for language in ("en", "es"):
        response = get("cuidado infantil webinar", language=language)
        assert titles(response, "resources") == []
    page = get("webinar", kind="resources").content.decode()
    assert "Reinventing" not in page
    assert "Nothing matches these words." in page


def test_a_new_resource_is_found_at_once_the_page_is_kept_under_the_library_s_version():
    recording()
    assert len(titles(get("webinar"), "resources")) == 1

    ResourceFactory(title="Webinar slides", slug="slides")

    assert len(titles(get("webinar"), "resources")) == 2


def test_the_kind_is_registered_after_the_first_ones():
    names = [kind.name for kind in search.kinds()]

    assert names.index("organizations") < names.index("resources")


@postgres_only
@pytest.mark.parametrize("query", ["child care", '"child care" -slides'])
def test_the_gin_indexes_are_used(query):
    recording()

    found = plan("resources", query, language="es")

    assert "resource_search_en" in found
    assert "resource_search_es" in found
