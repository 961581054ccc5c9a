"""Reads for courses and learning progress. Views, pages and reports call these."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from taggit.models import Tag
from wagtail.models import Page

from quizzes import selectors as quiz_selectors

from .models import (
    BreakPoint,
    ContentNoteTopic,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
)
from .visibility import is_visible, visible_to_learners

__all__ = ["is_visible", "visible_to_learners"]  # the one visibility rule


@dataclass(frozen=True)
class LessonStatus:
    lesson: LessonPage
    number: int
    completed: bool


@dataclass(frozen=True)
class QuizStatus:
    quiz: Page
    passed: bool


@dataclass
class CourseProgress:
    """A learner's place in a course: its lessons, then its quizzes."""

    course: CoursePage
    enrolment: Enrolment | None
    lessons: list[LessonStatus] = field(default_factory=list)
    quizzes: list[QuizStatus] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.lessons) + len(self.quizzes)

    @property
    def completed_count(self) -> int:
        return sum(1 for status in self.lessons if status.completed) + sum(
            1 for status in self.quizzes if status.passed
        )

    @property
    def lessons_done(self) -> bool:
        return all(status.completed for status in self.lessons)

    @property
    def next_quiz(self) -> Page | None:
        """The first quiz not yet passed, once every lesson is done."""
        if not self.lessons_done:
            return None
        return next((s.quiz for s in self.quizzes if not s.passed), None)

    @property
    def percent(self) -> int:
        if self.enrolment and self.enrolment.is_complete:
            return 100
        if not self.total:
            return 0
        return round(100 * self.completed_count / self.total)

    @property
    def resume_page(self) -> Page | None:
        """Where to pick up: the first unfinished lesson, then the first quiz not
        yet passed; None when everything is done."""
        lesson = next((s.lesson for s in self.lessons if not s.completed), None)
        return lesson or self.next_quiz

    @property
    def is_started(self) -> bool:
        return self.completed_count > 0


@dataclass(frozen=True)
class LessonNavigation:
    lesson: LessonPage
    number: int
    total: int
    previous: LessonPage | None
    next: LessonPage | None
    completed: bool


def _is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def live_lessons(*, course: CoursePage):
    """The published lessons of a course, in the order trainers arranged them."""
    return (
        LessonPage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path", "estimated_minutes")
    )


def _completed_lesson_ids(*, user, lesson_ids) -> set[int]:
    if not _is_signed_in(user):
        return set()
    return set(
        LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )


def is_enrolled(*, user, course: CoursePage) -> bool:
    return (
        _is_signed_in(user)
        and Enrolment.objects.filter(user=user, course=course).exists()
    )


def enrolled_course_ids(*, user) -> set[int]:
    if not _is_signed_in(user):
        return set()
    return set(Enrolment.objects.filter(user=user).values_list("course_id", flat=True))


def course_outline(*, user, course: CoursePage) -> CourseProgress:
    """A course's lessons with the learner's status for each (none if anonymous)."""
    lessons = list(live_lessons(course=course))
    enrolment = (
        Enrolment.objects.filter(user=user, course=course).first()
        if _is_signed_in(user)
        else None
    )
    done = (
        _completed_lesson_ids(user=user, lesson_ids=[lesson.pk for lesson in lessons])
        if enrolment
        else set()
    )
    quizzes = list(
        quiz_selectors.live_quizzes(course=course).only(
            "id", "title", "url_path", "path", "depth"
        )
    )
    passed = (
        quiz_selectors.passed_quiz_ids(
            user=user,
            quiz_ids=[q.pk for q in quizzes],
            since=enrolment.restarted_at,
        )
        if enrolment and quizzes
        else set()
    )
    return CourseProgress(
        course=course,
        enrolment=enrolment,
        lessons=[
            LessonStatus(lesson=lesson, number=number, completed=lesson.pk in done)
            for number, lesson in enumerate(lessons, start=1)
        ],
        quizzes=[QuizStatus(quiz=quiz, passed=quiz.pk in passed) for quiz in quizzes],
    )


def lesson_navigation(*, user, lesson: LessonPage) -> LessonNavigation:
    siblings = list(live_lessons(course=lesson.course))
    ids = [sibling.pk for sibling in siblings]
    position = ids.index(lesson.pk) if lesson.pk in ids else 0
    return LessonNavigation(
        lesson=lesson,
        number=position + 1,
        total=len(siblings),
        previous=siblings[position - 1] if position > 0 else None,
        next=siblings[position + 1] if position + 1 < len(siblings) else None,
        completed=bool(_completed_lesson_ids(user=user, lesson_ids=[lesson.pk])),
    )


def learner_courses(*, user) -> list[CourseProgress]:
    """Every course the learner is enrolled in, with progress, in three queries."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    if not enrolments:
        return []
    by_course_path = {e.course.path: e for e in enrolments}
    lessons = (
        LessonPage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=path) for path in by_course_path)))
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path")
    )
    progress = {
        e.course_id: CourseProgress(course=e.course, enrolment=e) for e in enrolments
    }
    lessons = list(lessons)
    done = _completed_lesson_ids(
        user=user, lesson_ids=[lesson.pk for lesson in lessons]
    )
    for lesson in lessons:
        enrolment = by_course_path.get(lesson.path[: -CoursePage.steplen])
        if enrolment is None:
            continue
        course_progress = progress[enrolment.course_id]
        course_progress.lessons.append(
            LessonStatus(
                lesson=lesson,
                number=len(course_progress.lessons) + 1,
                completed=lesson.pk in done,
            )
        )
    quizzes = list(
        quiz_selectors.QuizPage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=path) for path in by_course_path)))
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path")
    )
    passed_at = quiz_selectors.last_passed_at(
        user=user, quiz_ids=[q.pk for q in quizzes]
    )
    for quiz in quizzes:
        enrolment = by_course_path.get(quiz.path[: -CoursePage.steplen])
        if enrolment is not None:
            when = passed_at.get(quiz.pk)
            passed = when is not None and (
                enrolment.restarted_at is None or when >= enrolment.restarted_at
            )
            progress[enrolment.course_id].quizzes.append(
                QuizStatus(quiz=quiz, passed=passed)
            )
    return list(progress.values())


def break_point(*, user, course: CoursePage) -> BreakPoint | None:
    """Where she stopped when she last took a break in this course, if she did."""
    if not _is_signed_in(user):
        return None
    return (
        BreakPoint.objects.filter(user=user, course=course)
        .select_related("page")
        .first()
    )


def catalogue_page() -> CourseIndexPage | None:
    return CourseIndexPage.objects.live().first()


def _published_courses(index: CourseIndexPage | None = None):
    courses = visible_to_learners(CoursePage.objects.all())
    if index is not None:
        courses = courses.descendant_of(index)
    return courses


def catalogue(*, index: CourseIndexPage, query: str = "", topic: str = ""):
    """Published courses under the catalogue, filtered by topic and search terms."""
    courses = _published_courses(index)
    topic = topic.replace("\x00", "")  # PostgreSQL refuses a NUL in a query
    if topic:
        courses = courses.filter(tags__slug=topic)
    courses = courses.prefetch_related("tags").select_related("hero_image")
    # Words only: punctuation is query syntax to the search backend (SQLite's
    # FTS5 answers `">` or a stray quote with an error).
    query = " ".join(re.findall(r"\w+", query))
    if query:
        # Wagtail search ranks the matches; the topic filter is then applied by id,
        # so the search backend needs no knowledge of tags.
        # The search backend takes only simple filters: it ranks live courses,
        # and only the visible ones among them are shown.
        searchable = CoursePage.objects.live().descendant_of(index)
        ranked_ids = [course.pk for course in searchable.search(query)]
        by_id = {course.pk: course for course in courses.filter(pk__in=ranked_ids)}
        return [by_id[pk] for pk in ranked_ids if pk in by_id]
    return list(courses.order_by("title"))


def content_topics_by_course(courses) -> dict[int, list[ContentNoteTopic]]:
    """Each course's content-note topics, its own and its published lessons',
    so a learner can decide before she enrols. Two queries for any number."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    topics: dict[int, dict[int, ContentNoteTopic]] = {c.pk: {} for c in courses}
    course_links = CoursePage.content_topics.through.objects.filter(
        coursepage_id__in=by_path.values()
    ).select_related("contentnotetopic")
    for link in course_links:
        topic = link.contentnotetopic
        topics[link.coursepage_id][topic.pk] = topic
    lessons = LessonPage.objects.live().filter(
        reduce(or_, (Q(path__startswith=path) for path in by_path))
    )
    lesson_links = LessonPage.content_topics.through.objects.filter(
        lessonpage__in=lessons
    ).select_related("contentnotetopic", "lessonpage")
    for link in lesson_links:
        course_id = by_path.get(link.lessonpage.path[: -CoursePage.steplen])
        if course_id:
            topics[course_id][link.contentnotetopic.pk] = link.contentnotetopic
    return {
        course_id: sorted(found.values(), key=lambda topic: topic.name)
        for course_id, found in topics.items()
    }


def catalogue_topics(*, index: CourseIndexPage):
    return (
        Tag.objects.filter(
            courses_coursetopictag_items__content_object__in=_published_courses(index)
        )
        .distinct()
        .order_by("name")
    )


def featured_courses(*, limit: int = 3):
    return list(
        _published_courses()
        .select_related("hero_image")
        .prefetch_related("tags")
        .order_by("-first_published_at")[:limit]
    )
