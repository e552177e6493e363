"""The shared cache (Redis) with a per-process fallback, so that an unreachable Redis slows
nothing down and breaks nothing.

Rate limits (counted in the cache) are the main reader: while Redis is away they are counted in
this process's memory instead (fail open, per process), and the outage is logged as an error.
After a failure Redis is left alone for `RETRY_AFTER` seconds, so an outage costs one request
one short socket timeout (settings: REDIS_CACHE_TIMEOUT), not every request.

Both backends count sliding windows (`hit_windows`: allauth's rule, every rate of a request in
one call): Redis in one round trip (a Lua script, atomic), local memory under a lock.
"""

import logging
import math
import threading
import time
from collections.abc import Sequence

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds without trying Redis after it failed

# One window per rate: (key, amount, duration in seconds).
Window = tuple[str, int, float]

# allauth's rule (allauth.core.internal.ratelimit.apply_rate) for each window in turn: forget
# the tries older than the window; refuse when `amount` remain; else count this one. Stops at
# the first refusal (the windows before it keep their count), as allauth does. Returns the
# number of the window that refused, or 0. KEYS: the windows; ARGV: now, a member unique to
# this try, then the amount and duration of each window.
SLIDING_WINDOWS = """
local now = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[2 * i + 1])
  local duration = tonumber(ARGV[2 * i + 2])
  redis.call("ZREMRANGEBYSCORE", key, "-inf", now - duration)
  if redis.call("ZCARD", key) >= amount then
    return i
  end
  redis.call("ZADD", key, now, ARGV[2])
  redis.call("PEXPIRE", key, math.ceil(duration * 1000))
end
return 0
"""


_windows_lock = threading.Lock()


def count_windows(cache, windows: Sequence[Window], *, now: float) -> int:
    """Count one try against each window, in a cache of this process (allauth's format: the
    times of the counted tries, newest first); the number (from 1) of the window that refused
    it, or 0 when all let it through."""
    with _windows_lock:
        for number, (key, amount, duration) in enumerate(windows, start=1):
            history = read_window(cache, key, now=now, duration=duration)
            if len(history) >= amount:
                return number
            cache.set(key, [now, *history], math.ceil(duration))
    return 0


def read_window(cache, key: str, *, now: float, duration: float) -> list[float]:
    """The counted tries still in the window, newest first."""
    return [moment for moment in cache.get(key, []) if moment > now - duration]


class LocalCache(LocMemCache):
    """Django's LocMemCache (one process's memory), counting rate-limit windows as Redis does,
    under a lock."""

    is_using_fallback = False  # it is all there is, not a stand-in for Redis

    def hit_windows(self, windows: Sequence[Window], *, now: float, member: str = "") -> int:
        return count_windows(self, windows, now=now)

    def window_times(self, key: str, *, now: float, duration: float) -> list[float]:
        return read_window(self, key, now=now, duration=duration)


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


class _ReusedClients(RedisCacheClient):
    """Django's client, with one redis.Redis per connection pool: Django's builds one for every
    call, which costs about 50 µs with redis-py 8 (half a round trip to a local Redis)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class FallbackRedisCache(RedisCache):
    """Django's RedisCache; while Redis fails, a LocMemCache of this process answers."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
        self._windows_script = None
        self._fallback = LocalCache(
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

    def hit_windows(self, windows: Sequence[Window], *, now: float, member: str = "") -> int:
        """LocalCache.hit_windows, in Redis: one round trip for all the windows (each a sorted
        set of the tries' times), atomic, so two web nodes count as one."""
        if not self._redis_is_resting():
            try:
                keys = [self.make_and_validate_key(key) for key, _, _ in windows]
                client = self._cache.get_client(keys[0], write=True)
                arguments = [repr(now), member or repr(now)]
                for _, amount, duration in windows:
                    arguments += [amount, repr(float(duration))]
                # EVALSHA; only the first call to a Redis that does not know it loads it.
                if self._windows_script is None:
                    self._windows_script = client.register_script(SLIDING_WINDOWS)
                return int(self._windows_script(keys=keys, args=arguments, client=client))
            except (RedisError, OSError) as error:
                self._failed("hit_windows", error)
        return self._fallback.hit_windows(windows, now=now, member=member)

    def window_times(self, key: str, *, now: float, duration: float) -> list[float]:
        if not self._redis_is_resting():
            try:
                redis_key = self.make_and_validate_key(key)
                client = self._cache.get_client(redis_key)
                scores = client.zrangebyscore(
                    redis_key, f"({now - duration!r}", "+inf", withscores=True
                )
                return sorted((score for _, score in scores), reverse=True)
            except (RedisError, OSError) as error:
                self._failed("window_times", error)
        return self._fallback.window_times(key, now=now, duration=duration)


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


def shared_cache_away(backend=None) -> bool:
    """True while Redis is unreachable and `backend` (the default cache) answers from this
    process's memory. What every process must agree on (pages, roles, sessions, snapshots,
    filter choices) is then computed or read live, never kept there: the other processes'
    writes would never reach it. Always False for a cache that is only local memory."""
    if backend is None:
        from django.core.cache import cache as backend
    return getattr(backend, "is_using_fallback", False)
