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
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation

from core import generations

WELSH = "cy"
LOCALES_KEY = "languages:locales:v1"
# Each page's translation's address, cached until any page changes.
PAGES = "languages:pages"
TRANSLATION_KEY = "languages:translation:{generation}:{page}:{code}"
TRANSLATION_TIMEOUT = 60 * 60 * 24


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
    # Read in the address's own language: Django resolves a path only against
    # the active language's prefix.
    own = translation.get_language_from_path(urlsplit(path).path)
    with translation.override(own or settings.LANGUAGE_CODE):
        return translate_url(path, code)


def locale_ids() -> dict[str, int]:
    """Wagtail's locales by language code, from the cache: they change only when
    a language is added (forget_locales, on every save or delete of one)."""
    ids = cache.get(LOCALES_KEY)
    if ids is None:
        from wagtail.models import Locale

        ids = dict(Locale.objects.values_list("language_code", "pk"))
        cache.set(LOCALES_KEY, ids, None)
    return ids


def forget_locales(*args, **kwargs) -> None:
    cache.delete(LOCALES_KEY)


def cached_locale_for_language(manager, language_code):
    """Wagtail's LocaleManager.get_for_language, read from locale_ids() instead
    of a query. Wagtail asks it on every page it routes (Locale.get_active) and
    for every page address; installed by CoreConfig.ready."""
    from wagtail.coreutils import get_supported_content_language_variant

    code = get_supported_content_language_variant(language_code)
    pk = locale_ids().get(code)
    if pk is None:
        raise manager.model.DoesNotExist(f"No locale for {code!r}.")
    return manager.model.from_db(manager.db, ["id", "language_code"], [pk, code])


def page_in_language(page, code: str) -> str | None:
    """A Wagtail page's own translation's address, if it has one."""
    locale_id = locale_ids().get(code)
    if locale_id is None:
        return None
    if page.locale_id == locale_id:
        # A page shown in another language's site (not translated yet): its
        # own address is where it is in its language.
        return None if translation.get_language() == code else page.url
    key = TRANSLATION_KEY.format(
        generation=generations.current(PAGES), page=page.pk, code=code
    )
    url = cache.get(key)
    if url is None:
        translation_page = (
            type(page)
            .objects.filter(translation_key=page.translation_key, locale_id=locale_id)
            .live()
            .first()
        )
        url = translation_page.url if translation_page is not None else ""
        cache.set(key, url, TRANSLATION_TIMEOUT)
    return url or None


def pages_changed(*args, **kwargs) -> None:
    """A page published, unpublished, moved or deleted: forget every page's
    translation address (CoreConfig.ready connects it)."""
    generations.bump(PAGES)


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
