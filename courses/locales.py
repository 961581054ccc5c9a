"""One learning record across languages.

English is the source language of every course: wagtail-localize makes the Welsh
pages as translations of the English ones. A learner reading the Welsh course is
enrolled in, completes the steps of and takes the quizzes of the English (source)
pages; only what she reads is Welsh. So every read or write of her record goes
through `canonical(page)` (the page's source, in the default locale), and every
link she follows through the page in her language (`localized`, or a step list
from `in_active_language`).

A page with no live Welsh translation is shown in English inside the Welsh site
(`kairos_learning.models.HomePage.route`): its Welsh address is the nearest
translated ancestor's Welsh address with the English slugs below it
(`fallback_url_path`).

Locale rows change only when a language is added, so their ids are kept in
memory (forgotten when a Locale is saved or deleted: courses/apps.py).
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from core import languages

forget_locales = languages.forget_locales


def locale_id(code: str | None) -> int | None:
    """The Locale id for a language code (ours: "en-gb", "cy"); no query once
    read (core.languages.locale_ids)."""
    if code is None:
        return None
    try:
        code = get_supported_content_language_variant(code)
    except LookupError:
        return None
    return languages.locale_ids().get(code)


def default_locale_id() -> int | None:
    return locale_id(settings.LANGUAGE_CODE)


def active_locale_id() -> int | None:
    """The locale of the language being spoken (the request's, or an override)."""
    return locale_id(translation.get_language() or settings.LANGUAGE_CODE)


def is_source(page) -> bool:
    """Whether the page is in the default locale (English): the record's own."""
    default = default_locale_id()
    return default is None or page.locale_id in (None, default)


def in_active_language(page) -> bool:
    active = active_locale_id()
    return active is None or page.locale_id in (None, active)


def canonical(page):
    """The page the learning record refers to: its translation in the default
    locale (English), or the page itself (English already, or a page with no
    source). One query for a translation, then remembered on the object."""
    if page is None or is_source(page):
        return page
    if getattr(page, "_canonical", None) is None:
        model = type(page) if type(page) is not Page else Page
        source = (
            model.objects.filter(
                translation_key=page.translation_key, locale_id=default_locale_id()
            )
            .only(*_fields(model))
            .first()
        )
        page._canonical = source or page
    return page._canonical


def _fields(model) -> tuple:
    # A plain Page (a course step as listed) keeps to the listed fields.
    if model is Page:
        from .selectors import STEP_FIELDS

        return STEP_FIELDS
    return ()


def record_pk(page) -> int:
    """The id the learning record uses for this page (see `canonical`); no
    query for a page listed by `in_active_language`, or in English."""
    recorded = getattr(page, "record_pk", None)
    if recorded is not None:
        return recorded
    return canonical(page).pk


def localized(page):
    """The page in the language being spoken, if it has a live translation in
    it; else the page itself. No query when it is in that language already."""
    if page is None or in_active_language(page):
        return page
    translated = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale_id=active_locale_id())
        .first()
    )
    return translated or page


def fallback_url_path(source, *, parent_source, parent_shown) -> str:
    """The url_path (so the address) of an untranslated English page shown in
    the Welsh site: below the Welsh parent, with its English slug, where the
    Welsh site's router finds it (HomePage.route)."""
    return parent_shown.url_path + source.url_path[len(parent_source.url_path) :]


def in_active_language_list(pages, *, parent_source, parent_shown, queryset):
    """`pages` (English, the source) as the learner reads them: each one's live
    translation in the active language from `queryset` (one query), or the
    English page with a Welsh-site address. Each keeps, as `record_pk`, the
    English page's id, which her record uses."""
    pages = list(pages)
    for page in pages:
        page.record_pk = page.pk
    active = active_locale_id()
    if active is None or active == default_locale_id() or not pages:
        return pages
    translations = {
        page.translation_key: page
        for page in queryset.filter(
            translation_key__in=[page.translation_key for page in pages],
            locale_id=active,
        )
    }
    shown = []
    for page in pages:
        translated = translations.get(page.translation_key)
        if translated is None:
            translated = copy.copy(page)
            if parent_shown is not None and parent_source is not None:
                translated.url_path = fallback_url_path(
                    page, parent_source=parent_source, parent_shown=parent_shown
                )
        translated.record_pk = page.pk
        shown.append(translated)
    return shown


def shown(page):
    """The page as the learner reads it in the language being spoken (see
    `nearest_shown`); no query when it is in that language already."""
    if page is None or in_active_language(page):
        return page
    return nearest_shown(page)


def nearest_shown(source):
    """The page to show for an English page in the active language, and the
    page whose address its untranslated children take: its live translation
    if it has one, else (for a page whose parent is translated) itself under
    the translated parent's address."""
    translated = localized(source)
    if translated is not source:
        return translated
    parent = source.get_parent()
    if parent is None:
        return source
    parent_shown = localized(parent)
    if parent_shown is parent:
        return source
    shown = copy.copy(source)
    shown.url_path = fallback_url_path(
        source, parent_source=parent, parent_shown=parent_shown
    )
    return shown
