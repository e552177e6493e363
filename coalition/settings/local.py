"""Development on a laptop: DEBUG on, a fixed insecure key, local hosts."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="django-insecure-development-only-never-use-in-production"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# Passkeys on http://127.0.0.1 during development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
