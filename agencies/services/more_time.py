"""More time: a learner asks for a later due date, her manager decides."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit import services as audit

from .. import tasks
from ..models import (
    ExtensionRequest,
    Requirement,
)
from ..selectors import Scope
from .errors import AgencyError


@transaction.atomic
def request_more_time(*, user, requirement_id: int, until: datetime.date):
    """She asks for a later due date; no reason is needed."""
    requirement = Requirement.objects.filter(pk=requirement_id, user=user).first()
    if requirement is None:
        raise AgencyError(gettext("That course is not assigned to you."))
    if until <= requirement.due_date:
        raise AgencyError(gettext("Choose a date after the current due date."))
    if until > requirement.due_date + datetime.timedelta(days=366):
        raise AgencyError(
            gettext("Choose a date within a year of the current due date.")
        )
    try:
        with transaction.atomic():
            extension = ExtensionRequest.objects.create(
                requirement=requirement, requested_date=until
            )
    except IntegrityError as error:
        raise AgencyError(
            gettext(
                "You have already asked for more time on this course; your manager "
                "will reply."
            )
        ) from error
    audit.record(
        actor=user,
        action=audit.Action.MORE_TIME_REQUESTED,
        target=requirement,
        target_label=f"{requirement.course} for {audit.person_label(user)}",
        subject=user,
        agency=requirement.agency_id,
        details={"asked_for": until, "due_date": requirement.due_date},
    )
    # Her managers hear of it (unless they have turned the email off).
    transaction.on_commit(lambda: tasks.send_more_time_requested.enqueue(extension.pk))
    return extension


@transaction.atomic
def decide_more_time(
    *, scope: Scope, by, request_id: int, agreed_date: datetime.date | None = None
) -> ExtensionRequest:
    """Agree the date she asked for, or (agreed_date) a different one."""
    extension = (
        ExtensionRequest.objects.select_related("requirement")
        .filter(
            pk=request_id,
            status=ExtensionRequest.Status.PENDING,
            requirement__in=scope.requirements(),
        )
        .first()
    )
    if extension is None:
        raise AgencyError(gettext("That request has already been answered."))
    requirement = extension.requirement
    date = agreed_date or extension.requested_date
    if date < timezone.localdate():
        raise AgencyError(gettext("Choose a date from today onwards."))
    extension.status = (
        ExtensionRequest.Status.AGREED
        if agreed_date in (None, extension.requested_date)
        else ExtensionRequest.Status.OTHER_DATE
    )
    extension.agreed_date = date
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.save()
    Requirement.objects.filter(pk=requirement.pk).update(
        extended_to=date, due_date=date
    )
    audit.record(
        actor=by,
        action=audit.Action.ASSIGNMENT_CHANGED,
        target=requirement,
        target_label=f"{requirement.course} for {audit.person_label(requirement.user)}",
        subject=requirement.user,
        agency=scope.agency,
        details={
            "more_time_agreed": date,
            "asked_for": extension.requested_date,
            "due_before": requirement.due_date,
            **audit.before_and_after(
                {
                    "due_date": requirement.due_date,
                    "extended_to": requirement.extended_to,
                },
                {"due_date": date, "extended_to": date},
            ),
        },
    )
    transaction.on_commit(lambda: tasks.send_more_time_agreed.enqueue(extension.pk))
    return extension
