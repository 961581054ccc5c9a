"""The load balancer's health check: can this process serve requests?

It asks the database for `SELECT 1` and makes a round trip to the cache, and
answers 200 when both work, 503 naming the check that failed otherwise. It says
nothing else: no versions, no host names, no error messages (those go to the
log). A dead cache is reported as a failure: the site carries on without it
(sessions from the database, rate limits counted there), but slower and with
the load on PostgreSQL, so someone must know.
"""

from __future__ import annotations

import logging
import os
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.faults import log_at_most_once_a_minute

logger = logging.getLogger(__name__)

PATH = "/health/"


def _database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    probe = getattr(cache, "probe", None)
    if probe is not None:
        # The degrading Redis cache turns failures into misses; its probe
        # raises them, and tells it when Redis is back.
        probe()
    key = f"health:{os.getpid()}"
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=30)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not return what was written")


CHECKS = {"database": _database, "cache": _cache}


def run_checks(names=None) -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        if names and name not in names:
            continue
        try:
            check()
        except Exception:
            # With its traceback, but once a minute: the probe comes every
            # few seconds for as long as the outage lasts.
            log_at_most_once_a_minute(
                logger,
                logging.ERROR,
                f"health:{name}",
                "Health check failed: %s",
                name,
                exc_info=True,
            )
            results[name] = "failed"
        else:
            results[name] = "ok"
    return results


@never_cache
@require_http_methods(["GET", "HEAD"])
def health(request):
    # `?checks=database` runs only that check: the load balancer's probe, so
    # that a Redis outage (which the site works around) does not take every
    # instance out of service; monitoring asks for all of them.
    names = [n for n in request.GET.get("checks", "").split(",") if n in CHECKS]
    checks = run_checks(names)
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


class HealthCheckMiddleware:
    """Answer /health/ before any other middleware (production, first in the
    list): a load balancer probes with the instance's address as its Host
    header, over plain HTTP, without cookies. Host validation, the HTTPS
    redirect, sessions and CSRF are for people, not for the probe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return health(request)
        return self.get_response(request)
