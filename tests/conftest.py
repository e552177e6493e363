import copy
import uuid

import pytest

from coalition import sms
from tests.e2e.helpers import SUMMARY
from tests.factories import UserFactory, with_two_factor

# django-zeal checks every request for N+1 queries (its middleware, in coalition.settings.test);
# wrap other code under test in `zeal.zeal_context()` to check it too.


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _an_empty_sms_outbox():
    """Text messages kept by coalition.sms.LocmemBackend, from none, as Django empties
    mail.outbox."""
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _a_cache_of_its_own(settings):
    """Each test counts rate limits from zero: in one worker, earlier tests' sign-ups and
    sign-ins would otherwise share the limits of 127.0.0.1 and fail by the order they ran in."""
    caches = copy.deepcopy(settings.CACHES)
    namespace = f"test-{uuid.uuid4().hex}"
    caches["default"]["KEY_PREFIX"] = namespace
    if caches["default"]["BACKEND"].endswith(("LocMemCache", "LocalCache")):
        caches["default"]["LOCATION"] = namespace
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files (resources, story images) are stored in the test's own folder, so a test
    sees only the files it stored."""
    media = str(tmp_path / "media")
    default = settings.STORAGES["default"]
    settings.MEDIA_ROOT = media
    # Setting STORAGES (not only MEDIA_ROOT) makes Django build default_storage anew.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default.get("OPTIONS", {}), "location": media}},
    }


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def superuser(db):
    return with_two_factor(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.org", is_coalition_lead=True)


# Here, not in tests/e2e/conftest.py: under xdist only this conftest reaches the process that
# writes the summary.
def pytest_terminal_summary(terminalreporter):
    sections = {
        SUMMARY: "browser crawl and page weights",
        # tests/perf/test_page_costs.py: queries and render time of each page at two sizes.
        "page cost": "page costs (queries and render time, small -> 4x data)",
    }
    for key, title in sections.items():
        lines = [
            value
            for reports in terminalreporter.stats.values()
            for report in reports
            if getattr(report, "when", None) == "call"
            for name, value in getattr(report, "user_properties", ())
            if name == key
        ]
        if lines:
            terminalreporter.section(title)
            for line in lines if key != SUMMARY else sorted(lines):
                terminalreporter.write_line(line)


# A Redis that never answers (nothing listens on port 1): the cache falls back to the process's
# memory, as in an outage.
REDIS_DOWN = {
    "default": {
        "BACKEND": "coalition.cache.FallbackRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "KEY_PREFIX": "coalition",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}


@pytest.fixture
def redis_down(settings):
    from django.core.cache import cache

    settings.CACHES = REDIS_DOWN  # Django drops its cache connections when CACHES changes
    yield
    cache.clear()


@pytest.fixture
def memory_cache(settings):
    """This process's memory as the cache, for a test that moves the clock past a cache entry's
    time limit: Redis counts its limits by its own clock, which time-machine does not move."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "memory-cache",
        }
    }
    yield
    cache.clear()
