"""Redis as a cache, not a dependency of correctness.

`DegradingRedisCache` is Django's RedisCache with one difference: when Redis
refuses a connection or times out, a read is a miss and a write is dropped, a
warning is logged (at most once a minute) and the request carries on. Sessions
are cached_db, so a miss reads them from PostgreSQL; rate limits count in
PostgreSQL instead (kairos_learning.ratelimit); Wagtail's caches rebuild.

After a failure the cache stays "down" for RETRY_AFTER_SECONDS without trying
Redis at all, so a Redis that times out costs one 2-second wait per process,
not one per cache call. The health check's `probe()` always tries, and closes
the gap as soon as Redis answers again.

When Redis comes back, cached sessions written before the outage may be stale
(a sign-out or a change during the outage reached only PostgreSQL): the first
process to see Redis again after a failure deletes the cached sessions, which
are then read again from PostgreSQL.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from . import generations
from .faults import warn_at_most_once_a_minute

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
SESSION_KEY_PREFIX = "django.contrib.sessions.cache"  # cache and cached_db


class CacheUnavailable(Exception):
    """Redis did not answer (raised only inside `DegradingRedisCache.strict()`)."""


_strict = threading.local()
_MISSING = object()


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._failed = False  # since the last success
        self._state_lock = threading.Lock()

    # --- state ----------------------------------------------------------------

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    @contextlib.contextmanager
    def strict(self):
        """Inside this block a failure raises CacheUnavailable instead of
        degrading, for callers that have a fallback of their own."""
        previous = getattr(_strict, "on", False)
        _strict.on = True
        try:
            yield self
        finally:
            _strict.on = previous

    def _failure(self, error: Exception, operation: str):
        with self._state_lock:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            self._failed = True
        warn_at_most_once_a_minute(
            logger,
            "cache",
            "The cache (Redis) is unavailable; carrying on without it "
            "(%s failed: %s: %s).",
            operation,
            type(error).__name__,
            error,
        )

    def _recovered(self) -> None:
        with self._state_lock:
            if not self._failed:
                return
            self._failed = False
            self._down_until = 0.0
        logger.warning("The cache (Redis) answers again.")
        try:
            self._forget_sessions()
            # Changes during the outage could not move these on: start afresh.
            self._forget_matching(self.make_key("*" + generations.SUFFIX))
        except RedisError:
            logger.warning("Could not clear cached sessions after the outage.")

    def _forget_sessions(self) -> None:
        self._forget_matching(self.make_key(SESSION_KEY_PREFIX) + "*")

    def _forget_matching(self, pattern: str) -> None:
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=pattern, count=500):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)

    def _call(self, operation: str, fallback, method, *args, **kwargs):
        if self.is_down:
            if getattr(_strict, "on", False):
                raise CacheUnavailable(operation)
            return fallback
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            self._failure(error, operation)
            if getattr(_strict, "on", False):
                raise CacheUnavailable(operation) from error
            return fallback
        if self._failed:
            self._recovered()
        return result

    def probe(self) -> None:
        """Ping Redis, whatever state the cache is in; raise if it does not
        answer (the health check), and recover if it does."""
        try:
            client = self._cache.get_client(write=True)
            client.ping()
        except RedisError as error:
            self._failure(error, "probe")
            raise
        self._recovered()

    # --- the cache API ---------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", _MISSING, super().incr, key, delta, version)
        if result is _MISSING:
            # Django's contract for a key that is not there.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set_many", list(data), super().set_many, data, timeout, version
        )

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
