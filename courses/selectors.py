"""Reads for courses and learning progress. Views, pages and reports call these."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Exists, F, Q
from django.utils import timezone, translation
from taggit.models import Tag
from wagtail.models import Page

from core import generations

from . import locales, versions
from . import pending as pending_work
from .models import (
    BreakPoint,
    Completion,
    ContentNoteTopic,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    StepProgress,
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
    # The steps she must finish before the quiz opens (to_do_before).
    to_do: tuple[Page, ...] = ()
    # Submitted and waiting for a trainer to mark (courses.pending).
    pending: pending_work.PendingStep | None = None

    @property
    def is_open(self) -> bool:
        return not self.to_do


@dataclass
class CourseProgress:
    """A learner's place in a course: its lessons, then its quizzes."""

    course: CoursePage
    enrolment: Enrolment | None
    lessons: list[LessonStatus] = field(default_factory=list)
    quizzes: list[QuizStatus] = field(default_factory=list)
    # Where she took a break, if she did (course_outline only).
    stopped_at: StoppedAt | None = None

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
        """The first quiz not yet passed and not waiting for marking, once every
        lesson is done: a quiz waiting for a trainer is not one to take again."""
        if not self.lessons_done:
            return None
        return next(
            (s.quiz for s in self.quizzes if not s.passed and not s.pending), None
        )

    @property
    def waiting(self) -> list[QuizStatus]:
        """Her quizzes waiting for a trainer to mark."""
        return [s for s in self.quizzes if s.pending and not s.passed]

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


STEP_FIELDS = (
    "id",
    "title",
    "slug",
    "path",
    "depth",
    "url_path",
    "content_type_id",
    "last_published_at",
    "locale",
    "translation_key",
)


def live_lessons(*, course: CoursePage):
    """The published lessons of a course, in the order trainers arranged them."""
    return (
        LessonPage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "slug", "path", "depth", "url_path", "estimated_minutes")
    )


def live_steps(*, course: CoursePage):
    """A course's steps: its published lessons and quizzes, in page order, with
    each lesson's estimated minutes (None for a quiz) from the same query."""
    return _with_minutes(
        Page.objects.live().child_of(course).order_by("path").only(*STEP_FIELDS)
    )


def _with_minutes(steps):
    return steps.annotate(estimated_minutes=F("lessonpage__estimated_minutes"))


def _is_lesson(page: Page) -> bool:
    return page.content_type_id == ContentType.objects.get_for_model(LessonPage).pk


def course_started_at(*, user, course: CoursePage):
    """When she started the course this time: when she started again to renew,
    else when she enrolled; None if she is not enrolled. Attempts and progress
    from before this moment no longer count."""
    if not _is_signed_in(user):
        return None
    row = (
        Enrolment.objects.filter(user=user, course_id=locales.record_pk(course))
        .values_list("enrolled_at", "restarted_at")
        .first()
    )
    return None if row is None else (row[1] or row[0])


def is_enrolled(*, user, course: CoursePage) -> bool:
    return (
        _is_signed_in(user)
        and Enrolment.objects.filter(
            user=user, course_id=locales.record_pk(course)
        ).exists()
    )


def enrolments_by_course(*, user, courses) -> dict[int, Enrolment]:
    """Her enrolment in each of these courses, if she has one: one query. Each
    enrolment's course is the one passed in, so its completion, expiry and
    renewal (Enrolment.is_complete, is_expired, renewal_open) need no more."""
    if not _is_signed_in(user):
        return {}
    # Keyed by the course as shown (Welsh, perhaps); the record is the source's.
    by_id = {locales.record_pk(course): course for course in courses}
    enrolments = Enrolment.objects.filter(user=user, course_id__in=by_id)
    for enrolment in enrolments:
        enrolment.course = by_id[enrolment.course_id]
    return {enrolment.course.pk: enrolment for enrolment in enrolments}


def to_do_before(*, course: CoursePage, steps, step: Page, done: set[int]) -> list:
    """The rule for "steps still to do before this step". When the trainer chose
    that quizzes wait for the steps before them
    (`CoursePage.quizzes_wait_for_earlier_steps`), a quiz opens once every live
    lesson and quiz above it is done: these are the ones that are not. Lessons
    are always open, and so is every step of a course without that setting.
    `steps` are the course's live steps in page order (`live_steps`)."""
    if not course.quizzes_wait_for_earlier_steps or _is_lesson(step):
        return []
    earlier = []
    step_pk = locales.record_pk(step)
    for other in steps:
        if locales.record_pk(other) == step_pk:
            return earlier
        if locales.record_pk(other) not in done:
            earlier.append(other)
    return earlier  # the step is not a live step of the course: nothing above it


def steps_to_do_before(*, user, step: Page, course: CoursePage) -> list:
    """The steps she must still finish before `step` opens (`to_do_before`):
    none, without a query, when the course lets quizzes open at any time; else
    one query (the steps come from the cache)."""
    if not course.quizzes_wait_for_earlier_steps or _is_lesson(step):
        return []
    steps = course_steps(course=course)
    step_pk = locales.record_pk(step)
    earlier = steps[
        : next((i for i, s in enumerate(steps) if locales.record_pk(s) == step_pk), 0)
    ]
    done = done_among(user=user, steps=earlier) if earlier else set()
    return to_do_before(course=course, steps=steps, step=step, done=done)


def _progress(
    *,
    course: CoursePage,
    enrolment: Enrolment | None,
    steps,
    done: set[int],
    pending: dict[int, pending_work.PendingStep] | None = None,
) -> CourseProgress:
    progress = CourseProgress(course=course, enrolment=enrolment)
    steps = list(steps)
    started_at = enrolment and (enrolment.restarted_at or enrolment.enrolled_at)
    for step in steps:
        if _is_lesson(step):
            progress.lessons.append(
                LessonStatus(
                    lesson=step,
                    number=len(progress.lessons) + 1,
                    completed=locales.record_pk(step) in done,
                )
            )
        else:
            to_do = to_do_before(course=course, steps=steps, step=step, done=done)
            waiting = (pending or {}).get(locales.record_pk(step))
            if waiting and started_at and waiting.submitted_at < started_at:
                waiting = None  # from before she started the course again
            progress.quizzes.append(
                QuizStatus(
                    quiz=step,
                    passed=locales.record_pk(step) in done,
                    to_do=tuple(to_do),
                    pending=waiting,
                )
            )
    return progress


def _pending(*, user, steps, done: set[int]) -> dict[int, pending_work.PendingStep]:
    """Her steps waiting for someone else (a quiz waiting for a trainer), among
    the steps not lessons and not done: no query when there are none, one when
    nothing waits."""
    return pending_work.pending_steps(
        user=user,
        step_ids=[
            locales.record_pk(s)
            for s in steps
            if locales.record_pk(s) not in done and not _is_lesson(s)
        ],
    )


def _her_finished_steps(user):
    """The rule for "step done": a lesson read or a quiz passed since she
    (re)started its course (restarting deletes the course's rows)."""
    return StepProgress.objects.filter(user=user)


def _steps_kind() -> str:
    # Step lists hold titles and addresses in the language being spoken.
    return f"steps:{translation.get_language()}"


def course_steps(*, course: CoursePage) -> list[Page]:
    """`live_steps`, cached until published content changes: what every page
    of a course lists, read from the database once per publication. The steps
    are the source (English) course's, each in the language being spoken where
    it has a live translation (`locales.in_active_language_list`); each keeps
    the id her record uses as `record_pk`."""
    return _cached_content_many(
        _steps_kind(), [course.pk], lambda _: {course.pk: _read_steps(course)}
    )[course.pk]


def _read_steps(course: CoursePage) -> list[Page]:
    source = locales.canonical(course)
    steps = live_steps(course=source)
    if locales.is_source(course) and locales.active_locale_id() in (
        None,
        locales.default_locale_id(),
    ):
        return locales.in_active_language_list(
            steps, parent_source=source, parent_shown=source, queryset=None
        )
    shown_course = course if not locales.is_source(course) else None
    if shown_course is None:
        shown_course = locales.nearest_shown(source)
    return locales.in_active_language_list(
        steps,
        parent_source=source,
        parent_shown=shown_course,
        queryset=_with_minutes(Page.objects.live().only(*STEP_FIELDS)),
    )


def done_among(*, user, steps) -> set[int]:
    """Which of these steps she has done (the "step done" rule): one query."""
    if not _is_signed_in(user):
        return set()
    return set(
        _her_finished_steps(user)
        .filter(step_id__in=[locales.record_pk(step) for step in steps])
        .values_list("step_id", flat=True)
    )


@dataclass(frozen=True)
class StoppedAt:
    """Where she took a break in a course, and when."""

    page: Page
    saved_at: object


def course_outline(
    *, user, course: CoursePage, with_pending: bool = True
) -> CourseProgress:
    """A course's steps with the learner's status for each (none if anonymous),
    and where she took a break: at most three queries, the steps coming from
    the cache; while a quiz is not yet passed, one more for the quizzes waiting
    for a trainer, and one more if one is (`with_pending=False` leaves them
    out)."""
    steps = course_steps(course=course)
    if not _is_signed_in(user):
        return _progress(course=course, enrolment=None, steps=steps, done=set())
    record_course_id = locales.record_pk(course)
    enrolment = Enrolment.objects.filter(user=user, course_id=record_course_id).first()
    if enrolment is None:
        return _progress(course=course, enrolment=None, steps=steps, done=set())
    done = done_among(user=user, steps=steps)
    progress = _progress(
        course=course,
        enrolment=enrolment,
        steps=steps,
        done=done,
        pending=_pending(user=user, steps=steps, done=done) if with_pending else None,
    )
    if not enrolment.is_complete:
        # A third query only while the course is under way: a break ends with
        # the course.
        her_break = (
            BreakPoint.objects.filter(user=user, course_id=record_course_id)
            .values_list("page_id", "saved_at")
            .first()
        )
        if her_break is not None:
            page = next(
                (s for s in steps if locales.record_pk(s) == her_break[0]), None
            )
            if page is not None:
                progress.stopped_at = StoppedAt(page=page, saved_at=her_break[1])
    return progress


@dataclass(frozen=True)
class StepState:
    """Her state on one course step, for the step's page: when she (re)started
    its course (None: not enrolled) and whether the step is done."""

    started_at: object | None
    done: bool


def step_state(*, user, step: Page, course: CoursePage) -> StepState:
    """One query: `course_started_at` and whether the step is done, for one page."""
    if not _is_signed_in(user):
        return StepState(None, False)
    row = (
        Enrolment.objects.filter(user=user, course_id=locales.record_pk(course))
        .annotate(
            step_done=Exists(
                _her_finished_steps(user).filter(step_id=locales.record_pk(step))
            )
        )
        .values_list("enrolled_at", "restarted_at", "step_done")
        .first()
    )
    if row is None:
        return StepState(None, False)
    return StepState(started_at=row[1] or row[0], done=row[2])


def lesson_navigation(
    *, user, lesson: LessonPage, done: bool | None = None, steps=None
) -> LessonNavigation:
    """Her place among the course's lessons (from the cache), and whether this
    one is done: `done` when the page has read it already, else one query.
    `steps` replaces the course's live steps (a preview: `preview_steps`)."""
    if steps is None:
        steps = course_steps(course=lesson.course)
    siblings = [s for s in steps if _is_lesson(s)]
    position = next(
        (i for i, s in enumerate(siblings) if s is lesson or s.pk == lesson.pk), 0
    )
    if done is None:
        done = locales.record_pk(lesson) in done_among(user=user, steps=[lesson])
    return LessonNavigation(
        lesson=lesson,
        number=position + 1,
        total=len(siblings),
        previous=siblings[position - 1] if position > 0 else None,
        next=siblings[position + 1] if position + 1 < len(siblings) else None,
        completed=done,
    )


# Previews --------------------------------------------------------------------
# A trainer previewing a draft sees the course as learners will once it is
# published: its draft steps counted and numbered, and the page as she is
# editing it. Drafts are not published content, so none of this is cached, and
# none of it changes what learners see.


def preview_steps(*, course: CoursePage, page: Page | None = None) -> list[Page]:
    """A course's steps, live and draft alike, in page order, with `page` (a
    step being previewed, perhaps not yet saved) as it is being edited, in its
    own place or where it is being added. One query."""
    steps = list(
        _with_minutes(Page.objects.child_of(course).order_by("path")).only(*STEP_FIELDS)
    )
    if page is None or page.path[: -CoursePage.steplen] != course.path:
        return steps
    steps = [step for step in steps if page.pk is None or step.pk != page.pk]
    steps.append(page)
    return sorted(steps, key=lambda step: step.path)


def preview_course_outline(*, course: CoursePage) -> CourseProgress:
    """The course's outline as a learner not yet enrolled sees it once the
    course and its draft steps are published (`preview_steps`)."""
    return _progress(
        course=course,
        enrolment=None,
        steps=preview_steps(course=course),
        done=set(),
    )


def preview_content_topics(*, course: CoursePage, steps) -> list[ContentNoteTopic]:
    """`content_topics_by_course` for a course being previewed: its topics as
    the trainer is editing them, and those of its steps (`preview_steps`)."""
    topics = {topic.pk: topic for topic in course.content_topics.all()}
    lesson_ids = [step.pk for step in steps if _is_lesson(step) and step.pk]
    for link in LessonPage.content_topics.through.objects.filter(
        lessonpage_id__in=lesson_ids
    ).select_related("contentnotetopic"):
        topics[link.contentnotetopic_id] = link.contentnotetopic
    return sorted(topics.values(), key=lambda topic: topic.name)


def learner_courses(*, user) -> list[CourseProgress]:
    """Every course the learner is enrolled in, with progress: two queries, the
    courses and their steps coming from the cache; while a quiz is not yet
    passed, one more for the quizzes waiting for a trainer, and one more if one
    is."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True).order_by("-enrolled_at")
    )
    if not enrolments:
        return []
    course_ids = [e.course_id for e in enrolments]
    if locales.active_locale_id() in (None, locales.default_locale_id()):
        courses = courses_by_id(course_ids)
        steps = _steps_by_course(course_ids)
    else:
        # Each course in the language being spoken where it is translated; her
        # record is the English course's either way.
        courses = _courses_shown_by_id(course_ids)
        steps = {pk: course_steps(course=course) for pk, course in courses.items()}
    every_step = [step for ids in steps.values() for step in ids]
    done = done_among(user=user, steps=every_step)
    pending = _pending(user=user, steps=every_step, done=done)
    progress = []
    for enrolment in enrolments:
        enrolment.course = courses[enrolment.course_id]
        progress.append(
            _progress(
                course=enrolment.course,
                enrolment=enrolment,
                steps=steps.get(enrolment.course_id, []),
                done=done,
                pending=pending,
            )
        )
    return progress


def break_point_on(*, user, page: Page) -> BreakPoint | None:
    """Her break on this very page, if she took one there (for "Welcome back")."""
    if not _is_signed_in(user):
        return None
    return BreakPoint.objects.filter(user=user, page_id=locales.record_pk(page)).first()


def break_point(*, user, course: CoursePage) -> BreakPoint | None:
    """Where she stopped when she last took a break in this course, if she did."""
    if not _is_signed_in(user):
        return None
    her_break = (
        BreakPoint.objects.filter(user=user, course_id=locales.record_pk(course))
        .select_related("page")
        .first()
    )
    if her_break is not None and not locales.in_active_language(her_break.page):
        her_break.page = locales.nearest_shown(her_break.page)
    return her_break


def catalogue_page() -> CourseIndexPage | None:
    """The live catalogue (cached until content changes; False: none)."""
    page = _cached_content(
        f"catalogue-page:{translation.get_language()}", _read_catalogue_page
    )
    return page or None


def _read_catalogue_page():
    """The catalogue in the language being spoken, else the English one."""
    pages = {
        page.locale_id: page
        for page in CourseIndexPage.objects.live().filter(
            locale_id__in=[locales.active_locale_id(), locales.default_locale_id()]
        )
    }
    return (
        pages.get(locales.active_locale_id())
        or pages.get(locales.default_locale_id())
        or False
    )


def _shown_courses(courses, *, index_source, index_shown) -> list[CoursePage]:
    """English courses as the learner reads them in the language being spoken
    (`locales.in_active_language_list`): one query, none in English."""
    return locales.in_active_language_list(
        courses,
        parent_source=index_source,
        parent_shown=index_shown,
        queryset=visible_to_learners(CoursePage.objects.all())
        .prefetch_related("tags")
        .select_related("hero_image"),
    )


def _published_courses(index: CourseIndexPage | None = None):
    courses = visible_to_learners(CoursePage.objects.all())
    if index is not None:
        courses = courses.descendant_of(index)
    return courses


def _cached_content(name: str, compute):
    """`compute()`, cached until published content changes."""
    key = f"courses:{name}:{content_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, 60 * 60 * 24)
    return value


def _cached_content_many(kind: str, pks, compute_missing) -> dict:
    """{pk: value} for each pk, as `_cached_content(f"{kind}:{pk}", ...)` would
    cache it; `compute_missing(pks)` reads those not cached, all at once."""
    generation = content_generation()
    keys = {f"courses:{kind}:{pk}:{generation}": pk for pk in set(pks)}
    found = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [pk for pk in keys.values() if pk not in found]
    if missing:
        computed = compute_missing(missing)
        cache.set_many(
            {f"courses:{kind}:{pk}:{generation}": v for pk, v in computed.items()},
            60 * 60 * 24,
        )
        found.update(computed)
    return found


def courses_by_id(pks) -> dict[int, CoursePage]:
    """Courses as their own type, by id (cached until content changes)."""
    return _cached_content_many(
        "course",
        pks,
        lambda missing: {c.pk: c for c in CoursePage.objects.filter(pk__in=missing)},
    )


def _courses_shown_by_id(pks) -> dict[int, CoursePage]:
    """`courses_by_id`, each course as the learner reads it in the language being
    spoken: its live translation, or the English course."""

    def read(missing):
        sources = list(CoursePage.objects.filter(pk__in=missing))
        translations = {
            course.translation_key: course
            for course in CoursePage.objects.live().filter(
                translation_key__in=[c.translation_key for c in sources],
                locale_id=locales.active_locale_id(),
            )
        }
        return {c.pk: translations.get(c.translation_key, c) for c in sources}

    return _cached_content_many(f"course-shown:{translation.get_language()}", pks, read)


def _steps_by_course(course_ids) -> dict[int, list[Page]]:
    """`course_steps` for several courses: one query for those not cached."""

    def read(missing):
        courses = list(Page.objects.filter(pk__in=missing).only("id", "path", "depth"))
        by_path = {course.path: course.pk for course in courses}
        steps: dict[int, list[Page]] = {course.pk: [] for course in courses}
        if not courses:
            return steps
        for step in _with_minutes(
            Page.objects.live()
            .filter(reduce(or_, (Q(path__startswith=path) for path in by_path)))
            .filter(depth=courses[0].depth + 1)
            .order_by("path")
            .only(*STEP_FIELDS)
        ):
            course_id = by_path.get(step.path[: -CoursePage.steplen])
            if course_id is not None:
                step.record_pk = step.pk
                steps[course_id].append(step)
        return steps

    # English courses in English: the same cache entries as `course_steps`.
    return _cached_content_many(_steps_kind(), course_ids, read)


def catalogue(*, index: CourseIndexPage, query: str = "", topic: str = ""):
    """Published courses under the catalogue, filtered by topic and search terms.
    Without search terms the list is cached until content changes. The Welsh
    catalogue lists the English catalogue's courses, each in Welsh where it is
    translated (one learning record: docs/languages.md)."""
    topic = topic.replace("\x00", "")  # PostgreSQL refuses a NUL in a query
    query = " ".join(re.findall(r"\w+", query))
    source = locales.canonical(index)

    def read():
        courses = _catalogue(index=source, query=query, topic=topic)
        if source is index and locales.in_active_language(index):
            return locales.in_active_language_list(
                courses, parent_source=index, parent_shown=index, queryset=None
            )
        return _shown_courses(courses, index_source=source, index_shown=index)

    if not query:
        digest = hashlib.sha256(topic.encode()).hexdigest()[:16]
        return _cached_content(
            f"catalogue:{index.pk}:{translation.get_language()}:{digest}", read
        )
    return read()


def _catalogue(*, index: CourseIndexPage, query: str, topic: str):
    courses = _published_courses(index)
    if topic:
        courses = courses.filter(tags__slug=topic)
    courses = courses.prefetch_related("tags").select_related("hero_image")
    # Words only (catalogue() keeps them): punctuation is query syntax to the
    # search backend (SQLite's FTS5 answers `">` or a stray quote with an error).
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


# Published content changes only when a trainer publishes, unpublishes, moves
# or deletes a page or edits a content-note topic: courses/apps.py then moves
# this generation on, and what was cached under the old one is never read.
CONTENT = "courses:content"


def content_generation() -> int:
    return generations.current(CONTENT)


def content_changed(*args, **kwargs) -> None:
    """Forget every cached reading of published content."""
    generations.bump(CONTENT)


def content_topics_by_course(courses) -> dict[int, list[ContentNoteTopic]]:
    """Each course's content-note topics, its own and its published lessons',
    so a learner can decide before she enrols. Cached until content changes;
    otherwise two queries for any number of courses."""
    courses = list(courses)
    if not courses:
        return {}
    generation = f"{content_generation()}:{translation.get_language()}"
    keys = {f"courses:topics:{generation}:{c.pk}": c.pk for c in courses}
    cached = cache.get_many(list(keys))
    found = {keys[key]: value for key, value in cached.items()}
    missing = [c for c in courses if c.pk not in found]
    if missing:
        computed = _content_topics_by_course(missing)
        computed = dict(
            zip(computed, _topics_shown(list(computed.values())), strict=True)
        )
        cache.set_many(
            {f"courses:topics:{generation}:{pk}": v for pk, v in computed.items()},
            60 * 60 * 24,
        )
        found.update(computed)
    return found


def _content_topics_by_course(courses) -> dict[int, list[ContentNoteTopic]]:
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


def _topics_shown(topic_lists: list[list[ContentNoteTopic]]):
    """Content-note topics in the language being spoken: each topic's
    translation where it has one (one query; none in English). A page's topics
    are the English ones (wagtail-localize copies the links when it makes the
    translation), so their Welsh names are looked up here."""
    active = locales.active_locale_id()
    if active in (None, locales.default_locale_id()):
        return topic_lists
    keys = {topic.translation_key for topics in topic_lists for topic in topics}
    if not keys:
        return topic_lists
    shown = {
        topic.translation_key: topic
        for topic in ContentNoteTopic.objects.filter(
            translation_key__in=keys, locale_id=active
        )
    }
    return [
        sorted(
            {
                shown.get(t.translation_key, t).pk: shown.get(t.translation_key, t)
                for t in topics
            }.values(),
            key=lambda topic: topic.name,
        )
        for topics in topic_lists
    ]


def catalogue_topics(*, index: CourseIndexPage) -> list[Tag]:
    """The topics of the catalogue's published courses (cached until content
    changes). The Welsh catalogue's are the English one's: it lists the same
    courses (`catalogue`)."""
    index = locales.canonical(index)
    key = f"courses:catalogue-topics:{content_generation()}:{index.pk}"
    topics = cache.get(key)
    if topics is None:
        topics = list(
            Tag.objects.filter(
                courses_coursetopictag_items__content_object__in=_published_courses(
                    index
                )
            )
            .distinct()
            .order_by("name")
        )
        cache.set(key, topics, 60 * 60 * 24)
    return topics


def course_titles(course_ids) -> dict[int, str]:
    """Course titles by id (cached until content changes)."""
    generation = content_generation()
    keys = {f"courses:title:{generation}:{pk}": pk for pk in set(course_ids)}
    titles = {keys[key]: title for key, title in cache.get_many(list(keys)).items()}
    missing = [pk for pk in keys.values() if pk not in titles]
    if missing:
        found = dict(
            CoursePage.objects.filter(pk__in=missing).values_list("pk", "title")
        )
        cache.set_many(
            {f"courses:title:{generation}:{pk}": t for pk, t in found.items()},
            60 * 60 * 24,
        )
        titles.update(found)
    return titles


def course_tags(course: CoursePage) -> list[Tag]:
    """A course's topic tags (cached until content changes)."""
    return _cached_content(f"tags:{course.pk}", lambda: list(course.tags.all()))


def course_of(step: Page) -> CoursePage:
    """The course a lesson or quiz belongs to, as its own type (cached until
    content changes; routing has usually read the parent already)."""
    parent = step.get_parent()
    return _cached_content_many(
        "course", [parent.pk], lambda _: {parent.pk: parent.specific}
    )[parent.pk]


def lesson_topics(
    lesson: LessonPage, *, as_edited: bool = False
) -> list[ContentNoteTopic]:
    """A lesson's content-note topics (cached until content changes);
    `as_edited`: as the trainer has them in the editor (a preview), not cached."""
    if as_edited:
        return sorted(lesson.content_topics.all(), key=lambda topic: topic.name)
    key = (
        f"courses:lesson-topics:{content_generation()}:{translation.get_language()}"
        f":{lesson.pk}"
    )
    topics = cache.get(key)
    if topics is None:
        topics = _topics_shown([list(lesson.content_topics.all())])[0]
        cache.set(key, topics, 60 * 60 * 24)
    return topics


def featured_courses(*, limit: int = 3):
    """The newest published courses (cached until content changes)."""

    def read():
        courses = list(
            _published_courses()
            .filter(locale_id=locales.default_locale_id())
            .select_related("hero_image")
            .prefetch_related("tags")
            .order_by("-first_published_at")[:limit]
        )
        if locales.active_locale_id() in (None, locales.default_locale_id()):
            return courses
        index = catalogue_page()
        source = locales.canonical(index) if index else None
        return _shown_courses(courses, index_source=source, index_shown=index)

    return _cached_content(f"featured:{limit}:{translation.get_language()}", read)


# Completions and the version completed ------------------------------------------


def completion_version(
    *, user_id: int, course_id: int, completed_at
) -> Completion | None:
    """The version of the course she completed then (`Completion.version_label`,
    `short_fingerprint`), or None if that completion was never recorded. The
    one function pages and exports call; `completion_versions` for many."""
    return completion_versions([(user_id, course_id, completed_at)]).get(
        (user_id, course_id, completed_at)
    )


def completion_versions(keys) -> dict[tuple, Completion]:
    """`completion_version` for many completions at once, by (user id, course
    id, completed at): one query."""
    keys = {key for key in keys if key[2] is not None}
    if not keys:
        return {}
    rows = Completion.objects.filter(
        user_id__in={key[0] for key in keys},
        course_id__in={key[1] for key in keys},
        completed_at__in={key[2] for key in keys},
    )
    found = {(row.user_id, row.course_id, row.completed_at): row for row in rows}
    return {key: row for key, row in found.items() if key in keys}


def current_version_on(course: CoursePage) -> datetime.date | None:
    """The day the course as published now was published (the rule of
    `versions.version_published_at`), its steps from the cache: the version
    someone taking it now will complete."""
    published_at = versions.version_published_at([course, *course_steps(course=course)])
    return timezone.localdate(published_at) if published_at else None


def latest_completions(pairs) -> dict[tuple[int, int], Completion]:
    """Her latest recorded completion of each course, by (user id, course id):
    the version her current completion was made on. One query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = Completion.objects.filter(
        user_id__in={user_id for user_id, _ in pairs},
        course_id__in={course_id for _, course_id in pairs},
    ).order_by("completed_at")
    return {
        (row.user_id, row.course_id): row
        for row in rows
        if (row.user_id, row.course_id) in pairs
    }


def completion_history(*, user):
    """Every course she has completed, each completion once (renewals
    included), newest first, with its course."""
    return (
        Completion.objects.filter(user=user)
        .select_related("course")
        .order_by("-completed_at", "-pk")
    )
