"""Reads for private reflections. Every function takes the learner and reads only
her rows: there is no selector for anyone else's notes, by design."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext
from wagtail.models import Page

from courses import locales
from courses import selectors as course_selectors
from courses.models import CoursePage, LessonPage

from .models import CheckIn, Draft, Reflection

PROMPT_BLOCK_TYPE = "reflection_prompt"


@dataclass
class LessonNotes:
    lesson: LessonPage
    reflections: list[Reflection] = field(default_factory=list)
    check_in: CheckIn | None = None


@dataclass
class CourseNotes:
    course: CoursePage | None
    lessons: list[LessonNotes] = field(default_factory=list)

    @property
    def title(self) -> str:
        return (
            self.course.title if self.course else gettext("Course no longer available")
        )


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def prompts_in_lesson(*, lesson: LessonPage) -> dict[str, str]:
    """The lesson's reflection prompts (as published), by block id, in order."""
    return {
        block.id: block.value["prompt"]
        for block in lesson.body
        if block.block_type == PROMPT_BLOCK_TYPE
    }


def her_drafts(*, user) -> QuerySet[Draft]:
    """Her drafts that hold writing (an emptied draft is only a marker)."""
    if not _signed_in(user):
        return Draft.objects.none()
    return Draft.objects.filter(user=user).exclude(text="")


def drafts_for_lesson(*, user, lesson: LessonPage) -> dict[str, Draft]:
    """Every draft of hers on one lesson, emptied ones included (the page needs
    their versions), by box, in one query."""
    if not _signed_in(user):
        return {}
    return {
        draft.key: draft
        for draft in Draft.objects.filter(user=user, lesson=locales.canonical(lesson))
    }


def her_reflections(*, user) -> QuerySet[Reflection]:
    """Her notes, and only hers: the one queryset views look notes up in."""
    if not _signed_in(user):
        return Reflection.objects.none()
    return Reflection.objects.filter(user=user)


def her_check_ins(*, user) -> QuerySet[CheckIn]:
    if not _signed_in(user):
        return CheckIn.objects.none()
    return CheckIn.objects.filter(user=user)


def can_keep_notes(*, user, lesson: LessonPage) -> bool:
    """Whether she may write notes on this lesson: signed in and enrolled."""
    return course_selectors.is_enrolled(user=user, course=lesson.course)


def notes_for_lesson(*, user, lesson: LessonPage) -> dict[str, Reflection]:
    """Her notes on one lesson, by block id, in one query."""
    return {
        reflection.block_id: reflection
        for reflection in her_reflections(user=user).filter(
            lesson=locales.canonical(lesson)
        )
    }


def check_in_for_lesson(*, user, lesson: LessonPage) -> CheckIn | None:
    return her_check_ins(user=user).filter(lesson=locales.canonical(lesson)).first()


def reflections_by_course(*, user) -> list[CourseNotes]:
    """Her notes and check-ins grouped by course, then lesson, in the order the
    courses and lessons sit in the catalogue. Three queries however many."""
    reflections = list(
        her_reflections(user=user)
        .select_related("lesson")
        .defer("lesson__body")
        .order_by("lesson__path", "created_at", "pk")
    )
    check_ins = list(
        her_check_ins(user=user).select_related("lesson").defer("lesson__body")
    )
    lessons: dict[int, LessonNotes] = {}
    for reflection in reflections:
        lessons.setdefault(
            reflection.lesson_id, LessonNotes(lesson=reflection.lesson)
        ).reflections.append(reflection)
    for check_in in check_ins:
        lessons.setdefault(
            check_in.lesson_id, LessonNotes(lesson=check_in.lesson)
        ).check_in = check_in
    if not lessons:
        return []

    steplen = Page.steplen
    parent_paths = {notes.lesson.path[:-steplen] for notes in lessons.values()}
    courses = {
        course.path: course
        for course in CoursePage.objects.filter(path__in=parent_paths).only(
            "id", "title", "path", "depth", "url_path", "live", "slug"
        )
    }
    groups: dict[str, CourseNotes] = {}
    for notes in sorted(lessons.values(), key=lambda notes: notes.lesson.path):
        parent_path = notes.lesson.path[:-steplen]
        groups.setdefault(
            parent_path, CourseNotes(course=courses.get(parent_path))
        ).lessons.append(notes)
    return [groups[path] for path in sorted(groups)]


def _moment(value) -> str:
    return value.isoformat() if value else ""


def export_for(user) -> dict:
    """Everything she has written here, as plain JSON-serialisable data, for her
    own download and her data export. Never for anyone else's use."""
    courses = []
    for group in reflections_by_course(user=user):
        courses.append(
            {
                "course": group.title,
                "lessons": [
                    {
                        "lesson": notes.lesson.title,
                        "reflections": [
                            {
                                "prompt": reflection.prompt,
                                "note": reflection.text,
                                "created_at": _moment(reflection.created_at),
                                "updated_at": _moment(reflection.updated_at),
                            }
                            for reflection in notes.reflections
                        ],
                        "check_in": (
                            {
                                "feeling": notes.check_in.feeling,
                                "feeling_label": notes.check_in.get_feeling_display(),
                                "note": notes.check_in.note,
                                "created_at": _moment(notes.check_in.created_at),
                                "updated_at": _moment(notes.check_in.updated_at),
                            }
                            if notes.check_in
                            else None
                        ),
                    }
                    for notes in group.lessons
                ],
            }
        )
    drafts = [
        {
            "lesson": draft.lesson.title,
            "box": (
                "check-in note"
                if draft.key == Draft.CHECK_IN_NOTE
                else draft_prompt(draft)
            ),
            "text": draft.text,
            "updated_at": _moment(draft.updated_at),
        }
        for draft in her_drafts(user=user)
        .select_related("lesson")
        .order_by("lesson__path", "key")
    ]
    return {"private_reflections": courses, "unsaved_drafts": drafts}


def draft_prompt(draft: Draft) -> str:
    """The prompt a draft answers, as the lesson has it now ("" if it is gone)."""
    return prompts_in_lesson(lesson=draft.lesson).get(draft.key, "")
