"""Her private note forms inside a lesson, and the end-of-lesson check-in.

The lesson's reflection-prompt blocks call `{% reflection_form value id %}`; the
lesson template calls `{% check_in page %}`. Her notes for the lesson are read
once per request (one query for enrolment, one for the notes, one for the
check-in) however many prompts the lesson has, and only ever for the person
making the request. Previews, visitors and anyone not enrolled see the prompt
alone.
"""

from __future__ import annotations

from django import template

from courses.models import LessonPage

from .. import selectors
from ..forms import CheckInForm, ReflectionForm

register = template.Library()

_CACHE_ATTRIBUTE = "_kairos_private_reflections"
_NOT_LOADED = object()


class _LessonNotes:
    """What she has written on one lesson, loaded on first use in a request."""

    def __init__(self, *, user, lesson: LessonPage):
        self.user = user
        self.lesson = lesson
        self.enrolled = selectors.can_keep_notes(user=user, lesson=lesson)
        self._notes = None
        self._check_in = _NOT_LOADED

    @property
    def notes(self):
        if self._notes is None:
            self._notes = selectors.notes_for_lesson(user=self.user, lesson=self.lesson)
        return self._notes

    @property
    def check_in(self):
        if self._check_in is _NOT_LOADED:
            self._check_in = selectors.check_in_for_lesson(
                user=self.user, lesson=self.lesson
            )
        return self._check_in


def _her_lesson_notes(request, page) -> _LessonNotes | None:
    """Her notes on this lesson if she may keep notes on it, cached on the
    request; None for previews, visitors and anyone not enrolled."""
    if request is None or getattr(request, "is_preview", False):
        return None
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return None
    if not isinstance(page, LessonPage) or page.pk is None:
        return None
    cache = getattr(request, _CACHE_ATTRIBUTE, None)
    if cache is None:
        cache = {}
        setattr(request, _CACHE_ATTRIBUTE, cache)
    key = (user.pk, page.pk)
    if key not in cache:
        cache[key] = _LessonNotes(user=user, lesson=page)
    lesson_notes = cache[key]
    return lesson_notes if lesson_notes.enrolled else None


@register.inclusion_tag("reflections/includes/note_form.html", takes_context=True)
def reflection_form(context, value, block_id=None):
    """Her note form under a reflection prompt. `block_id` is the StreamField
    block's id, which Wagtail puts in the block template's context as `id`."""
    block_id = block_id or context.get("id")
    lesson_notes = _her_lesson_notes(context.get("request"), context.get("page"))
    if lesson_notes is None or not block_id:
        return {"show": False}
    reflection = lesson_notes.notes.get(str(block_id))
    form = ReflectionForm(
        initial={"text": reflection.text if reflection else ""},
        auto_id=f"reflection-{block_id}-%s",
    )
    return {
        "show": True,
        "form": form,
        "reflection": reflection,
        "block_id": block_id,
        "lesson": lesson_notes.lesson,
    }


@register.inclusion_tag("reflections/includes/check_in.html", takes_context=True)
def check_in(context, page):
    """The optional "How are you feeling?" check-in at the end of a lesson."""
    lesson_notes = _her_lesson_notes(context.get("request"), page)
    if lesson_notes is None:
        return {"show": False}
    current = lesson_notes.check_in
    form = CheckInForm(
        initial=(
            {"feeling": current.feeling, "note": current.note} if current else None
        ),
        auto_id="check-in-%s",
    )
    return {
        "show": True,
        "form": form,
        "current": current,
        "lesson": lesson_notes.lesson,
    }
