"""Per-client rate limits on public pages, counted in the shared cache.

A fixed window per client address and scope: cheap (two cache operations), and
shared by every web process when the cache is (Redis in production).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


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
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit


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
