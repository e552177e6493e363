"""Two web nodes on two ports against one PostgreSQL and one Redis, as behind a load balancer:
a session made on one is valid on the other, rate limits and the cache count across both, and
the seat lock holds when both take registrations for the last seats at once."""

import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from events.models import Registration
from tests import factories
from tests.ops.helpers import (
    REDIS_URL,
    Browser,
    collectstatic,
    delete_queue,
    needs_postgres_and_redis,
    production_env,
    wait_for_health,
)
from tests.support.servers import BASE_DIR, free_port

pytestmark = [pytest.mark.process, needs_postgres_and_redis]


@pytest.fixture(scope="module")
def nodes(django_db_setup):
    """Started once for this module's tests (each test writes its own rows)."""
    env = production_env(WEB_CONCURRENCY="2")
    collectstatic(env)
    ports = [free_port(), free_port()]
    nodes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "coalition.wsgi", "--config", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env={**env, "PORT": str(port)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port, node in zip(ports, nodes, strict=True):
            wait_for_health(port, node)
        yield ports
    finally:
        for node in nodes:
            node.terminate()
        for node in nodes:
            node.wait(timeout=30)
        delete_queue(env)


@pytest.fixture
def two_nodes(nodes, transactional_db):
    return nodes


def _register_form(browser, port, event, email, name="Ana Pérez"):
    token = browser.csrf_token(port, f"/events/{event.slug}/register/")
    return {
        "csrfmiddlewaretoken": token,
        "name": name,
        "email": email,
        "phone": "",
        "language": "en",
        "consent": "on",
        "website": "",
    }


def test_a_session_made_on_one_node_is_valid_on_the_other(two_nodes):
    a, b = two_nodes
    person = factories.UserFactory(email=f"node-{uuid.uuid4().hex[:8]}@example.org")
    # Hashed as production hashes it (the test settings' fast hasher is not production's).
    person.password = PBKDF2PasswordHasher().encode(factories.DEFAULT_PASSWORD, "processtestsalt")
    person.save(update_fields=["password"])
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)

    browser = Browser()
    token = browser.csrf_token(a, "/accounts/login/")
    status, headers, _ = browser.request(
        a,
        "POST",
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": token,
            "login": person.email,
            "password": factories.DEFAULT_PASSWORD,
        },
    )
    assert status == 302, headers
    assert "sessionid" in browser.cookies

    status, _, text = browser.request(b, "GET", "/me/")
    assert status == 200
    assert person.email in text
    # Without the cookie, the other node asks for a sign-in: the session is what it read.
    status, headers, _ = Browser().request(b, "GET", "/me/")
    assert status == 302
    assert "/accounts/login/" in headers["Location"]


def test_rate_limits_and_the_cache_count_across_both_nodes(two_nodes):
    a, b = two_nodes
    event = factories.EventFactory(capacity=5)
    # "5/h/key" (or whatever the setting says): tries per address typed, per hour.
    rule = next(
        part
        for part in settings.ACCOUNT_RATE_LIMITS["event_register"].split(",")
        if part.endswith("/key")
    )
    allowed = int(rule.split("/")[0])
    email = f"limit-{uuid.uuid4().hex[:8]}@example.org"

    browser = Browser()
    answers = []
    for attempt in range(allowed + 1):
        port = (a, b)[attempt % 2]  # alternating, as a load balancer would
        form = _register_form(browser, port, event, email, name="")  # invalid: no name
        answers.append(browser.request(port, "POST", f"/events/{event.slug}/register/", form)[0])
    assert answers == [400] * allowed + [429]
    # Counted in the shared cache: Redis holds the counter both nodes wrote to.
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert client.keys("coalition:*event_register*")
    finally:
        client.close()


def test_the_seat_lock_holds_across_both_nodes(two_nodes):
    a, b = two_nodes
    capacity, people = 3, 12
    event = factories.EventFactory(capacity=capacity)
    run = uuid.uuid4().hex[:8]

    def register(i):
        browser = Browser()
        port = (a, b)[i % 2]
        form = _register_form(browser, port, event, f"seat-{run}-{i}@example.org")
        return browser.request(port, "POST", f"/events/{event.slug}/register/", form)[0]

    with ThreadPoolExecutor(max_workers=people) as pool:
        statuses = list(pool.map(register, range(people)))

    assert statuses == [302] * people
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == people
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == capacity
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == people - capacity
