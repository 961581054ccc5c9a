"""Writes for enrolment and progress. The course completion rule lives here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission

from accounts.roles import TRAINERS_GROUP

from . import selectors, versions
from .models import (
    BreakPoint,
    Completion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    StepProgress,
)
from .signals import course_completed, learning_record_changed


class LearningError(Exception):
    """A request the learner cannot make; the message is safe to show her."""

    message = _("That could not be done.")

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class CourseUnavailable(LearningError):
    message = _("This course is not available.")


class NotEnrolled(LearningError):
    message = _("Enrol in this course before you mark its lessons complete.")


@dataclass(frozen=True)
class LessonCompletion:
    progress: StepProgress
    newly_completed_lesson: bool
    course_completed_now: bool


def _require_live(course: CoursePage) -> None:
    if not course.live:
        raise CourseUnavailable


@transaction.atomic
def enrol(
    *, user, course: CoursePage, now: datetime.datetime | None = None
) -> tuple[Enrolment, bool]:
    """Enrol a learner. Enrolling twice returns the existing enrolment."""
    _require_live(course)
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"enrolled_at": now or timezone.now()}
    )
    if created:
        _changed(user_id=user.pk, course_id=course.pk)
    return enrolment, created


def _lock_enrolment(*, user, course: CoursePage) -> Enrolment | None:
    """Her enrolment, locked until the transaction ends: her steps in one
    course are recorded one at a time, so that when two requests finish its
    last two steps at once, the second sees the first's step and completes
    the course (each would otherwise miss the other's)."""
    return (
        Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    )


def _changed(*, user_id: int, course_id: int) -> None:
    learning_record_changed.send(sender=Enrolment, user_id=user_id, course_id=course_id)


@transaction.atomic
def complete_lesson(
    *, user, lesson: LessonPage, now: datetime.datetime | None = None
) -> LessonCompletion:
    """Record a finished lesson once, then complete the course if it was the last."""
    course = lesson.course
    if not lesson.live:
        raise CourseUnavailable(_("This lesson is not available."))
    _require_live(course)
    if _lock_enrolment(user=user, course=course) is None:
        raise NotEnrolled
    now = now or timezone.now()
    end_break(user=user, course=course)
    progress, created = StepProgress.objects.get_or_create(
        user=user, step=lesson, defaults={"course": course, "completed_at": now}
    )
    return LessonCompletion(
        progress=progress,
        newly_completed_lesson=created,
        course_completed_now=complete_course_if_finished(
            user=user, course=course, now=now
        ),
    )


@transaction.atomic
def record_quiz_passed(*, user, quiz, passed_at) -> bool:
    """The quiz app reports a passed quiz (on submission, or when marking settles
    it): the step is done, and the course completes if it was the last. A pass
    from an attempt submitted before she started the course again does not
    count. Returns True if this call completed the course."""
    course = quiz.get_parent().specific
    _lock_enrolment(user=user, course=course)
    started_at = selectors.course_started_at(user=user, course=course)
    if started_at is None or passed_at < started_at:
        return False
    StepProgress.objects.get_or_create(
        user=user,
        step_id=quiz.pk,
        defaults={"course": course, "completed_at": passed_at},
    )
    return complete_course_if_finished(user=user, course=course, now=passed_at)


def complete_course_if_finished(
    *, user, course: CoursePage, now: datetime.datetime | None = None
) -> bool:
    """The course completion rule: every published step of the course (each
    lesson read, each quiz passed) is done since she (re)started it.

    Completion is recorded once: the update only matches an enrolment that is
    not yet complete, so two racing requests cannot both record it. Returns
    True only for the call that recorded it, which also keeps the completion
    in her history with the version of the course she completed
    (`record_completion`), in the same transaction.
    """
    outline = selectors.course_outline(user=user, course=course, with_pending=False)
    if outline.enrolment is None or outline.total == 0:
        return False
    if outline.completed_count < outline.total:
        return False
    completed_at = now or timezone.now()
    updated = Enrolment.objects.filter(
        pk=outline.enrolment.pk, completed_at__isnull=True
    ).update(completed_at=completed_at)
    if updated != 1:
        return False
    record_completion(user=user, course=course, completed_at=completed_at)
    _changed(user_id=user.pk, course_id=course.pk)
    enrolment_id = outline.enrolment.pk
    transaction.on_commit(
        lambda: course_completed.send(sender=Enrolment, enrolment_id=enrolment_id)
    )
    return True


def record_completion(
    *, user, course: CoursePage, completed_at: datetime.datetime
) -> Completion:
    """Keep a completion in her history, with the course as published now:
    its revision, each step's, their content's fingerprint and the date of
    the latest publication. Called by the completion rule only; starting
    again never deletes these rows."""
    version = versions.published_version(course)
    return Completion.objects.create(
        user=user,
        course=course,
        completed_at=completed_at,
        course_revision_id=version.course_revision_id,
        version_published_at=version.published_at,
        fingerprint=version.fingerprint,
        steps=version.steps,
    )


class RenewalNotOpen(LearningError):
    message = _("This course can be started again once its renewal opens.")


@transaction.atomic
def restart_course(
    *, user, course: CoursePage, now: datetime.datetime | None = None
) -> Enrolment:
    """Start a completed course again to renew it, once renewal is open.

    Her progress on every step of the course is cleared, so lessons are read
    and quizzes passed again; the completion (`Completion`), its certificate
    and her quiz attempts stay in her history.
    """
    _require_live(course)
    enrolment = (
        Enrolment.objects.select_related("course")
        .filter(user=user, course=course)
        .first()
    )
    if enrolment is None:
        raise NotEnrolled(_("You are not enrolled in this course."))
    now = now or timezone.now()
    if not enrolment.renewal_open_on(timezone.localdate(now)):
        raise RenewalNotOpen
    updated = Enrolment.objects.filter(
        pk=enrolment.pk, completed_at=enrolment.completed_at
    ).update(completed_at=None, restarted_at=now)
    if updated:
        StepProgress.objects.filter(user=user, course=course).delete()
        _changed(user_id=user.pk, course_id=course.pk)
    enrolment.refresh_from_db()
    return enrolment


def set_assigned_renewals(months_by_pair: dict[tuple[int, int], int | None]) -> None:
    """The renewal period of the assignment that covers her in a course, for
    each (user id, course id); None: the course's own validity applies. Called
    by agencies, which decides it; it also decides when she may start again
    (Enrolment.renewal_open). One update per distinct period."""
    by_months: dict[int | None, list[tuple[int, int]]] = {}
    for pair, months in months_by_pair.items():
        by_months.setdefault(months, []).append(pair)
    for months, pairs in by_months.items():
        changed = Enrolment.objects.filter(pairs_q(pairs))
        if months is None:
            changed = changed.filter(assigned_renewal_months__isnull=False)
        else:
            changed = changed.exclude(assigned_renewal_months=months)
        changed.update(assigned_renewal_months=months)


def pairs_q(pairs) -> Q:
    """Rows of these (user id, course id) pairs, as one condition."""
    by_course: dict[int, set[int]] = {}
    for user_id, course_id in pairs:
        by_course.setdefault(course_id, set()).add(user_id)
    q = Q(pk__in=[])
    for course_id, user_ids in by_course.items():
        q |= Q(course_id=course_id, user_id__in=user_ids)
    return q


# Taking a break ----------------------------------------------------------------


def take_break(*, user, page) -> BreakPoint:
    """Save where she stopped in a course (a lesson or a quiz page)."""
    course = page.course
    if not Enrolment.objects.filter(user=user, course=course).exists():
        raise NotEnrolled(_("Enrol in this course first."))
    breakpoint_, _created = BreakPoint.objects.update_or_create(
        user=user,
        course=course,
        defaults={"page": page, "saved_at": timezone.now()},
    )
    return breakpoint_


def end_break(*, user, course: CoursePage) -> None:
    """She is learning again (a lesson done, a quiz started or submitted): the
    break she took in this course is over."""
    BreakPoint.objects.filter(user=user, course=course).delete()


TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_trainers_course_tree(*, catalogue: CourseIndexPage) -> None:
    """Let the Trainers group add, edit and publish everything under a catalogue."""
    group, _created = Group.objects.get_or_create(name=TRAINERS_GROUP)
    for codename in TRAINER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=catalogue,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
