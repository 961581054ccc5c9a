"""Per-client rate limits on public pages, counted in the shared cache.

A fixed window per client address and scope: cheap (two cache operations), and
shared by every web process when the cache is (Redis in production). While the
cache is unavailable the same windows are counted in the database
(RateLimitCounter), so the limits hold instead of failing open.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from .cache import CacheUnavailable
from .faults import warn_at_most_once_a_minute
from .models import RateLimitCounter

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, the address
    the outermost trusted proxy saw. An IPv6 client is counted by its /64
    network: one connection usually holds a whole /64 and could otherwise try
    from a fresh address each time."""
    hops = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR", "")
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return _counted_as(address)


def _counted_as(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def too_many(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; True once the client has gone over the limit."""
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{client}"
    strict = getattr(cache, "strict", None)
    if strict is None:  # a cache that never degrades (tests, development)
        count = _count_in_cache(key, window_seconds)
    else:
        try:
            with strict():
                count = _count_in_cache(key, window_seconds)
        except CacheUnavailable:
            warn_at_most_once_a_minute(
                logger,
                "ratelimit",
                "Rate limits are counted in the database: the cache is unavailable.",
            )
            count = _count_in_database(key, window_seconds)
    return count > limit


def _count_in_cache(key: str, window_seconds: int) -> int:
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return 1


def _count_in_database(key: str, window_seconds: int) -> int:
    """The same fixed window, in one locked row per key."""
    now = timezone.now()
    with transaction.atomic():
        counter, created = RateLimitCounter.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "count": 1,
                "expires_at": now + timedelta(seconds=window_seconds),
            },
        )
        if created:
            # Old windows are no use to anyone: clear them as new ones start.
            RateLimitCounter.objects.filter(
                expires_at__lt=now - timedelta(hours=1)
            ).delete()
            return 1
        if counter.expires_at <= now:
            counter.count = 1
            counter.expires_at = now + timedelta(seconds=window_seconds)
        else:
            counter.count += 1
        counter.save(update_fields=["count", "expires_at"])
        return counter.count


def rate_limited(*, scope: str, limit, window_seconds: int = 600):
    """Decorate a view: over the limit, answer 429 with a page that says when to
    try again. `limit` may be a callable, read on each request (settings)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            current = limit() if callable(limit) else limit
            if too_many(
                request, scope=scope, limit=current, window_seconds=window_seconds
            ):
                response = render(
                    request,
                    "429.html",
                    {"minutes": max(1, window_seconds // 60)},
                    status=429,
                )
                response["Retry-After"] = str(window_seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
