"""While PostgreSQL is unreachable: a plain 503 page, not a 500 and a traceback.

A restart or fail-over of the database takes a minute or so. Every request in
that minute fails on its first query; instead of a 500 with a traceback logged
per request, the visitor gets a static page ("try again in a minute") with
Retry-After, and the log gets one warning a minute per process. Django closes
the broken connection at the end of the request and CONN_HEALTH_CHECKS checks
a kept one before reuse, so the same processes serve again when it is back.

Two ways in, because Django turns an exception into a response at the
middleware it was raised in: `DatabaseOutageMiddleware.process_exception` for a
view's exception, and `server_error` (handler500) for an exception raised in
another middleware (sessions, authentication) on the way in or out.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views import defaults

from .faults import warn_at_most_once_a_minute

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
TEMPLATE = "503.html"

# SQLSTATEs of a lost or refused connection: class 08 (connection exception),
# 57P01-57P03 (administrator shutdown, crash shutdown, cannot connect now) and
# 53300 (too many connections).
_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03", "53300")


def is_connection_failure(error: BaseException | None) -> bool:
    """True for "the database is not there", not for a bad query or deadlock.

    Only PostgreSQL's errors count: SQLite (development) says "no such table"
    with the same exception class, and that is a bug to show, not a break."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    cause = error.__cause__
    if cause is None:
        return True  # raised by Django itself about the connection
    if not type(cause).__module__.startswith("psycopg"):
        return False
    if isinstance(error, InterfaceError):
        return True
    state = getattr(cause, "sqlstate", None)
    if state is None:
        # Refused, timed out, or closed under us: no server answered.
        return True
    return state.startswith(_CONNECTION_STATES)


def language_of_address(request) -> str:
    """The language of the address asked for (/cy/... is Welsh, anything else
    English), read from the path alone: these pages may be rendered before
    LocaleMiddleware has run, or after another request's language was left
    active on the thread."""
    path = getattr(request, "path_info", None)
    return (path and translation.get_language_from_path(path)) or (
        settings.LANGUAGE_CODE
    )


def unavailable_response(request=None) -> HttpResponse:
    """The static page: rendered without the request, so without any context
    processor, session or user that would need the database; in the language
    of the address."""
    with translation.override(language_of_address(request)):
        page = loader.get_template(TEMPLATE).render({})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Django logs every 5xx with its traceback; one warning a minute is enough.
    response._has_been_logged = True
    return response


def _warn(error: BaseException) -> None:
    warn_at_most_once_a_minute(
        logger,
        "database",
        "The database is unreachable; answering 503 (%s: %s).",
        type(error).__name__,
        error,
    )


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_connection_failure(exception):
            _warn(exception)
            return unavailable_response(request)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the outage page when the failure was a lost database; else
    Django's own 500 page. Either in the language of the address."""
    error = sys.exc_info()[1]
    if is_connection_failure(error):
        _warn(error)
        return unavailable_response(request)
    with translation.override(language_of_address(request)):
        return defaults.server_error(request, template_name=template_name)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    """handler400: Django's own, in the language of the address (it renders
    without the request)."""
    with translation.override(language_of_address(request)):
        return defaults.bad_request(request, exception, template_name=template_name)
