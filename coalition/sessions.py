"""Sessions in the shared cache (Redis) in front of the database: Django's `cached_db`, which
never trusts the cache's per-process fallback.

A signed-in request reads its session from Redis, not from the database. While Redis is
unreachable (coalition.cache), the fallback would answer from this process's memory: a copy
another process cannot see, so a sign-out there would not reach it. The session is then read
from and written to the database alone. A copy in Redis lives at most `CACHE_FOR` seconds: a
write lost while Redis hung (and came back with its old copy) is forgotten soon after.
"""

from django.contrib.sessions.backends import cached_db

from coalition.cache import shared_cache_away

CACHE_FOR = 5 * 60  # seconds; an active session is written again well within this (middleware)


class _SharedOnly:
    """The cache as the session store uses it, minus anything from or for the fallback."""

    def __init__(self, cache):
        self._cache = cache

    def _fallback(self) -> bool:
        return shared_cache_away(self._cache)

    def get(self, key, default=None):
        value = self._cache.get(key, default)
        # Asked after the read: the read itself may be what found Redis gone.
        return default if self._fallback() else value

    def set(self, key, value, timeout=None):
        if not self._fallback():
            self._cache.set(key, value, CACHE_FOR if timeout is None else min(timeout, CACHE_FOR))

    def __contains__(self, key):
        return key in self._cache and not self._fallback()

    def __getattr__(self, name):  # delete, and what else the store may ask of a cache
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _SharedOnly(self._cache)
