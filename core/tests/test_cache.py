"""The Redis cache degrades to misses when Redis is unreachable; rate limits
are then counted in the database, and hold."""

import logging
import secrets
import socket

import pytest
import redis

from core import faults, ratelimit
from core.cache import CacheUnavailable, DegradingRedisCache
from core.models import RateLimitCounter


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once it is closed


@pytest.fixture
def dead_cache():
    faults.forget_warnings()
    yield DegradingRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )
    faults.forget_warnings()


def test_an_unreachable_redis_is_a_miss_and_writes_are_dropped(dead_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert dead_cache.get("key", "default") == "default"
        dead_cache.set("key", "value")
        assert dead_cache.add("key", "value") is False
        assert dead_cache.get_many(["a", "b"]) == {}
        assert dead_cache.delete("key") is False
        assert "key" not in dead_cache
        with pytest.raises(ValueError, match="not found"):
            dead_cache.incr("key")
        assert dead_cache.get_or_set("key", "computed") == "computed"
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1, "one warning a minute, not one per call"
    assert dead_cache.is_down


def test_strict_callers_and_the_health_probe_see_the_failure(dead_cache):
    with pytest.raises(CacheUnavailable), dead_cache.strict():
        dead_cache.add("key", 1)
    with pytest.raises(redis.ConnectionError):
        dead_cache.probe()


@pytest.mark.django_db
def test_rate_limits_are_counted_in_the_database_while_the_cache_is_down(
    rf, dead_cache, monkeypatch
):
    monkeypatch.setattr(ratelimit, "cache", dead_cache)
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    outcomes = [
        ratelimit.too_many(request, scope="test", limit=2, window_seconds=60)
        for _ in range(4)
    ]
    assert outcomes == [False, False, True, True]
    counter = RateLimitCounter.objects.get()
    assert counter.count == 4
    # Another client has a count of its own.
    other = rf.get("/", REMOTE_ADDR="203.0.113.10")
    assert not ratelimit.too_many(other, scope="test", limit=2, window_seconds=60)


@pytest.fixture
def live_cache():
    client = redis.Redis(host="127.0.0.1", port=6379, db=14, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"kairos-cache-test-{secrets.token_hex(4)}"
    cache = DegradingRedisCache(
        "redis://127.0.0.1:6379/14", {"KEY_PREFIX": prefix, "OPTIONS": {}}
    )
    yield cache
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_when_redis_answers_again_cached_sessions_are_forgotten(live_cache):
    """A sign-out during the outage reached only the database: the session
    Redis still holds must not sign her back in."""
    session_key = "django.contrib.sessions.cached_db" + "abc"
    live_cache.set(session_key, {"_auth_user_id": "1"})
    live_cache.set("wagtail-something", "kept")
    live_cache._failure(redis.ConnectionError("gone"), "get")  # an outage
    assert live_cache.get(session_key) is None  # down: not even asked
    live_cache.probe()  # the health check finds it back
    assert live_cache.get(session_key) is None
    assert live_cache.get("wagtail-something") == "kept"
    live_cache.set(session_key, {"_auth_user_id": "1"})
    assert live_cache.get(session_key) == {"_auth_user_id": "1"}
