"""The test suite: fast hashing, email kept in memory, tasks run inline."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment-0123456789"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Text messages kept in coalition.sms.outbox (emptied before each test, tests/conftest.py).
SMS_BACKEND = "coalition.sms.LocmemBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"

# django-zeal fails any test whose request runs an N+1 query; first, so it sees the whole request.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]
ZEAL_RAISE = True
# Loading the signed-in user and then editing a user in the admin are two lookups of
# one model from one place: not an N+1. Three or more are.
ZEAL_NPLUSONE_THRESHOLD = 3
# allauth looks a person's address up several times while confirming a sign-in code; that is
# the library's own flow, not a list of ours.
ZEAL_ALLOWLIST = [
    {"model": "account.EmailAddress", "field": "*"},
    # Queueing one email per registrant checks each message's dedupe key: a write per person
    # by design (a promotion, a change notice), not a list read row by row.
    {"model": "coalition.OutboxEmail", "field": "*"},
]

# Static files straight from static/ (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# No beat runs in the tests, with Redis or without: a stale dashboard snapshot is computed on the
# view, as in development (tests of the periodic refresh turn this off).
DASHBOARD_SNAPSHOT_REFRESH_ON_VIEW = True

# Uploaded files go to a folder of the test run's own, never the project's media/.
import tempfile  # noqa: E402

from .base import STORAGES  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="coalition-test-media-")
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/media-not-served/"},
    },
}
