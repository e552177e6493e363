"""Production: refuses to start without the variables a real deployment needs."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEFAULT_STORAGE, LOGGING, env

# Each one missing stops the process with a one-line message naming it: a default here would
# serve on SQLite, count rate limits per process or email links to 127.0.0.1.
required = {
    "DJANGO_SECRET_KEY": "a long random string that signs sessions and tokens",
    "DJANGO_ALLOWED_HOSTS": "the host names served, comma-separated (portal.example.org)",
    "SITE_URL": "the scheme and host of the links in emails (https://portal.example.org)",
    "DATABASE_URL": "PostgreSQL (postgres://user:password@host:5432/name)",
    "REDIS_URL": "Redis for the broker and the cache (redis://host:6379/0)",
}
for _name, _meaning in required.items():
    if not env.str(_name, default="").strip():
        raise ImproperlyConfigured(f"{_name} is not set: {_meaning}.")

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The load balancer's health check speaks plain HTTP to each node.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# One JSON object per line on stdout (LOG_FORMAT=plain for people reading a terminal).
LOGGING["handlers"]["console"]["formatter"] = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["stream"] = "ext://sys.stdout"
