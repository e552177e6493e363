"""The shared cache (Redis) with a per-process fallback, so that an unreachable Redis slows
nothing down and breaks nothing.

Rate limits (allauth's, counted in the cache) are the main reader: while Redis is away they are
counted in this process's memory instead (fail open, per process), and the outage is logged as
an error. After a failure Redis is left alone for `RETRY_AFTER` seconds, so an outage costs one
request one short socket timeout (settings: REDIS_CACHE_TIMEOUT), not every request.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds without trying Redis after it failed

_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class FallbackRedisCache(RedisCache):
    """Django's RedisCache; while Redis fails, a LocMemCache of this process answers."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"fallback-{id(self)}",
            {k: v for k, v in params.items() if k in ("TIMEOUT", "KEY_PREFIX", "VERSION")},
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _redis_is_resting(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, method: str, error: Exception) -> None:
        with self._lock:
            first = not self._redis_is_resting()
            self._down_until = time.monotonic() + RETRY_AFTER
        if first:
            logger.error(
                "cache: Redis is unreachable (%s in %s); counting in this process's memory "
                "for %.0f s",
                type(error).__name__,
                method,
                RETRY_AFTER,
            )

    @property
    def is_using_fallback(self) -> bool:
        return self._redis_is_resting()


def _guarded(name):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not self._redis_is_resting():
            try:
                return redis_method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                self._failed(name, error)
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in _METHODS:
    setattr(FallbackRedisCache, _name, _guarded(_name))
