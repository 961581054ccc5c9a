"""Her private note forms inside a lesson, and the end-of-lesson check-in.

The lesson's reflection-prompt blocks call `{% reflection_form value id %}`; the
lesson template calls `{% check_in page %}` and `{% her_lesson_writing page as
writing %}`. Every box belongs to the one form of the lesson's page
(`LessonWritingForm`, id "lesson-writing", whose button is "Mark complete and
continue"), so whatever she presses carries what she wrote.

Her notes, drafts and check-in for the lesson are read once per request (one
query each, and one for enrolment) however many prompts the lesson has, and
only ever for the person making the request. Previews, visitors and anyone not
enrolled see the prompt alone.
"""

from __future__ import annotations

from django import template

from courses.models import LessonPage

from .. import selectors
from ..forms import LessonWritingForm, note_field_name
from ..models import Draft

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
        self._drafts = None
        self._form = None

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

    @property
    def drafts(self) -> dict[str, Draft]:
        if self._drafts is None:
            self._drafts = selectors.drafts_for_lesson(
                user=self.user, lesson=self.lesson
            )
        return self._drafts

    def draft(self, key: str) -> Draft | None:
        """Her draft of one box, if it holds writing."""
        draft = self.drafts.get(key)
        return draft if draft and draft.text else None

    @property
    def form(self) -> LessonWritingForm:
        """The page's one form, showing her draft where she has one, else what
        she saved."""
        if self._form is None:
            prompts = selectors.prompts_in_lesson(lesson=self.lesson)
            initial = {}
            for block_id in prompts:
                draft = self.draft(block_id)
                note = self.notes.get(block_id)
                initial[note_field_name(block_id)] = (
                    draft.text if draft else (note.text if note else "")
                )
            check_in = self.check_in
            draft = self.draft(Draft.CHECK_IN_NOTE)
            initial["feeling"] = check_in.feeling if check_in else None
            initial["check_in_note"] = (
                draft.text if draft else (check_in.note if check_in else "")
            )
            self._form = LessonWritingForm(
                prompts=prompts,
                versions={key: draft.version for key, draft in self.drafts.items()},
                initial=initial,
            )
        return self._form


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
    block_id = str(block_id)
    name = note_field_name(block_id)
    if name not in lesson_notes.form.fields:
        return {"show": False}
    return {
        "show": True,
        "field": lesson_notes.form[name],
        "reflection": lesson_notes.notes.get(block_id),
        "draft": lesson_notes.draft(block_id),
        "block_id": block_id,
        "lesson": lesson_notes.lesson,
    }


@register.inclusion_tag("reflections/includes/check_in.html", takes_context=True)
def check_in(context, page):
    """The optional "How are you feeling?" check-in at the end of a lesson."""
    lesson_notes = _her_lesson_notes(context.get("request"), page)
    if lesson_notes is None:
        return {"show": False}
    return {
        "show": True,
        "form": lesson_notes.form,
        "current": lesson_notes.check_in,
        "draft": lesson_notes.draft(Draft.CHECK_IN_NOTE),
        "lesson": lesson_notes.lesson,
    }


@register.simple_tag(takes_context=True)
def her_lesson_writing(context, page):
    """Her notes on this lesson, or None if she cannot write in it here: the
    lesson template ties its buttons to the writing form only when there is
    one."""
    return _her_lesson_notes(context.get("request"), page)
