"""Session expiry after inactivity, and the second sign-in step for the admin."""

from __future__ import annotations

import datetime
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import ngettext

from . import services

LAST_ACTIVITY_SESSION_KEY = "last_activity"
# The last-activity time is written at most this often, so that reading pages
# does not rewrite the session on every request.
ACTIVITY_WRITE_INTERVAL_SECONDS = 60


def start_idle_clock(sender, request, user, **kwargs):
    """On sign-in (user_logged_in): the idle clock starts now, written with the
    session the sign-in saves anyway, so her next page writes nothing. The
    session's end is fixed now too: SESSION_COOKIE_AGE after signing in, however
    active she is (a session saved with no fixed expiry would run on)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())
        request.session.set_expiry(
            timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        )


def _is_activity(request) -> bool:
    """Whether this request is her doing something. The Wagtail editor pings the
    server every few seconds while an edit page is open: that keeps nothing alive."""
    return not request.path.startswith(
        reverse("wagtailadmin_home") + "editing-sessions/"
    )


class IdleSessionTimeoutMiddleware:
    """Sign a person out after SESSION_IDLE_MINUTES without a request.

    The absolute limit is SESSION_COOKIE_AGE; this is the idle one. Anonymous
    requests are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            idle_minutes = settings.SESSION_IDLE_MINUTES
            if isinstance(last, int) and now - last > idle_minutes * 60:
                return self._sign_out(request, idle_minutes)
            if _is_activity(request) and (
                not isinstance(last, int)
                or now - last >= ACTIVITY_WRITE_INTERVAL_SECONDS
            ):
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, idle_minutes: int):
        logout(request)
        if request.method == "GET":
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)s minute without "
                    "activity. Your progress is saved.",
                    "You were signed out after %(minutes)s minutes without "
                    "activity. Your progress is saved.",
                    idle_minutes,
                )
                % {"minutes": idle_minutes},
            )
            return redirect_to_login(request.get_full_path())
        # What she sent now cannot be trusted to the account (it may not be
        # hers any more): say so plainly, and bring her back to that page.
        messages.warning(
            request,
            ngettext(
                "You were signed out after %(minutes)s minute without activity, "
                "so what you just sent was not saved. Your earlier progress is "
                "saved: please sign in and enter it again.",
                "You were signed out after %(minutes)s minutes without activity, "
                "so what you just sent was not saved. Your earlier progress is "
                "saved: please sign in and enter it again.",
                idle_minutes,
            )
            % {"minutes": idle_minutes},
        )
        referer = request.headers.get("Referer", "")
        if url_has_allowed_host_and_scheme(
            referer,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return redirect_to_login(urlsplit(referer).path)
        return redirect(settings.LOGIN_URL)


class AdminTwoFactorMiddleware:
    """Ask everyone who can use the Wagtail admin for a second factor, once a
    session, before any admin page (ADMIN_REQUIRE_TWO_FACTOR).

    Without an authenticator yet she is sent to set one up; with one, to enter
    a code. Pages outside the admin are unaffected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.path, like reverse(), includes any script prefix.
        if settings.ADMIN_REQUIRE_TWO_FACTOR and self._guards(request.path):
            user = request.user
            if services.needs_two_factor(user) and not user.is_verified():
                view = (
                    "accounts:two_factor_verify"
                    if services.has_authenticator(user)
                    else "accounts:two_factor_set_up"
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(view)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _guards(path: str) -> bool:
        admin = reverse("wagtailadmin_home")
        open_paths = (reverse("wagtailadmin_login"), reverse("wagtailadmin_logout"))
        return path.startswith(admin) and path not in open_paths
