"""Programs in the site search (programs.search): every program the list shows, found by its
name, summary or description in English or Spanish, accents aside, with its host and whether a
call is open; never a call's questions nor an applicant's answers. On SQLite and on PostgreSQL
(DATABASE_URL)."""

import pytest

from coalition import search
from tests.factories import OrganizationFactory, ProgramFactory
from tests.programs.helpers import open_call, submitted
from tests.support.search import get, lines, links, plan, postgres_only, snippets, titles

pytestmark = pytest.mark.django_db


def academy(**fields):
    return ProgramFactory(
        name="Educator Voice Academy",
        name_es="Academia de la Voz Docente",
        slug="academy",
        summary="A year of policy work for classroom teachers.",
        summary_es="Un año de trabajo en políticas públicas para docentes de aula.",
        description="Fellows meet monthly with legislators.",
        description_es="Los participantes se reúnen cada mes con legisladores.",
        host=OrganizationFactory(name="Teach Plus Massachusetts", slug="teach-plus"),
        **fields,
    )


def test_a_spanish_reader_finds_a_program_by_its_spanish_words_without_accents():
    academy()
    ProgramFactory(name="Leaders for Just Schools", slug="leaders")

    response = get("politicas publicas", language="es")

    assert titles(response, "programs") == ["Academia de la Voz Docente"]
    assert links(response, "programs") == ["/programs/academy/"]
    assert "<mark>" in snippets(response, "programs")[0]


def test_an_english_reader_finds_it_by_its_english_words():
    academy()

    assert titles(get("legislators"), "programs") == ["Educator Voice Academy"]
    assert titles(get("educator voice"), "programs") == ["Educator Voice Academy"]


def test_a_query_with_accents_finds_text_without_them():
    ProgramFactory(name="Educacion Pathways Fellowship", slug="pathways")

    assert titles(get("educación"), "programs") == ["Educacion Pathways Fellowship"]


def test_a_result_names_its_host_and_says_when_a_call_is_open():
    academy()
    edvestors = OrganizationFactory(name="EdVestors", slug="edvestors")
    open_call(name="Policy Fellowship", slug="fellowship", host=edvestors)

    found = get("policy")

    # The program with an open call first.
    assert titles(found, "programs") == ["Policy Fellowship", "Educator Voice Academy"]
    assert lines(found, "programs") == [
        "EdVestors · Open for applications",
        "Teach Plus Massachusetts",
    ]


def test_questions_and_answers_are_never_found():
    call = open_call(name="Leaders for Just Schools", slug="leaders")
    call.questions.update(prompt="Describe your zeppelin project")
    submitted(call, name="Ana Zeppelin", email="ana@example.org")

    for language in ("en", "es"):
        response = get("zeppelin", language=language)
        assert titles(response, "programs") == []
        assert 'class="search-group"' not in response.content.decode()


def test_the_kind_is_registered_after_the_first_ones():
    names = [kind.name for kind in search.kinds()]

    assert names.index("organizations") < names.index("programs")


@postgres_only
@pytest.mark.parametrize("query", ["educator voice", '"educator voice" -chess'])
def test_the_gin_indexes_are_used(query):
    academy()

    found = plan("programs", query, language="es")

    assert "program_search_en" in found
    assert "program_search_es" in found
