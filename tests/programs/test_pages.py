"""The public pages: the list and a program's page (cached, in a fixed number of queries at
any size), the reviewers' list (paged, in a fixed number of queries at any size)."""

import pytest

from programs.selectors import public_programs
from tests.factories import ProgramFactory, QuestionFactory, two_factor_lead
from tests.programs.helpers import open_call, submitted
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db


def grow(count):
    for _ in range(count):
        open_call()


def test_the_list_names_each_program_those_open_first(client):
    ProgramFactory(name="Closed program")
    open_call(name="Leaders for Just Schools")
    page = client.get("/programs/").content.decode()
    assert markup_problems(page) == []
    assert page.index("Leaders for Just Schools") < page.index("Closed program")
    assert "Open for applications" in page
    assert next(p.name for p in public_programs()) == "Leaders for Just Schools"


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_runs_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    grow(size)
    # count + page of programs (with their hosts, initiatives and open calls).
    with django_assert_num_queries(2):
        assert client.get("/programs/").status_code == 200


@pytest.mark.parametrize("questions", [1, 9])
def test_a_programs_page_runs_a_fixed_number_of_queries(
    client, questions, django_assert_num_queries
):
    call = open_call()

    for _ in range(questions):
        QuestionFactory(call=call)
    # program, calls, their questions, cohorts (none: no sessions read).
    with django_assert_num_queries(4):
        response = client.get(call.program.get_absolute_url())
    page = response.content.decode()
    assert markup_problems(page) == []
    assert "Teachers in Massachusetts." in page and "Apply" in page


def test_a_programs_page_is_kept_and_a_change_shows_at_once(client, django_assert_num_queries):
    call = open_call()
    url = call.program.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    call.program.name = "Renamed program"
    call.program.save()
    assert "Renamed program" in client.get(url).content.decode()


def test_an_unknown_program_is_404(client):
    assert client.get("/programs/nowhere/").status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_the_reviewers_list_runs_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    call = open_call()
    for number in range(size):
        submitted(call, email=f"applicant-{number}@example.org")
    client.force_login(two_factor_lead())
    client.get("/me/")  # the person's roles read into the cache
    url = f"/programs/{call.program.slug}/review/?status=submitted"
    # program + count + page (the person from the cache).
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert markup_problems(response.content.decode()) == []


def test_an_unknown_status_filter_is_a_400(client):
    call = open_call()
    client.force_login(two_factor_lead())
    response = client.get(f"/programs/{call.program.slug}/review/?status=nonsense")
    assert response.status_code == 400


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_programs_page_keeps_the_markup_rules(client, language):
    from programs import services
    from tests.programs.helpers import accepted, started

    call = open_call()
    lead = two_factor_lead()
    draft = started(call, email="draft@example.org")
    unconfirmed, _ = services.application_start(
        call=call, name="Unconfirmed", email="new@example.org", language="en"
    )
    done = accepted(call, by=lead, email="done@example.org")
    pages = [
        "/programs/",
        call.program.get_absolute_url(),
        f"/programs/{call.program.slug}/apply/",
        draft.get_absolute_url(),
        unconfirmed.get_absolute_url(),
        done.get_absolute_url(),
        f"{done.get_absolute_url()}certificate.pdf",  # refused, with the reason
    ]
    client.cookies["django_language"] = language
    for url in pages:
        page = client.get(url).content.decode()
        assert markup_problems(page) == [], url
    client.force_login(lead)
    for url in [
        f"/programs/{call.program.slug}/review/",
        f"/programs/{call.program.slug}/review/{done.pk}/",
        "/me/",
    ]:
        page = client.get(url).content.decode()
        assert markup_problems(page) == [], url
