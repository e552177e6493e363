"""An unreachable Redis (the shared cache that counts rate limits) slows nothing down and
breaks nothing: the limits count in the process's memory meanwhile, and the outage is logged
as an error."""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client

from coalition import cache as coalition_cache
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _register(event, email, ip="203.0.113.9"):
    return Client(REMOTE_ADDR=ip).post(
        f"/events/{event.slug}/register/",
        {"name": "Rosa Delgado", "email": email, "language": "en", "consent": "on"},
    )


def test_registration_is_stored_and_the_outage_logged_when_redis_is_down(redis_down, caplog):
    event = EventFactory(capacity=10)
    caplog.set_level(logging.ERROR, logger="coalition.cache")
    Client().get(f"/events/{event.slug}/register/")  # the first page a process serves is slower
    started = time.monotonic()
    response = _register(event, "rosa@example.org")
    took = time.monotonic() - started
    assert response.status_code == 302
    assert event.registrations.get().email == "rosa@example.org"
    assert took < 1
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert "Redis is unreachable" in record.getMessage()
    assert cache.is_using_fallback


def test_rate_limits_still_count_in_the_process_while_redis_is_down(redis_down):
    event = EventFactory(capacity=10)
    # At most five tries an hour for one address: the sixth is refused, counted in memory.
    answers = [_register(event, "same@example.org").status_code for _ in range(6)]
    assert answers[0] == 302
    assert answers[-1] == 429


def test_redis_is_tried_again_after_a_pause(redis_down, monkeypatch):
    cache.set("a", 1)
    assert cache.is_using_fallback
    monkeypatch.setattr(coalition_cache, "RETRY_AFTER", 0.0)
    cache._down_until = 0.0
    assert cache.get("a") == 1  # from memory: Redis failed again, quickly
