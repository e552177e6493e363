"""The site search (/search/, portal.search over coalition.search): in the visitor's language,
accents aside, public rows only, grouped by kind with marked snippets, paginated, in a fixed
number of queries. These run on SQLite and on PostgreSQL (DATABASE_URL), where the same words
must give the same results."""

import re

import pytest
from django.test import Client

from events.models import Event
from initiatives.models import ProgressUpdate
from initiatives.services import progress_update_withdraw
from tests.factories import (
    EventFactory,
    EventLanguageFactory,
    InitiativeFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ProgramFactory,
    ResourceFactory,
    UserFactory,
    progress_update,
    story,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

URL = "/search/"


def get(url, *, language="en"):
    return Client(headers={"accept-language": language}).get(url)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def titles(response, kind: str) -> list[str]:
    """The titles of the results in one group, in page order."""
    body = response.content.decode()
    section = re.search(rf'<section[^>]*aria-labelledby="results-{kind}".*?</section>', body, re.S)
    if not section:
        return []
    return re.findall(r'<h3><a href="[^"]+">(?:<span lang="\w+">)?([^<]+)', section.group(0))


def count_of(response, kind: str) -> int | None:
    found = re.search(
        rf'id="results-{kind}">[^<]*<span class="search-group__count">\((\d+)\)', text(response)
    )
    return int(found.group(1)) if found else None


# Languages and accents


def test_a_spanish_query_without_accents_finds_spanish_text_with_them():
    EventFactory(title="Education workshop", title_es="Taller de educación", slug="taller")
    EventFactory(title="Family picnic", title_es="Pícnic familiar", slug="picnic")

    response = get(f"{URL}?q=educacion", language="es")

    assert response.status_code == 200
    assert titles(response, "events") == ["Taller de educación"]


def test_a_query_with_accents_finds_text_without_them():
    OrganizationFactory(name="Educacion Rural Collaborative", slug="rural")

    response = get(f"{URL}?q=educación")

    assert titles(response, "organizations") == ["Educacion Rural Collaborative"]


def test_english_queries_find_english_text_and_a_spanish_reader_finds_untranslated_rows():
    InitiativeFactory(name="Early college pathways", slug="early-college")

    assert titles(get(f"{URL}?q=college"), "initiatives") == ["Early college pathways"]
    # Written in English only: a Spanish reader still finds it, shown in English.
    spanish = get(f"{URL}?q=college", language="es")
    assert titles(spanish, "initiatives") == ["Early college pathways"]
    assert '<span lang="en">Early college pathways</span>' in spanish.content.decode()


def test_every_word_must_be_found():
    EventFactory(title="Listening session in Lynn", slug="lynn", city="Lynn")
    EventFactory(title="Listening session in Salem", slug="salem", city="Salem")

    response = get(f"{URL}?q=listening+Salem")

    assert titles(response, "events") == ["Listening session in Salem"]


# What is public


def test_only_public_standing_updates_are_found():
    objective = ObjectiveFactory(title="Dual enrollment for all", slug="dual")
    progress_update(objective, narrative="Public: the pilot enrolled its first tutors.")
    progress_update(
        objective,
        narrative="Partners only: the tutors' budget is short.",
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )
    withdrawn = progress_update(objective, narrative="Withdrawn: the tutors resigned.")
    progress_update_withdraw(
        update=withdrawn, actor=UserFactory(is_coalition_lead=True), reason="x"
    )

    response = get(f"{URL}?q=tutors&kind=updates")

    page = text(response)
    assert count_of(response, "updates") == 1
    assert "first <mark>tutors</mark>" in page
    assert "budget" not in page
    assert "resigned" not in page
    assert 'href="/initiatives/objectives/dual/#update-' in page


def test_drafts_and_unapproved_organizations_are_not_found():
    EventFactory(title="Secret planning meeting", slug="draft", status=Event.Status.DRAFT)
    OrganizationFactory(name="Secret Allies", slug="secret", approved=False)

    response = get(f"{URL}?q=secret")

    assert titles(response, "events") == []
    assert titles(response, "organizations") == []
    assert "Nothing matches these words." in text(response)


# Childcare and interpretation, in each language


def test_events_offering_childcare_are_found_by_the_word_in_each_language():
    EventFactory(title="Session with care", slug="with-care", childcare_offered=True)
    EventFactory(title="Session without", slug="without", childcare_offered=False)

    spanish = get(f"{URL}?q=cuidado+infantil", language="es")
    english = get(f"{URL}?q=childcare", language="en")

    assert titles(spanish, "events") == ["Session with care"]
    assert titles(english, "events") == ["Session with care"]
    assert "Se ofrece cuidado de niños" in text(spanish) or "Childcare offered" in text(spanish)


def test_a_word_of_the_text_and_the_offer_together():
    EventFactory(title="Lynn session", slug="lynn-care", city="Lynn", childcare_offered=True)
    EventFactory(
        title="Salem session",
        slug="salem-care",
        city="Salem",
        venue="Salem Library",
        childcare_offered=True,
    )
    EventFactory(title="Lynn evening", slug="lynn-none", city="Lynn")

    assert titles(get(f"{URL}?q=childcare+Lynn"), "events") == ["Lynn session"]


def test_events_with_an_interpreter_are_found_by_interpretation():
    event = EventFactory(title="Session in Chelsea", slug="chelsea")
    EventLanguageFactory(event=event, language="es", interpretation=True)
    EventFactory(title="Session in Revere", slug="revere")

    assert titles(get(f"{URL}?q=interpretación", language="es"), "events") == ["Session in Chelsea"]
    assert titles(get(f"{URL}?q=interpreter"), "events") == ["Session in Chelsea"]


# The page


def test_results_are_grouped_by_kind_with_counts_and_a_link_to_all_of_a_kind():
    initiative = InitiativeFactory(name="Literacy for all", slug="literacy")
    for n in range(7):
        EventFactory(title=f"Literacy night {n}", slug=f"night-{n}")
    ObjectiveFactory(initiative=initiative, title="Literacy coaches in every school", slug="o")
    OrganizationFactory(name="Literacy Partners", slug="literacy-partners")

    response = get(f"{URL}?q=literacy")

    page = text(response)
    assert "10 results for “literacy”" in page
    assert count_of(response, "events") == 7
    assert len(titles(response, "events")) == 5
    assert count_of(response, "initiatives") == 1
    assert count_of(response, "objectives") == 1
    assert count_of(response, "organizations") == 1
    assert count_of(response, "updates") is None  # no group without results
    assert 'href="/search/?q=literacy&amp;kind=events">See all 7 results in Events</a>' in page
    # In the order of the kinds: events first, organizations last.
    assert page.index("results-events") < page.index("results-organizations")


def test_a_kind_is_paginated():
    for n in range(23):
        EventFactory(title=f"Robotics club {n:02}", slug=f"robotics-{n}")

    first = get(f"{URL}?q=robotics&kind=events")
    second = get(f"{URL}?q=robotics&kind=events&page=2")

    assert count_of(first, "events") == 23
    assert len(titles(first, "events")) == 20
    assert len(titles(second, "events")) == 3
    assert not set(titles(first, "events")) & set(titles(second, "events"))
    assert "Page 2 of 2" in text(second)
    assert "results-organizations" not in first.content.decode()


def test_snippets_mark_the_words_and_escape_everything_else():
    EventFactory(
        title="Workshop",
        slug="workshop",
        description='<script>alert("x")</script> <b>Bold</b> talk about robotics & more.',
    )

    response = get(f"{URL}?q=robotics")

    body = response.content.decode()
    assert "<mark>robotics</mark>" in body
    snippet = body.split('class="search-snippet">')[1].split("</p>")[0]
    assert "<script" not in snippet
    assert "<b>" not in snippet
    # Shown as text where the snippet keeps it (PostgreSQL's headline leaves tags out).
    assert "&lt;script&gt;" in snippet or "script" not in snippet
    assert "&amp; more" in snippet


def test_a_query_with_markup_is_shown_as_text():
    response = get(f"{URL}?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E")

    assert response.status_code == 200
    assert "<img src=x" not in response.content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()


def test_an_empty_query_gives_a_helpful_page():
    response = get(URL)

    page = text(response)
    assert response.status_code == 200
    assert "Accents and capitals do not matter" in page
    assert 'href="/events/"' in page
    assert "result" not in page.split("<main", 1)[1].split("Search events", 1)[0]


@pytest.mark.parametrize(
    "query, message",
    [
        ("q=" + "a" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("q=robotics&sort=new", "The search does not know the parameter sort"),
        ("q=robotics&kind=recipes", "Select a valid choice. recipes is not one of the available"),
    ],
)
def test_bad_input_is_refused_with_the_message_by_the_field(query, message):
    EventFactory(title="Robotics club", slug="robotics")

    response = get(f"{URL}?{query}")

    assert response.status_code == 400
    assert message in text(response)
    assert 'class="field__errors"' in response.content.decode()
    assert "<mark>" not in response.content.decode()


def test_the_page_is_shared_by_the_cache_and_sets_no_cookie():
    EventFactory(title="Robotics club", slug="robotics")

    response = get(f"{URL}?q=robotics")

    assert response.cookies == {}
    assert response["Cache-Control"] == "public, no-cache"
    # A new event shows on the next request: the page is kept under the events' version.
    EventFactory(title="Robotics fair", slug="robotics-fair")
    assert len(titles(get(f"{URL}?q=robotics"), "events")) == 2


def test_every_page_has_the_search_box_in_its_header():
    body = get("/").content.decode()

    header = body.split("</header>")[0]
    assert 'role="search"' in header
    assert 'action="/search/"' in header
    assert '<label class="visually-hidden" for="site-search-q">Search the portal</label>' in header
    assert "csrfmiddlewaretoken" not in header


# Queries: a fixed number whatever the data


def _world(size: int):
    initiative = InitiativeFactory(name=f"Water {size}", slug=f"water-{size}")
    for n in range(size):
        event = EventFactory(
            title=f"Water safety {n}", slug=f"water-{size}-{n}", childcare_offered=True
        )
        EventLanguageFactory(event=event, language="es", interpretation=True)
        objective = ObjectiveFactory(initiative=initiative, title=f"Clean water {n}")
        progress_update(objective, narrative=f"Water tested {n}.", organization=None)
        OrganizationFactory(name=f"Water Works {size}-{n}", slug=f"works-{size}-{n}")
        ResourceFactory(title=f"Water report {size}-{n}", slug=f"water-report-{size}-{n}")
        ProgramFactory(name=f"Water fellows {size}-{n}", slug=f"water-fellows-{size}-{n}")
        story(title=f"Water for every school {size}-{n}")


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_of_every_kind_runs_one_query_per_kind(size, django_assert_num_queries):
    _world(size)

    # One per kind, whatever the rows: events, initiatives, objectives, updates, organizations,
    # resources, programs (their open calls counted in the same query) and stories; each row's
    # line reads only what its query selected (organization, host).
    with django_assert_num_queries(8):
        response = get(f"{URL}?q=water")

    assert response.status_code == 200
    for kind in ("events", "resources", "programs", "stories"):
        assert count_of(response, kind) == size


@pytest.mark.parametrize("kind", ["updates", "resources", "programs", "stories"])
@pytest.mark.parametrize("size", [2, 25])
def test_a_kind_s_page_runs_two_queries(size, kind, django_assert_num_queries):
    _world(size)

    with django_assert_num_queries(2):  # the count, the page
        response = get(f"{URL}?q=water&kind={kind}")

    assert count_of(response, kind) == size


def test_a_snippet_in_the_other_language_says_so():
    EventFactory(title="Robotics club", slug="robotics", description="Robots for all ages.")

    response = get(f"{URL}?q=robots", language="es")

    assert '<p class="search-snippet" lang="en">' in response.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "query", ["", "?q=robotics", "?q=robotics&kind=events", "?q=nothing", "?q=a&sort=x"]
)
def test_the_page_keeps_the_markup_rules(language, query):
    for n in range(7):
        EventFactory(title=f"Robotics night {n}", slug=f"robotics-{n}", childcare_offered=True)
    OrganizationFactory(name="Robotics Alliance", slug="alliance")

    response = get(f"{URL}{query}", language=language)

    assert markup_problems(response.content.decode()) == []
