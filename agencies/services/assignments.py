"""Assigning courses to an agency, a team or a person, changing and removing them."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit  # audit log (issue 6)

from .. import tasks
from ..models import (
    Assignment,
    Membership,
    Team,
)
from ..selectors import Scope
from .errors import AgencyError
from .requirements import RequirementChanges, sync_requirements


def _users_covered(assignment: Assignment) -> list[int]:
    members = Membership.objects.filter(agency_id=assignment.agency_id)
    if assignment.user_id:
        members = members.filter(user_id=assignment.user_id)
    elif assignment.team_id:
        members = members.filter(team_id=assignment.team_id)
    return list(members.values_list("user_id", flat=True))


@transaction.atomic
def assign(
    *,
    scope: Scope,
    by,
    course,
    due_date: datetime.date,
    team: Team | None = None,
    membership: Membership | None = None,
    renew_every_months: int | None = None,
) -> Assignment:
    """Assign a course to the agency, one team, or one person, within her scope."""
    if not course.live:
        raise AgencyError("That course is not published.")
    if team is not None and not scope.teams().filter(pk=team.pk).exists():
        raise AgencyError("You can only assign courses to your own teams.")
    if (
        membership is not None
        and not scope.memberships().filter(pk=membership.pk).exists()
    ):
        raise AgencyError("You can only assign courses to your own staff.")
    if team is None and membership is None and not scope.whole_agency:
        raise AgencyError("Choose one of your teams or a person.")
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                agency=scope.agency,
                team=team,
                user=membership.user if membership else None,
                course=course,
                due_date=due_date,
                renew_every_months=renew_every_months,
                assigned_by=by,
            )
    except IntegrityError as error:
        raise AgencyError(
            "This course is already assigned to them. Change the existing "
            "assignment's due date instead."
        ) from error
    email_after_commit(sync_requirements(_users_covered(assignment)))
    # Audit log (issue 6).
    _audit_assignment(assignment, actor=by, action=audit.Action.ASSIGNMENT_CREATED)
    return assignment


@transaction.atomic
def change_due_date(
    *, assignment: Assignment, due_date: datetime.date, actor=None
) -> None:
    previous = assignment.due_date
    assignment.due_date = due_date
    assignment.save(update_fields=["due_date"])
    email_after_commit(sync_requirements(_users_covered(assignment)))
    # Audit log (issue 6).
    _audit_assignment(
        assignment,
        actor=actor,
        action=audit.Action.ASSIGNMENT_CHANGED,
        due_date={"from": previous, "to": due_date},
    )


@transaction.atomic
def unassign(*, assignment: Assignment, actor=None) -> None:
    users = _users_covered(assignment)
    # Audit log (issue 6): written first, while the assignment still exists.
    _audit_assignment(assignment, actor=actor, action=audit.Action.ASSIGNMENT_REMOVED)
    assignment.delete()
    # Removing the earliest of two assignments of a course moves her date.
    email_after_commit(sync_requirements(users))


def email_after_commit(changes: RequirementChanges) -> None:
    """Once the change is committed (never if it rolls back), email each person
    a course was newly assigned to, and each person whose due date moved."""
    if changes.created:
        created = list(changes.created)
        transaction.on_commit(lambda: tasks.send_course_assigned.enqueue(created))
    if changes.due_date_changed:
        moved = [[pk, day.isoformat()] for pk, day in changes.due_date_changed]
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S.%f")
        transaction.on_commit(lambda: tasks.send_due_date_changed.enqueue(moved, stamp))


def _audit_assignment(assignment: Assignment, *, actor, action, **details) -> None:
    """Audit log (issue 6): one event for an assignment made, changed or removed."""
    if assignment.user_id:
        who = assignment.user.full_name or assignment.user.email
    elif assignment.team_id:
        who = f"the {assignment.team.name} team"
    else:
        who = f"everyone in {assignment.agency.name}"
    audit.record(
        actor=actor,
        action=action,
        target=assignment,
        target_label=f"“{assignment.course.title}” for {who}",
        subject=assignment.user if assignment.user_id else None,
        agency=assignment.agency_id,
        details={
            "course": assignment.course.title,
            "course_id": assignment.course_id,
            "assigned_to": who,
            "due_date": assignment.due_date,
            "renew_every_months": assignment.renew_every_months,
            **details,
        },
    )
