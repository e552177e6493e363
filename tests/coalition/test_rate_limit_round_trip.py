"""Registering and suggesting count all their rate limits (per address and per email typed) in
one call to the cache: one Redis round trip, with allauth's rule (a sliding window; a refused
try is not counted) and the same 429 page."""

import datetime as dt
import os

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from coalition import cache as coalition_cache
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# Every method of the backend a rate limit could reach: Django's own and ours.
METHODS = (*coalition_cache._METHODS, "hit_windows", "window_times")


@pytest.fixture
def cache_calls(monkeypatch):
    """The calls made on the cache backend for a rate limit's keys (not those a call makes
    inside the backend: local memory counts with its own get and set)."""
    backend = caches["default"]
    calls, depth = [], [0]

    def spy(name, method):
        def wrapper(*args, **kwargs):
            if not depth[0] and ":rl:" in repr(args):
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    for name in METHODS:
        if hasattr(backend, name):
            monkeypatch.setattr(backend, name, spy(name, getattr(backend, name)))
    return calls


def register(event, email, ip="203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(
        f"/events/{event.slug}/register/",
        {"name": "Rosa Delgado", "email": email, "language": "en", "consent": "on"},
    )


def test_a_registration_counts_its_limits_in_one_call(cache_calls):
    event = EventFactory(capacity=10)
    assert register(event, "rosa@example.org").status_code == 302
    # Per address and per email typed ("30/h/ip,5/h/key"): both in the one call.
    assert cache_calls == ["hit_windows"]


def test_a_suggestion_counts_its_limit_in_one_call(cache_calls):
    response = Client().post(
        "/events/suggest/", {"place": "Holyoke library", "community": "Holyoke", "reason": "Bus."}
    )
    assert response.status_code == 200
    assert cache_calls == ["hit_windows"]


def test_the_limits_refuse_at_the_right_count_and_forget_after_the_window(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "event_register": "3/h/ip"}
    event = EventFactory(capacity=None)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        answers = [register(event, f"p{i}@example.org").status_code for i in range(3)]
        refused = register(event, "p3@example.org")
        assert answers == [302, 302, 302]
        assert refused.status_code == 429
        assert "Please wait before registering again" in refused.content.decode()
        assert refused["Retry-After"] == "3600"
        # Another address is counted on its own.
        assert register(event, "p4@example.org", ip="198.51.100.1").status_code == 302
        # Refused tries are not counted: once the first try leaves the hour, one goes through.
        clock.shift(dt.timedelta(minutes=61))
        assert register(event, "p5@example.org").status_code == 302
        assert register(event, "p6@example.org").status_code == 302
        assert register(event, "p7@example.org").status_code == 302
        assert register(event, "p8@example.org").status_code == 429


def test_the_email_typed_is_limited_from_any_address(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "event_register": "30/h/ip,2/h/key",
    }
    event = EventFactory(capacity=None)
    answers = [
        register(event, "Same@Example.org", ip=f"198.51.100.{i}").status_code for i in range(3)
    ]
    # The first registers, the second is told it is registered already, the third is paused.
    assert answers == [302, 400, 429]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="Redis's own round trips")
def test_one_redis_round_trip_for_the_limits(monkeypatch):
    event = EventFactory(capacity=10)
    register(event, "first@example.org")  # Redis has the script from now on
    commands = []
    execute = redis.Redis.execute_command

    def spy(self, *args, **options):
        if any("event_register" in str(arg) for arg in args):
            commands.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", spy)
    assert register(event, "second@example.org").status_code == 302
    assert commands == ["EVALSHA"]
