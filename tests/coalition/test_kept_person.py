"""The signed-in person's row, kept between requests with their roles (coalition.backends): read
once, then no query for them until their row, addresses, memberships or authenticators change,
and every such change counts from their very next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import DEFAULT_PASSWORD, verified_user

pytestmark = pytest.mark.django_db


def _user_reads(client, path) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return sum('FROM "coalition_user"' in q["sql"] for q in queries.captured_queries), response


def _signed_in(email="rosa@example.org") -> tuple[Client, object]:
    person = verified_user(email, name="Rosa Delgado")
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client, person


def test_the_person_is_read_once_then_kept_across_pages():
    client, _person = _signed_in()
    reads, first = _user_reads(client, "/me/?from=email")
    assert first.status_code == 200 and "Rosa Delgado" in first.content.decode()
    reads, page = _user_reads(client, "/events/?kind=listening_session")
    assert reads == 0
    assert ">Rosa<span" in page.content.decode()


def test_a_new_name_shows_on_the_next_page():
    client, person = _signed_in()
    client.get("/me/")
    person.name = "Rosario Delgado"
    person.save()
    reads, page = _user_reads(client, "/events/")
    assert reads == 1  # the row changed: read again, then kept
    assert ">Rosario<span" in page.content.decode()


def test_a_password_changed_in_another_browser_ends_this_session_at_once():
    here, person = _signed_in()
    assert here.get("/me/").status_code == 200
    there = Client()
    there.force_login(person)
    changed = there.post(
        "/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a-new-long-passphrase-77",
            "password2": "a-new-long-passphrase-77",
        },
    )
    assert changed.status_code == 302
    response = here.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert there.get("/me/").status_code == 200  # the browser that changed it stays in


def test_a_person_deactivated_is_signed_out_on_their_next_request():
    client, person = _signed_in()
    assert client.get("/me/").status_code == 200
    person.is_active = False
    person.save()
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_with_redis_down_the_person_is_read_live(redis_down):
    client, person = _signed_in()
    for _ in range(2):
        reads, page = _user_reads(client, "/me/")
        assert reads == 1 and "Rosa Delgado" in page.content.decode()
    person.is_active = False
    person.save()
    assert client.get("/me/").status_code == 302
