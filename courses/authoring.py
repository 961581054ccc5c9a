"""Writes for trainers building a course in the admin: publishing a course with
its lessons and quizzes in one go (or sending them to moderation together), and
starting a new course with a first lesson ready to fill.

Kept apart from `services` (a learner's record) because these act on pages,
through Wagtail's own revisions, workflows and logs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from . import publishing
from .models import CoursePage, LessonPage


class AuthoringError(Exception):
    """A request the trainer cannot make; the message is safe to show her."""

    message = gettext_lazy("That could not be done.")

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class CourseEmpty(AuthoringError):
    message = gettext_lazy(
        "A course goes live with at least one lesson or quiz, so learners never "
        "find an empty course. Add a lesson, then publish the course with its "
        "lessons and quizzes."
    )


class StepNotReady(AuthoringError):
    pass


class NotAllowed(AuthoringError):
    message = gettext_lazy(
        "You cannot publish this course or send it for moderation. Ask a "
        "Kairos administrator for access."
    )


class NothingToPublish(AuthoringError):
    message = gettext_lazy(
        "The course and its lessons and quizzes are already published."
    )


@dataclass(frozen=True)
class CoursePublication:
    """What `publish_course` did: "published" or "submitted" (for moderation),
    and to which pages, in course order (steps first, the course last)."""

    action: str
    pages: list[Page]


def pages_to_publish(*, course: CoursePage) -> list[Page]:
    """The steps of a course that publishing it with its lessons and quizzes
    would publish, in course order: each one never published (a draft) or live
    with a newer draft; then the course itself, unless it is live as it
    stands. A step a trainer took offline (unpublished after going live) stays
    offline."""
    needs_publishing = Q(live=False, first_published_at__isnull=True) | Q(
        live=True, has_unpublished_changes=True
    )
    steps = list(
        Page.objects.child_of(course)
        .filter(needs_publishing)
        .order_by("path")
        .specific()
    )
    if not course.live or course.has_unpublished_changes:
        steps.append(course)
    return steps


def publish_problems(page: Page) -> list[str]:
    """What keeps a step from going live as its latest draft stands: a page
    type says so with a `publish_problems()` method (a quiz with no questions);
    the model's own validation is checked when the revision is published."""
    check = getattr(page, "publish_problems", None)
    return list(check()) if check else []


def _may_publish(page: Page, user) -> bool:
    tester = page.permissions_for_user(user)
    return tester.can_publish() and not tester.page_locked()


def _may_submit(page: Page, user) -> bool:
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return False
    tester = page.permissions_for_user(user)
    if page.workflow_in_progress:
        return tester.can_edit()  # already with the moderators
    return tester.can_edit() and tester.can_submit_for_moderation()


def publish_course(*, course: CoursePage, user) -> CoursePublication:
    """Publish a course with every lesson and quiz that has a draft, together.

    All or nothing: each goes through Wagtail's own publishing of its latest
    revision (revisions, history, signals and workflow clean-up as when
    publishing one page), inside one transaction, steps first. When the
    trainer may not publish them all but a workflow applies, they are sent to
    moderation together instead; a moderator can then publish them in one go
    with this same action.

    Never leaves a course live without a live step: a course with no live
    steps, and none being published with it, is refused. Two trainers pressing
    it at once take turns (the course row is locked), so the second finds
    nothing left to publish.
    """
    with transaction.atomic():
        course = CoursePage.objects.select_for_update().get(pk=course.pk)
        return _publish_or_submit(course=course, user=user)


def _publish_or_submit(*, course: CoursePage, user) -> CoursePublication:
    pages = pages_to_publish(course=course)
    if not pages:
        raise NothingToPublish
    if not publishing.has_live_step(course, publishing=[page.pk for page in pages]):
        raise CourseEmpty
    if all(_may_publish(page, user) for page in pages):
        return _publish_all(course=course, pages=pages, user=user)
    if all(_may_submit(page, user) for page in pages):
        return _submit_all(pages=pages, user=user)
    raise NotAllowed


def _revision_to_publish(page: Page, user):
    return page.latest_revision or page.save_revision(user=user, log_action=True)


def _publish_all(*, course: CoursePage, pages: list[Page], user) -> CoursePublication:
    for page in pages:
        revision = _revision_to_publish(page, user)
        problems = publish_problems(revision.as_object())
        if problems:
            raise StepNotReady(" ".join(problems))
        try:
            revision.publish(user=user)
        except ValidationError as error:
            raise StepNotReady(_not_ready(page, error)) from error
    course.refresh_from_db()
    if course.live and not publishing.has_live_step(course):
        # A step scheduled for later does not go live now.
        raise CourseEmpty
    return CoursePublication(action="published", pages=pages)


def _submit_all(*, pages: list[Page], user) -> CoursePublication:
    for page in pages:
        if page.workflow_in_progress:
            continue
        _revision_to_publish(page, user)
        page.get_workflow().start(page, user)
    return CoursePublication(action="submitted", pages=pages)


def _not_ready(page: Page, error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        fields = {field.name: field for field in page._meta.get_fields()}
        labels = [
            str(fields[name].verbose_name)
            for name in error.message_dict
            if hasattr(fields.get(name), "verbose_name")
        ]
        if labels:
            return _(
                "“%(title)s” is not finished yet: fill in %(fields)s, then "
                "publish again."
            ) % {"title": page.title, "fields": ", ".join(labels)}
    return _("“%(title)s” is not finished yet: %(problems)s") % {
        "title": page.title,
        "problems": " ".join(error.messages),
    }


# A new course ----------------------------------------------------------------

FIRST_LESSON_TITLE = "Lesson 1"


@transaction.atomic
def add_first_lesson(*, course: CoursePage, user) -> LessonPage | None:
    """Give a new course an empty first lesson, as a draft, ready to fill.

    Only for a course with no steps yet, so calling it twice adds one lesson.
    The lesson has no body, so it cannot go live until she writes one.
    """
    if Page.objects.child_of(course).exists():
        return None
    lesson = LessonPage(
        title=FIRST_LESSON_TITLE,
        intro="",
        live=False,
        has_unpublished_changes=True,
        owner=user,
    )
    course.add_child(instance=lesson)
    lesson.save_revision(user=user, log_action=True, clean=False)
    return lesson


def first_step(*, course: CoursePage) -> Page | None:
    """The course's first lesson or quiz, in course order, if it has one."""
    first = Page.objects.child_of(course).order_by("path").first()
    return first.specific if first else None


def next_steps(*, step: Page) -> list[tuple[str, str]]:
    """Shortcuts (label, admin URL) for a trainer who has just saved a lesson
    or quiz of a course: add another lesson, open the course's next step, and
    publish the course with its lessons and quizzes. Empty for other pages."""
    parent = step.get_parent()
    if parent is None or not issubclass(parent.specific_class, CoursePage):
        return []
    shortcuts = [
        (
            _("Add another lesson"),
            reverse(
                "wagtailadmin_pages:add", args=("courses", "lessonpage", parent.pk)
            ),
        )
    ]
    following = step.get_next_siblings().order_by("path").first()
    if following is not None:
        shortcuts.append(
            (
                _("Next: %(title)s") % {"title": following.title},
                reverse("wagtailadmin_pages:edit", args=[following.pk]),
            )
        )
    shortcuts.append(
        (
            _("Publish course with its lessons and quizzes"),
            reverse("courses_admin:publish_course", args=[parent.pk]),
        )
    )
    return shortcuts


def place_new_lesson(*, lesson: LessonPage, user) -> bool:
    """A lesson just added to a course goes before the quizzes that close it,
    so "Add another lesson" never puts a lesson after the final quiz. Returns
    whether it moved."""
    steps = list(Page.objects.child_of(lesson.get_parent()).order_by("path").specific())
    earlier = [step for step in steps if step.pk != lesson.pk]
    closing = None
    for step in reversed(earlier):
        if isinstance(step, LessonPage):
            break
        closing = step
    if closing is None or steps[-1].pk != lesson.pk:
        return False
    lesson.move(closing, pos="left", user=user)
    return True
