"""Emails to a learner when her agency changes what it asks of her: a course
assigned, a due date moved, more time agreed. Each is sent once (see
accounts.notifications.notify), from a task enqueued after the change commits;
one task covers everyone a change reaches, over one connection to the mail
server. Each is written in the recipient's language (`speaking_to`): its
subject, its body and its links (/cy/... for Welsh)."""

from __future__ import annotations

import datetime

from django.core.mail import get_connection
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.notifications import Kind, notify
from core.emails import absolute_url
from core.languages import speaking_to

from .models import ExtensionRequest, Requirement
from .selectors import managers_of


def _course_url(course) -> str:
    parts = course.get_url_parts()
    return absolute_url(parts[2]) if parts else _my_learning_url()


def _my_learning_url() -> str:
    return absolute_url(reverse("courses:my_learning"))


def _requirements(ids):
    return (
        Requirement.objects.filter(pk__in=ids, user__is_active=True, course__live=True)
        .select_related("user", "course", "agency")
        .order_by("pk")
    )


def course_assigned(requirement_ids: list[int]) -> int:
    """Tell each person about a course newly assigned to her. How many were sent."""
    sent = 0
    with get_connection() as connection:
        for requirement in _requirements(requirement_ids):
            with speaking_to(requirement.user):
                sent += notify(
                    user=requirement.user,
                    kind=Kind.COURSE_ASSIGNED,
                    object_id=requirement.pk,
                    subject=_("%(agency)s has asked you to take “%(course)s”")
                    % {
                        "agency": requirement.agency.name,
                        "course": requirement.course.title,
                    },
                    template="agencies/email/course_assigned",
                    context={
                        "requirement": requirement,
                        "url": _course_url(requirement.course),
                        "my_learning_url": _my_learning_url(),
                    },
                    connection=connection,
                )
    return sent


def due_date_changed(changes: list[tuple[int, str]], *, stamp: str) -> int:
    """Tell each person her course's new due date. `changes` pairs a requirement
    with the date it moved to; one whose date has moved again since is left to
    the later change's email. `stamp` names the change, so the same date set
    twice is two changes, and a retried task is the same one."""
    wanted = {int(pk): datetime.date.fromisoformat(day) for pk, day in changes}
    sent = 0
    with get_connection() as connection:
        for requirement in _requirements(wanted):
            if requirement.due_date != wanted[requirement.pk]:
                continue
            with speaking_to(requirement.user):
                sent += notify(
                    user=requirement.user,
                    kind=Kind.DUE_DATE_CHANGED,
                    object_id=requirement.pk,
                    version=f"{requirement.due_date.isoformat()}/{stamp}",
                    subject=_("A new date for “%(course)s”")
                    % {"course": requirement.course.title},
                    template="agencies/email/due_date_changed",
                    context={"requirement": requirement, "url": _my_learning_url()},
                    connection=connection,
                )
    return sent


def more_time_agreed(extension_id: int) -> bool:
    """Tell her the date her manager agreed when she asked for more time."""
    extension = (
        ExtensionRequest.objects.select_related(
            "requirement__user", "requirement__course", "requirement__agency"
        )
        .exclude(status=ExtensionRequest.Status.PENDING)
        .filter(pk=extension_id, agreed_date__isnull=False)
        .first()
    )
    if extension is None:
        return False
    requirement = extension.requirement
    with speaking_to(requirement.user):
        return notify(
            user=requirement.user,
            kind=Kind.MORE_TIME_AGREED,
            object_id=extension.pk,
            subject=_("More time for “%(course)s”")
            % {"course": requirement.course.title},
            template="agencies/email/more_time_agreed",
            context={
                "extension": extension,
                "requirement": requirement,
                "asked_for_date": extension.status == ExtensionRequest.Status.AGREED,
                "url": _my_learning_url(),
            },
        )


def more_time_requested(extension_id: int) -> int:
    """Tell each of her managers who has not turned this email off that she
    asked for more time, with a link to answer on the dashboard. Once per
    request and manager (`object_id` is the request, `version` the manager)."""
    extension = (
        ExtensionRequest.objects.select_related(
            "requirement__user__membership", "requirement__course"
        )
        .filter(pk=extension_id, status=ExtensionRequest.Status.PENDING)
        .first()
    )
    if extension is None:
        return 0  # answered already, or withdrawn: nothing to ask
    requirement = extension.requirement
    membership = getattr(requirement.user, "membership", None)
    if membership is None:
        return 0
    learner = requirement.user.full_name or requirement.user.email
    sent = 0
    with get_connection() as connection:
        for manager in managers_of(membership):
            # In each manager's language, with the link to her dashboard in it.
            with speaking_to(manager):
                sent += notify(
                    user=manager,
                    kind=Kind.MORE_TIME_REQUESTED,
                    object_id=extension.pk,
                    version=f"manager:{manager.pk}",
                    subject=_("%(learner)s has asked for more time")
                    % {"learner": learner},
                    template="agencies/email/more_time_requested",
                    context={
                        "extension": extension,
                        "requirement": requirement,
                        "learner": learner,
                        "url": absolute_url(reverse("agencies:dashboard")),
                    },
                    connection=connection,
                )
    return sent


def invitation_url(invitation) -> str:
    """The link in her invitation email."""
    return absolute_url(
        reverse("agencies:accept_invitation", kwargs={"token": invitation.token})
    )
