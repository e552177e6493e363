"""A signed-in person's pages are kept for that person alone (coalition.pagecache): a second
visit reads nothing but who they are, another person or browser never gets their copy, a
message is shown once and never kept, and a change shows on the very next request."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.listing import PAGE_SIZE
from communities import services as communities_services
from events import services as events_services
from tests.factories import (
    CommunityFactory,
    EventFactory,
    InitiativeFactory,
    ObjectiveFactory,
    OrganizationFactory,
    RegistrationFactory,
    join_staff,
)
from tests.factories import verified_user as verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return OrganizationFactory(name="Lynn Families United", slug="lynn-families")


@pytest.fixture
def initiative(host):
    initiative = InitiativeFactory(name="Fair schools in Lynn", slug="fair-schools")
    ObjectiveFactory(initiative=initiative, owners=[host], title="Integrated schools")
    return initiative


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def follow(user, community):
    """The person follows the community, new sessions and answers both, from their address."""
    communities_services.follow_create(
        community=community,
        email=user.email,
        language="en",
        new_sessions=True,
        answers=True,
        user=user,
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_second_visit_runs_no_query(host, initiative):
    rosa = signed_in(join_staff(host, verified("rosa@example.org", name="Rosa Delgado")).user)
    rosa.get("/me/")  # the first page with a form sets the CSRF cookie: not kept
    for url in ("/me/", initiative.get_absolute_url()):
        first, rendered = visit(rosa, url)
        again, kept = visit(rosa, url)
        assert first.status_code == again.status_code == 200, url
        assert again.content == first.content, url
        assert kept == 0 < rendered, url  # the person, their session and roles are kept too
        assert "private" in again["Cache-Control"], url
        assert "public" not in again["Cache-Control"], url
        assert "Cookie" in again["Vary"], url
    # /me/ stays out of every other cache, the browser's included.
    assert rosa.get("/me/")["Cache-Control"] == "no-store, private"


def test_no_one_else_gets_a_persons_copy(host, initiative):
    rosa_user = join_staff(host, verified("rosa@example.org", name="Rosa Delgado")).user
    rosa, tom = signed_in(rosa_user), signed_in(verified("tom@example.org", name="Tom Ng"))
    url = initiative.get_absolute_url()
    assert "Rosa" in text(rosa.get(url))
    for page in (text(tom.get(url)), text(tom.get("/me/")), text(Client().get(url))):
        assert "Rosa" not in page
    # The same person in another browser (session and CSRF cookie of its own) gets its own.
    rosa.get("/me/")
    rosa.get("/me/")
    _elsewhere, rendered = visit(signed_in(rosa_user), "/me/")
    assert rendered > 1


def test_a_kept_page_posts_its_form_with_its_csrf_token(host):
    client = Client(enforce_csrf_checks=True)
    client.force_login(verified("rosa@example.org", name="Rosa Delgado"))
    client.get("/me/")  # sets the CSRF cookie
    client.get("/me/")  # kept, with a token made from it
    kept, count = visit(client, "/me/")
    assert count == 0
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.content.decode())[1]
    saved = client.post(
        "/me/",
        {"csrfmiddlewaretoken": token, "name": "Rosa D.", "preferred_language": "es"},
    )
    assert saved.status_code == 302


def test_a_message_is_shown_once_and_never_kept():
    client = signed_in(verified("rosa@example.org", name="Rosa Delgado"))
    client.get("/me/")  # kept
    saved = client.post("/me/", {"name": "Rosa D.", "preferred_language": "en"}, follow=True)
    assert "Your details are saved." in text(saved)
    assert "Rosa D." in text(saved)
    again = text(client.get("/me/"))
    assert "Your details are saved." not in again
    assert "Rosa D." in again


def test_my_registration_and_my_follow_show_at_once_on_me():
    rosa = verified("rosa@example.org", name="Rosa Delgado")
    client = signed_in(rosa)
    event = EventFactory(title="Listening session in Lynn")
    chicopee = CommunityFactory(name="Chicopee", slug="chicopee")
    for _ in range(3):  # the cookie, then kept, then served from the cache
        page = text(client.get("/me/"))
    assert "You have no upcoming registrations." in page and "Chicopee" not in page
    events_services.registration_create(
        event=event, name="Rosa Delgado", email="rosa@example.org", language="en", user=rosa
    )
    assert "You have no upcoming registrations." not in text(client.get("/me/"))
    follow(rosa, chicopee)
    assert "Chicopee" in text(client.get("/me/"))


def test_a_role_given_or_taken_shows_at_once(host, initiative):
    rosa = verified("rosa@example.org", name="Rosa Delgado")
    client = signed_in(rosa)
    objective = initiative.objectives.get()
    pages = ("/me/", objective.get_absolute_url())
    for _ in range(3):
        me, page = (text(client.get(url)) for url in pages)
    assert "Lynn Families United" not in me and "Post an update" not in page
    membership = join_staff(host, rosa)
    me, page = (text(client.get(url)) for url in pages)
    assert "Lynn Families United" in me and "Post an update" in page
    membership.delete()
    me, page = (text(client.get(url)) for url in pages)
    assert "Lynn Families United" not in me and "Post an update" not in page


def test_my_sections_are_kept_for_me_across_addresses_and_their_links_carry_only_their_own(
    host,
):
    rosa = join_staff(host, verified("rosa@example.org", name="Rosa Delgado")).user
    past = timezone.now() - dt.timedelta(days=30)
    for _ in range(PAGE_SIZE + 1):
        RegistrationFactory(
            event=EventFactory(starts_at=past, ends_at=past + dt.timedelta(hours=2)),
            user=rosa,
            email="rosa@example.org",
        )
    client = signed_in(rosa)
    client.get("/me/")  # the CSRF cookie
    first, rendered = visit(client, "/me/?utm_source=newsletter")
    again, reused = visit(client, "/me/?from=board-packet")
    assert reused < rendered
    for page in (text(first), text(again)):
        assert "Lynn Families United" in page
        registrations = re.search(
            r'<section aria-labelledby="me-registrations">.*?</section>', page
        )
        assert 'href="?page=2"' in registrations[0]  # no tracking tag carried on
    # Another person never gets them, whatever the address.
    tom = signed_in(verified("tom@example.org", name="Tom Ng"))
    tom.get("/me/")
    page = text(tom.get("/me/?utm_source=newsletter"))
    assert "Lynn Families United" not in page and "page=2" not in page


def test_my_follows_forms_are_made_for_the_browser_that_shows_them():
    rosa = verified("rosa@example.org", name="Rosa Delgado")
    chicopee = CommunityFactory(name="Chicopee", slug="chicopee")
    follow(rosa, chicopee)
    browsers = []
    for _ in range(2):  # a session and CSRF secret each
        client = Client(enforce_csrf_checks=True)
        client.force_login(rosa)
        client.get("/me/")
        browsers.append(client)
    for client in browsers:
        page = client.get("/me/?from=email").content.decode()
        form = re.search(r'<form[^>]*action="([^"]*/topics/)"[^>]*>(.*?)</form>', page, re.S)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[2])[1]
        sent = client.post(form[1], {"csrfmiddlewaretoken": token, "topics": ["answers"]})
        assert sent.status_code == 302
