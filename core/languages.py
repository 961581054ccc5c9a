"""The site's two languages, English and Welsh: which one a person reads, and
where the same page is in the other.

English addresses have no prefix; Welsh ones start /cy/ (kairos_learning/urls.py,
LocaleMiddleware). A visitor's browser language is followed on her first visit
only, and a signed-in person's own choice (accounts.User.preferred_language) is
what her emails, reminders and certificates are written in.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

WELSH = "cy"


@dataclass(frozen=True)
class Alternate:
    code: str  # the language code, as Django names it ("en-gb", "cy")
    name: str  # the language's own name ("English", "Cymraeg")
    url: str  # this page in that language
    current: bool

    @property
    def hreflang(self) -> str:
        """BCP 47, as hreflang and lang attributes spell it ("en-GB", "cy")."""
        return translation.to_locale(self.code).replace("_", "-")


def supported(code: str | None) -> str:
    """A language code of ours for any code given (a browser's, a stored one);
    English for anything unknown."""
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def language_of(user) -> str:
    """The language to write to her in: her choice, English until she makes one."""
    return supported(getattr(user, "preferred_language", None))


@contextmanager
def speaking_to(user):
    """Everything rendered inside (an email, a certificate) in her language."""
    with translation.override(language_of(user)):
        yield


def in_language(path: str, code: str) -> str:
    """The same address in another language: /cy/x/ for /x/ and back. An
    address outside the translated part of the site (the admin) is unchanged."""
    return translate_url(path, code)


_locale_ids: dict[str, int] = {}


def locale_ids() -> dict[str, int]:
    """Wagtail's Locale ids by language code, read once: locales change only
    when a language is added (courses/apps.py forgets them then)."""
    if not _locale_ids:
        from wagtail.models import Locale

        _locale_ids.update(Locale.objects.values_list("language_code", "pk"))
    return _locale_ids


def forget_locales(*args, **kwargs) -> None:
    _locale_ids.clear()


def page_in_language(page, code: str) -> str | None:
    """A Wagtail page's own translation's address, if it has one."""
    locale_pk = locale_ids().get(code)
    if locale_pk is None:
        return None
    if page.locale_id == locale_pk:
        # A page shown in another language's site (not translated yet): its
        # own address is where it is in its language.
        return None if translation.get_language() == code else page.url
    translation_page = page.get_translation_or_none(locale_pk)
    if translation_page is None or not translation_page.live:
        return None
    return translation_page.url


def alternates(request, page=None) -> list[Alternate]:
    """This page in each language, the current one first marked. A Wagtail page
    links to its translation where there is one; any other address to its
    prefixed or unprefixed twin, which for an untranslated page shows the English
    content in a Welsh frame with a note (courses.models.HomePage.route)."""
    current = translation.get_language()
    path = request.get_full_path()
    result = []
    for code, name in settings.LANGUAGES:
        url = None
        if page is not None and getattr(page, "pk", None):
            url = page_in_language(page, code)
        if url is None:
            url = in_language(path, code)
        result.append(Alternate(code=code, name=name, url=url, current=code == current))
    return result
