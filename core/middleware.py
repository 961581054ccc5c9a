"""Take NUL characters out of the address before any view reads it.

No page, id, token, search or filter ever holds U+0000, and PostgreSQL cannot
compare text with one (the driver refuses the query: a server error). Forms
refuse it in what they read; this covers everything read straight from the
address, the path and the query string, whichever view or library reads it.
The address is answered as if the NUL were not there (a search for "a\\0b"
searches for "ab", a token with a NUL in it is not found), which is what each
view already does with text that matches nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect, QueryDict
from django.utils import translation

from core import languages

NUL = "\x00"


class DropNulFromAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            request.path_info = request.path_info.replace(NUL, "")
            request.path = request.path.replace(NUL, "")
        if any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    key.replace(NUL, ""), [value.replace(NUL, "") for value in values]
                )
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class FirstVisitLanguageMiddleware:
    """Send a first visit to an English (unprefixed) address to its Welsh twin
    when that is her language: a signed-in person's stored choice, otherwise her
    browser's Accept-Language. Only the first: once the language cookie is set
    (by this redirect, or when she signs in), the address alone decides, so
    choosing English from the switcher is never overruled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and translation.get_language_from_path(request.path_info) is None
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                wanted = languages.language_of(user)
            else:
                wanted = languages.supported(
                    translation.get_language_from_request(request, check_path=False)
                )
            if wanted != settings.LANGUAGE_CODE:
                target = languages.in_language(request.get_full_path(), wanted)
                if target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    remember_language(response, wanted)
                    return response
        return self.get_response(request)


def remember_language(response, code: str) -> None:
    """The language cookie, as Django's set_language view writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
