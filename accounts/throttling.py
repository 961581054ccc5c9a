"""Sign-in throttling (django-axes): who is counted, and what a locked-out person sees.

Failures are counted per email address *and* client address together
(AXES_LOCKOUT_PARAMETERS), so nobody can lock someone else out from another
address, and a lockout ends by itself after AXES_COOLOFF_TIME.
"""

from __future__ import annotations

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext


def username_for_throttling(request, credentials: dict | None = None) -> str | None:
    """The email address as typed, in one case: sign-in ignores case, so must
    the count."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).strip().lower()


def lockout_ends_at(request, credentials: dict | None = None):
    """When the current lockout of this email address from this client ends."""
    cool_off = get_cool_off(request)
    username = get_client_username(request, credentials)
    last_failure = AccessAttempt.objects.filter(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last_failure or timezone.now()) + cool_off


def locked_out(request, original_response=None, credentials: dict | None = None):
    """The page shown instead of signing in while locked out (HTTP 429)."""
    ends_at = lockout_ends_at(request, credentials)
    seconds_left = max(0, (ends_at - timezone.now()).total_seconds())
    minutes_left = max(1, int(-(-seconds_left // 60)))  # rounded up
    response = render(
        request,
        "registration/locked_out.html",
        {
            "minutes": minutes_left,
            "cool_off_minutes": int(get_cool_off(request).total_seconds() // 60),
            "ends_at": ends_at,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )
    response["Retry-After"] = str(int(seconds_left) or 1)
    return response


# --- Every other check of her password -----------------------------------------


class PasswordChecksPaused(Exception):
    """Too many wrong passwords for this account from this client: no password
    is checked until the pause ends (`minutes` from now, rounded up)."""

    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes

    @property
    def message(self) -> str:
        return ngettext(
            "There have been several wrong passwords, so we have paused password "
            "checks for this account for %(minutes)s minute. Nothing has been "
            "changed. Try again then, or reset your password if you have "
            "forgotten it.",
            "There have been several wrong passwords, so we have paused password "
            "checks for this account for %(minutes)s minutes. Nothing has been "
            "changed. Try again then, or reset your password if you have "
            "forgotten it.",
            self.minutes,
        ) % {"minutes": self.minutes}


def password_is_right(request, *, user, password: str) -> bool:
    """Whether `password` is `user`'s, for anything that asks her to confirm it
    (erasing her account, changing her password). The one way the project
    checks a password outside sign-in, and counted with sign-in: it goes
    through `authenticate`, so django-axes counts each wrong password against
    her address and this client and refuses every check, sign-in included,
    during a lockout. Raises PasswordChecksPaused while locked out."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    authenticated = authenticate(request, password=password, **credentials)
    if getattr(request, "axes_locked_out", False):
        # The asking page says so in its own words, instead of the sign-in
        # lockout page that AxesMiddleware would put in its place.
        request.axes_locked_out = False
        ends_at = lockout_ends_at(request, credentials)
        seconds_left = max(0, (ends_at - timezone.now()).total_seconds())
        raise PasswordChecksPaused(max(1, int(-(-seconds_left // 60))))
    return authenticated is not None and authenticated.pk == user.pk
