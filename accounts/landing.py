"""Where a person lands after signing in when no `next` page was asked for.

Accounts sits below the apps that know what a person does (a manager's
dashboard lives in `agencies`), so those apps register a function here from
their `AppConfig.ready`; the first that names a page wins, and everyone else
lands on My learning.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.shortcuts import resolve_url

_landings: list[Callable[[object], str | None]] = []


def register_landing(landing: Callable[[object], str | None]) -> None:
    """Add a function giving a user's landing page URL, or None to pass."""
    if landing not in _landings:
        _landings.append(landing)


def landing_url(user) -> str:
    """The page she lands on after signing in."""
    for landing in _landings:
        url = landing(user)
        if url:
            return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)
