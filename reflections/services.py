"""Writes for private reflections and check-ins. Only the learner herself calls
these, through her own requests: no other role can write, or read, her notes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from courses import locales
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import LessonPage

from . import selectors
from .models import (
    MAX_CHECK_IN_NOTE_LENGTH,
    MAX_NOTE_LENGTH,
    CheckIn,
    Draft,
    Feeling,
    Reflection,
)


def draft_too_long(limit: int) -> str:
    return gettext(
        "This is longer than %(limit)s characters, so the draft was not kept. "
        "Shorten it before you save it."
    ) % {"limit": f"{limit:,}"}


class ReflectionError(Exception):
    """A note that cannot be saved; the message is safe to show her."""

    message = gettext_lazy("Your note could not be saved.")

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class NotEnrolled(ReflectionError):
    message = gettext_lazy("Enrol in this course to keep notes on its lessons.")


class EmptyNote(ReflectionError):
    message = gettext_lazy(
        "Write your note before you save it. To remove a saved note, "
        "use “Delete my note”."
    )


def _too_long(limit: int) -> str:
    return gettext(
        "Your note is too long. Keep it to %(limit)s characters or fewer."
    ) % {"limit": f"{limit:,}"}


too_long = lazy(_too_long, str)


class NoteTooLong(ReflectionError):
    message = too_long(MAX_NOTE_LENGTH)


class UnknownPrompt(ReflectionError):
    message = gettext_lazy("That reflection prompt is not in this lesson.")


CHECK_IN_NOTE_TOO_LONG = too_long(MAX_CHECK_IN_NOTE_LENGTH)


def _require_enrolled(*, user, lesson: LessonPage) -> None:
    if not course_selectors.is_enrolled(user=user, course=lesson.course):
        raise NotEnrolled


def clean_note(text: str | None) -> str:
    """The rule for a note's text: something to keep, and no more than the limit."""
    text = (text or "").strip()
    if not text:
        raise EmptyNote
    if len(text) > MAX_NOTE_LENGTH:
        raise NoteTooLong
    return text


@transaction.atomic
def save_reflection(
    *, user, lesson: LessonPage, block_id: str, prompt: str, text: str
) -> Reflection:
    """Keep her note on one prompt of a lesson, replacing the one she had, and
    clear her draft of it."""
    text = clean_note(text)
    # Kept on the English lesson whichever language she read it in: one record.
    lesson = locales.canonical(lesson)
    _require_enrolled(user=user, lesson=lesson)
    reflection, _ = Reflection.objects.update_or_create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        defaults={"prompt": prompt, "text": text},
    )
    _clear_drafts(user=user, lesson=lesson, keys=[block_id])
    return reflection


@transaction.atomic
def delete_reflection(*, user, reflection: Reflection) -> None:
    """Delete her note, and her draft of it. Anyone else's request deletes
    nothing."""
    deleted, _ = Reflection.objects.filter(pk=reflection.pk, user=user).delete()
    if deleted:
        _clear_drafts(user=user, lesson=reflection.lesson, keys=[reflection.block_id])


@transaction.atomic
def save_check_in(*, user, lesson: LessonPage, feeling: str, note: str = "") -> CheckIn:
    """Keep how she felt after a lesson: one check-in per lesson, updated if she
    checks in again."""
    if feeling not in Feeling.values:
        raise ReflectionError(gettext("Choose how you are feeling from the list."))
    note = (note or "").strip()
    if len(note) > MAX_CHECK_IN_NOTE_LENGTH:
        raise ReflectionError(CHECK_IN_NOTE_TOO_LONG)
    lesson = locales.canonical(lesson)
    _require_enrolled(user=user, lesson=lesson)
    check_in, _ = CheckIn.objects.update_or_create(
        user=user, lesson=lesson, defaults={"feeling": feeling, "note": note}
    )
    return check_in


@transaction.atomic
def delete_check_in(*, user, check_in: CheckIn) -> None:
    deleted, _ = CheckIn.objects.filter(pk=check_in.pk, user=user).delete()
    if deleted:
        _clear_drafts(user=user, lesson=check_in.lesson, keys=[Draft.CHECK_IN_NOTE])


# Everything she wrote on a lesson, at once ------------------------------------


@dataclass(frozen=True)
class LessonWriting:
    """What she wrote on a lesson's page: her note on each prompt shown (by block
    id; empty for a box she left empty) and her check-in (feeling "" for none)."""

    notes: dict[str, str] = field(default_factory=dict)
    feeling: str = ""
    check_in_note: str = ""
    # Whether the check-in was on the page she sent (it always is, unless the
    # request came from somewhere else); its draft is cleared only then.
    check_in_shown: bool = True


@dataclass(frozen=True)
class KeptWriting:
    notes_saved: int = 0
    # The feeling of the check-in this save kept ("" if it kept none).
    check_in_feeling: str = ""

    @property
    def anything(self) -> bool:
        return bool(self.notes_saved or self.check_in_feeling)


def save_lesson_writing(
    *, user, lesson: LessonPage, writing: LessonWriting
) -> KeptWriting:
    """Keep what she wrote on a lesson: each note she wrote or changed, and her
    check-in if she chose a feeling. A box she left empty keeps the note she had
    (deleting a note is its own, deliberate action). All or nothing: any note
    that breaks a rule saves none. Her drafts of everything sent are cleared."""
    if not writing.notes and not writing.check_in_shown:
        return KeptWriting()
    with transaction.atomic():
        # The prompts as she read them (a translation keeps each block's id);
        # her notes kept on the English lesson: one record in either language.
        prompts = selectors.prompts_in_lesson(lesson=lesson)
        lesson = locales.canonical(lesson)
        _require_enrolled(user=user, lesson=lesson)
        saved = selectors.notes_for_lesson(user=user, lesson=lesson)
        notes_saved = 0
        for block_id, text in writing.notes.items():
            if block_id not in prompts:
                raise UnknownPrompt
            if not (text or "").strip():
                continue
            text = clean_note(text)
            if block_id in saved and saved[block_id].text == text:
                continue
            Reflection.objects.update_or_create(
                user=user,
                lesson=lesson,
                block_id=block_id,
                defaults={"prompt": prompts[block_id], "text": text},
            )
            notes_saved += 1
        check_in_feeling = _keep_check_in(user=user, lesson=lesson, writing=writing)
        keys = list(writing.notes)
        if writing.check_in_shown:
            keys.append(Draft.CHECK_IN_NOTE)
        _clear_drafts(user=user, lesson=lesson, keys=keys)
    return KeptWriting(notes_saved=notes_saved, check_in_feeling=check_in_feeling)


def _keep_check_in(*, user, lesson: LessonPage, writing: LessonWriting) -> str:
    """Keep her check-in if she chose a feeling and changed something; the
    feeling kept, or ""."""
    note = (writing.check_in_note or "").strip()
    if not writing.feeling:
        if note:
            raise ReflectionError(CHECK_IN_NEEDS_FEELING)
        return ""
    current = selectors.check_in_for_lesson(user=user, lesson=lesson)
    if current and (current.feeling, current.note) == (writing.feeling, note):
        return ""
    save_check_in(user=user, lesson=lesson, feeling=writing.feeling, note=note)
    return writing.feeling


CHECK_IN_NEEDS_FEELING = gettext_lazy(
    "Choose how you are feeling to keep your check-in note, or clear the note."
)


@dataclass(frozen=True)
class FinishedLesson:
    kept: KeptWriting
    completion: course_services.LessonCompletion


def finish_lesson(
    *,
    user,
    lesson: LessonPage,
    writing: LessonWriting,
    now: datetime.datetime | None = None,
) -> FinishedLesson:
    """“Mark complete and continue”: keep what she wrote on the lesson and record
    the lesson as finished, in one transaction. If her writing cannot be kept,
    the lesson is not marked complete either, so she never moves on believing
    her note was saved. Raises `ReflectionError`, or the course's own errors
    (`course_services.LearningError`) if the lesson cannot be completed."""
    with transaction.atomic():
        kept = save_lesson_writing(user=user, lesson=lesson, writing=writing)
        completion = course_services.complete_lesson(user=user, lesson=lesson, now=now)
    return FinishedLesson(kept=kept, completion=completion)


# Drafts ------------------------------------------------------------------------


class DraftOutdated(ReflectionError):
    message = gettext_lazy(
        "This note was saved since you opened the page, so this draft was not kept. "
        "Reload the page to see your saved note."
    )


def _clear_drafts(*, user, lesson: LessonPage, keys: list[str]) -> None:
    """Empty her drafts of these boxes and move their version on, so that an
    autosave sent before now changes nothing. Three queries however many boxes;
    a box with no draft gets an empty one, as the marker."""
    if not keys:
        return
    now = timezone.now()
    lesson = locales.canonical(lesson)
    mine = Draft.objects.filter(user=user, lesson=lesson, key__in=keys)
    existing = set(mine.values_list("key", flat=True))
    mine.update(text="", version=F("version") + 1, updated_at=now)
    missing = [key for key in dict.fromkeys(keys) if key not in existing]
    if missing:
        # A first autosave racing in between would have made version 0: the
        # upsert moves it on too.
        Draft.objects.bulk_create(
            [
                Draft(
                    user=user,
                    lesson=lesson,
                    key=key,
                    text="",
                    version=1,
                    updated_at=now,
                )
                for key in missing
            ],
            update_conflicts=True,
            unique_fields=["user", "lesson", "key"],
            update_fields=["text", "version", "updated_at"],
        )


def draft_keys(*, lesson: LessonPage) -> set[str]:
    """The boxes of a lesson she can keep a draft of."""
    return {*selectors.prompts_in_lesson(lesson=lesson), Draft.CHECK_IN_NOTE}


def keep_draft(
    *,
    user,
    lesson: LessonPage,
    key: str,
    text: str,
    version: int,
    now: datetime.datetime | None = None,
) -> Draft:
    """Autosave: keep what she is writing in one box, for her alone.

    Written only while the draft's version is still the one her page was opened
    at: one conditional UPDATE, or the first INSERT at version 0. Otherwise the
    note was saved since, and `DraftOutdated` is raised with nothing written.
    """
    limit = MAX_CHECK_IN_NOTE_LENGTH if key == Draft.CHECK_IN_NOTE else MAX_NOTE_LENGTH
    if len(text) > limit:
        raise ReflectionError(draft_too_long(limit))
    now = now or timezone.now()
    with transaction.atomic():
        _require_enrolled(user=user, lesson=lesson)
        if key not in draft_keys(lesson=lesson):
            raise UnknownPrompt
        lesson = locales.canonical(lesson)
        drafts = Draft.objects.filter(user=user, lesson=lesson, key=key)
        if drafts.filter(version=version).update(text=text, updated_at=now):
            return drafts.get()
        if version != 0:
            raise DraftOutdated
        try:
            with transaction.atomic():
                return Draft.objects.create(
                    user=user,
                    lesson=lesson,
                    key=key,
                    text=text,
                    version=0,
                    updated_at=now,
                )
        except IntegrityError as error:
            raise DraftOutdated from error
