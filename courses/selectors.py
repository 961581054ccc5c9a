"""Reads for courses and learning progress. Views, pages and reports call these."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from taggit.models import Tag
from wagtail.models import Page

from .models import (
    BreakPoint,
    ContentNoteTopic,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    StepProgress,
)


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


STEP_FIELDS = ("id", "title", "slug", "path", "depth", "url_path", "content_type_id")


def live_lessons(*, course: CoursePage):
    """The published lessons of a course, in the order trainers arranged them."""
    return (
        LessonPage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path", "estimated_minutes")
    )


def live_steps(*, course: CoursePage):
    """A course's steps: its published lessons and quizzes, in page order."""
    return Page.objects.live().child_of(course).order_by("path").only(*STEP_FIELDS)


def _is_lesson(page: Page) -> bool:
    return page.content_type_id == ContentType.objects.get_for_model(LessonPage).pk


def done_step_ids(*, user, step_ids) -> set[int]:
    """The steps among `step_ids` she has finished since she (re)started their
    course: lessons read, quizzes passed. The one rule for "step done"."""
    if not _is_signed_in(user):
        return set()
    return set(
        StepProgress.objects.filter(user=user, step_id__in=step_ids).values_list(
            "step_id", flat=True
        )
    )


def step_done(*, user, step: Page) -> bool:
    return bool(done_step_ids(user=user, step_ids=[step.pk]))


def course_started_at(*, user, course: CoursePage):
    """When she started the course this time: when she started again to renew,
    else when she enrolled; None if she is not enrolled. Attempts and progress
    from before this moment no longer count."""
    if not _is_signed_in(user):
        return None
    row = (
        Enrolment.objects.filter(user=user, course=course)
        .values_list("enrolled_at", "restarted_at")
        .first()
    )
    return None if row is None else (row[1] or row[0])


def is_enrolled(*, user, course: CoursePage) -> bool:
    return (
        _is_signed_in(user)
        and Enrolment.objects.filter(user=user, course=course).exists()
    )


def enrolled_course_ids(*, user) -> set[int]:
    if not _is_signed_in(user):
        return set()
    return set(Enrolment.objects.filter(user=user).values_list("course_id", flat=True))


def _progress(
    *, course: CoursePage, enrolment: Enrolment | None, steps, done: set[int]
) -> CourseProgress:
    progress = CourseProgress(course=course, enrolment=enrolment)
    for step in steps:
        if _is_lesson(step):
            progress.lessons.append(
                LessonStatus(
                    lesson=step,
                    number=len(progress.lessons) + 1,
                    completed=step.pk in done,
                )
            )
        else:
            progress.quizzes.append(QuizStatus(quiz=step, passed=step.pk in done))
    return progress


def course_outline(*, user, course: CoursePage) -> CourseProgress:
    """A course's steps with the learner's status for each (none if anonymous)."""
    steps = list(live_steps(course=course))
    enrolment = (
        Enrolment.objects.filter(user=user, course=course).first()
        if _is_signed_in(user)
        else None
    )
    done = (
        done_step_ids(user=user, step_ids=[step.pk for step in steps])
        if enrolment
        else set()
    )
    return _progress(course=course, enrolment=enrolment, steps=steps, done=done)


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
        completed=step_done(user=user, step=lesson),
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
    steps = list(
        Page.objects.live()
        .filter(reduce(or_, (Q(path__startswith=path) for path in by_course_path)))
        .order_by("path")
        .only(*STEP_FIELDS)
    )
    done = set(
        StepProgress.objects.filter(
            user=user, course_id__in=[e.course_id for e in enrolments]
        ).values_list("step_id", flat=True)
    )
    steps_by_course: dict[int, list[Page]] = {e.course_id: [] for e in enrolments}
    for step in steps:
        enrolment = by_course_path.get(step.path[: -CoursePage.steplen])
        if enrolment is not None:
            steps_by_course[enrolment.course_id].append(step)
    return [
        _progress(
            course=e.course, enrolment=e, steps=steps_by_course[e.course_id], done=done
        )
        for e in enrolments
    ]


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
    courses = CoursePage.objects.live().public()
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
        ranked_ids = [course.pk for course in _published_courses(index).search(query)]
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
