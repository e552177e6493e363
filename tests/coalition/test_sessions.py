"""Sessions: read from the shared cache in front of the database, written when they change or
once a minute, ended after two idle weeks, never made for anonymous visitors, and read from the
database alone while Redis is away."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition import sessions
from tests.factories import DEFAULT_PASSWORD, EventFactory, verified_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 14, 15, 0, tzinfo=dt.UTC)
TWO_WEEKS = dt.timedelta(days=14)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _sign_in(client, email="rosa@example.org") -> str:
    verified_user(email, name="Rosa Delgado")
    # "Remember me": a cookie for two weeks rather than until the browser closes.
    response = client.post(
        "/accounts/login/", {"login": email, "password": DEFAULT_PASSWORD, "remember": "on"}
    )
    assert response.status_code == 302
    return client.cookies["sessionid"].value


def _session_sql(queries, *verbs) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().startswith(verbs)
    ]


def test_a_session_is_written_when_it_changes_or_once_a_minute(client, clock):
    key = _sign_in(client)  # the sign-in writes it
    expires = Session.objects.get(pk=key).expire_date
    assert expires == NOW + TWO_WEEKS

    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            assert client.get("/me/").status_code == 200
    assert _session_sql(queries, "SELECT", "UPDATE", "INSERT") == []  # read from the cache

    clock.shift(dt.timedelta(seconds=30))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/me/").status_code == 200
    assert _session_sql(queries, "UPDATE", "INSERT") == []

    clock.shift(dt.timedelta(seconds=31))  # the last write is a minute old
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/me/")
        client.get("/me/")
    assert len(_session_sql(queries, "UPDATE")) == 1
    assert Session.objects.get(pk=key).expire_date == NOW + dt.timedelta(seconds=61) + TWO_WEEKS
    assert response.cookies["sessionid"]["max-age"] == TWO_WEEKS.total_seconds()


def test_a_session_ends_after_two_idle_weeks_and_every_request_pushes_the_end_back(
    client, memory_cache, clock
):
    _sign_in(client)
    for _ in range(3):  # 39 days signed in, never 14 idle
        clock.shift(dt.timedelta(days=13))
        assert client.get("/me/").status_code == 200
    clock.shift(TWO_WEEKS + dt.timedelta(seconds=1))
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signing_in_and_out_still_work(client, clock):
    key = _sign_in(client)
    assert "Rosa" in client.get("/me/").text
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/")["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(pk=key).exists()
    assert sessions.SessionStore(key).load() == {}  # gone from the cache too


def test_anonymous_visitors_never_get_a_session(client):
    event = EventFactory()
    for url in ("/", "/events/", event.get_absolute_url(), f"/events/{event.slug}/register/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "sessionid" not in response.cookies, url
    assert not Session.objects.exists()


def test_with_redis_down_a_signed_in_request_reads_its_session_from_the_database(
    client, redis_down
):
    _sign_in(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/me/")
    assert response.status_code == 200
    assert "Rosa" in response.text
    assert len(_session_sql(queries, "SELECT")) == 1
    assert cache.is_using_fallback


def test_with_redis_down_a_session_ended_by_another_process_is_not_read_from_memory(
    client, redis_down
):
    key = _sign_in(client)
    assert client.get("/me/").status_code == 200
    # This process's memory holds a copy (kept while Redis was away); another web process
    # signs the person out, which deletes the row and, Redis being away, no copy of ours.
    cache._fallback.set(KEY_PREFIX + key, sessions.SessionStore(key).load())
    Session.objects.filter(pk=key).delete()
    assert client.get("/me/")["Location"].startswith("/accounts/login/")
