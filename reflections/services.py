"""Writes for private reflections and check-ins. Only the learner herself calls
these, through her own requests: no other role can write, or read, her notes."""

from __future__ import annotations

from django.db import transaction

from courses import selectors as course_selectors
from courses.models import LessonPage

from .models import (
    MAX_CHECK_IN_NOTE_LENGTH,
    MAX_NOTE_LENGTH,
    CheckIn,
    Feeling,
    Reflection,
)


class ReflectionError(Exception):
    """A note that cannot be saved; the message is safe to show her."""

    message = "Your note could not be saved."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class NotEnrolled(ReflectionError):
    message = "Enrol in this course to keep notes on its lessons."


class EmptyNote(ReflectionError):
    message = (
        "Write your note before you save it. To remove a saved note, "
        "use “Delete my note”."
    )


class NoteTooLong(ReflectionError):
    message = (
        f"Your note is too long. Keep it to {MAX_NOTE_LENGTH:,} characters or fewer."
    )


CHECK_IN_NOTE_TOO_LONG = (
    "Your note is too long. Keep it to "
    f"{MAX_CHECK_IN_NOTE_LENGTH:,} characters or fewer."
)


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
    """Keep her note on one prompt of a lesson, replacing the one she had."""
    text = clean_note(text)
    _require_enrolled(user=user, lesson=lesson)
    reflection, _ = Reflection.objects.update_or_create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        defaults={"prompt": prompt, "text": text},
    )
    return reflection


@transaction.atomic
def delete_reflection(*, user, reflection: Reflection) -> None:
    """Delete her note. Anyone else's request deletes nothing."""
    Reflection.objects.filter(pk=reflection.pk, user=user).delete()


@transaction.atomic
def save_check_in(*, user, lesson: LessonPage, feeling: str, note: str = "") -> CheckIn:
    """Keep how she felt after a lesson: one check-in per lesson, updated if she
    checks in again."""
    if feeling not in Feeling.values:
        raise ReflectionError("Choose how you are feeling from the list.")
    note = (note or "").strip()
    if len(note) > MAX_CHECK_IN_NOTE_LENGTH:
        raise ReflectionError(CHECK_IN_NOTE_TOO_LONG)
    _require_enrolled(user=user, lesson=lesson)
    check_in, _ = CheckIn.objects.update_or_create(
        user=user, lesson=lesson, defaults={"feeling": feeling, "note": note}
    )
    return check_in


@transaction.atomic
def delete_check_in(*, user, check_in: CheckIn) -> None:
    CheckIn.objects.filter(pk=check_in.pk, user=user).delete()
