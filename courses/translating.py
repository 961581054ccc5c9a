"""Translating content with wagtail-localize from code: what a trainer does in
its editor ("Translate", fill in every segment, "Publish"), for the demo and
for tests. The result is a real wagtail-localize translation: it keeps its
source, appears in the editor, and is updated by "Sync translated pages".
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


class MissingWords(LookupError):
    """Some segments of the source have no translation in the words given."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("No translation for: " + " | ".join(missing[:5]))


def segments_of(instance) -> list[str]:
    """The source strings of an object, as wagtail-localize cuts them up (the
    English words a translator translates, one by one)."""
    source, _ = TranslationSource.update_or_create_from_instance(_specific(instance))
    return [
        segment.string.data
        for segment in StringSegment.objects.filter(source=source)
        .select_related("string")
        .order_by("order")
    ]


def _specific(instance):
    return instance.specific if isinstance(instance, Page) else instance


@transaction.atomic
def translate(
    instance,
    language_code: str,
    words: Mapping[str, str],
    *,
    user=None,
    publish: bool = True,
    strict: bool = True,
):
    """Translate `instance` into a language: each of its segments from `words`
    (source text → translation), then save (and publish) the translation.
    Its parent page must be translated first (or is copied untranslated, as
    wagtail-localize does). A question used by a quiz page must be translated
    before the quiz. `strict`: every segment must be in `words`. Returns the
    translated object."""
    instance = _specific(instance)
    locale = Locale.objects.get(language_code=language_code)
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    missing = []
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        text = words.get(segment.string.data)
        if text is None:
            missing.append(segment.string.data)
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    if missing and strict:
        raise MissingWords(missing)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    is_page = isinstance(instance, Page)
    # A page is saved as a draft and published here, not when the transaction
    # commits (as wagtail-localize would): publishing then, from the page as it
    # was when its revision was saved, would undo the count of the children
    # translated after it in the same transaction (the demo's whole course).
    translation.save_target(user=user, publish=publish and not is_page)
    translated = instance.get_translation(locale)
    if publish and is_page:
        Revision.objects.get(pk=translated.latest_revision_id).publish(user=user)
        translated = instance.get_translation(locale)
    return translated
