"""Assigning courses to an agency, a team or a person, changing and removing them."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit import services as audit
from audit.models import AuditEvent
from courses.models import CoursePage

from .. import tasks
from ..models import (
    Assignment,
    ExtensionRequest,
    Membership,
    Requirement,
    Team,
)
from ..selectors import Scope
from .errors import AgencyError
from .requirements import RequirementChanges, sync_requirements


def users_covered(assignment: Assignment) -> list[int]:
    """The ids of the people an assignment covers."""
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
        raise AgencyError(gettext("That course is not published."))
    if team is not None and not scope.teams().filter(pk=team.pk).exists():
        raise AgencyError(gettext("You can only assign courses to your own teams."))
    if (
        membership is not None
        and not scope.memberships().filter(pk=membership.pk).exists()
    ):
        raise AgencyError(gettext("You can only assign courses to your own staff."))
    if team is None and membership is None and not scope.whole_agency:
        raise AgencyError(gettext("Choose one of your teams or a person."))
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
            gettext(
                "This course is already assigned to them. Change the existing "
                "assignment's due date instead."
            )
        ) from error
    email_after_commit(sync_requirements(users_covered(assignment)))
    _audit_assignment(assignment, actor=by, action=audit.Action.ASSIGNMENT_CREATED)
    return assignment


# How long "Undo" is offered after an assignment is removed.
UNDO_HOURS = 24


@transaction.atomic
def change_due_date(
    *, assignment: Assignment, due_date: datetime.date, actor=None
) -> bool:
    """Move an assignment's due date (the people it covers are emailed where
    their date moves). False, and nothing written, if it is already that date.
    The audit event keeps the date before and after. As with `assign`, the
    manager's form refuses a date in the past; the service accepts one (the
    demo data and the learning-record tests set dates that have passed)."""
    previous = (
        Assignment.objects.filter(pk=assignment.pk)
        .values_list("due_date", flat=True)
        .first()
    )
    if previous is None:
        raise AgencyError(gettext("This assignment has been removed."))
    if previous == due_date:
        return False
    # The check and the write in one statement: of two managers changing it at
    # once, the second is told, and the log records the date really replaced.
    if not Assignment.objects.filter(pk=assignment.pk, due_date=previous).update(
        due_date=due_date
    ):
        raise AgencyError(
            gettext(
                "Someone changed this due date a moment ago. Check it and try again."
            )
        )
    assignment.due_date = due_date
    email_after_commit(sync_requirements(users_covered(assignment)))
    _audit_assignment(
        assignment,
        actor=actor,
        action=audit.Action.ASSIGNMENT_CHANGED,
        **audit.before_and_after({"due_date": previous}, {"due_date": due_date}),
    )
    return True


@transaction.atomic
def unassign(*, assignment: Assignment, actor=None):
    """Remove an assignment. Her learning record is untouched; the audit event
    keeps everything the assignment said, so it can be put back (`restore`)
    for UNDO_HOURS, and the log shows both the removal and the undo."""
    users = users_covered(assignment)
    # The more time agreed on the requirements it holds goes with them: kept
    # in the event, to put back on undo (or at once, where another assignment
    # of the course still covers her).
    extensions = _extensions_held(assignment)
    # Written first, while the assignment still exists.
    event = _audit_assignment(
        assignment,
        actor=actor,
        action=audit.Action.ASSIGNMENT_REMOVED,
        extensions=extensions,
    )
    assignment.delete()
    # Removing the earliest of two assignments of a course moves her date.
    email_after_commit(sync_requirements(users))
    if _put_back_extensions(course_id=assignment.course_id, extensions=extensions):
        sync_requirements(users)  # her agreed date again: nothing to tell her
    return event


@transaction.atomic
def restore_assignment(*, scope: Scope, by, removal) -> Assignment:
    """Undo a removal (an ASSIGNMENT_REMOVED audit event of her agency) within
    UNDO_HOURS: the same course, people, due date and renewal period. People
    are not emailed again: for them nothing changed."""
    if (
        removal.action != audit.Action.ASSIGNMENT_REMOVED
        or removal.agency_id != scope.agency.pk
    ):
        raise AgencyError(gettext("There is no removal to undo here."))
    if removal.when < timezone.now() - datetime.timedelta(hours=UNDO_HOURS):
        raise AgencyError(
            gettext(
                "Removals can be undone for %(hours)s hours. Assign the course "
                "again instead."
            )
            % {"hours": UNDO_HOURS}
        )
    details = removal.details
    if AuditEvent.objects.filter(
        action=audit.Action.ASSIGNMENT_CREATED,
        agency_id=scope.agency.pk,
        details__restores=removal.pk,
    ).exists():
        raise AgencyError(gettext("This removal has already been undone."))
    course = CoursePage.objects.filter(pk=details.get("course_id")).first()
    if course is None or not course.live:
        raise AgencyError(
            gettext("That course is no longer published, so it cannot be put back.")
        )
    team = membership = None
    if details.get("team_id"):
        team = scope.teams().filter(pk=details["team_id"]).first()
        if team is None:
            raise AgencyError(gettext("That team is not one of yours any more."))
    elif details.get("user_id"):
        membership = scope.memberships().filter(user_id=details["user_id"]).first()
        if membership is None:
            raise AgencyError(gettext("That person is no longer one of your staff."))
    elif not scope.whole_agency:
        raise AgencyError(
            gettext("Only a manager of the whole agency can put this back.")
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                agency=scope.agency,
                team=team,
                user=membership.user if membership else None,
                course=course,
                due_date=datetime.date.fromisoformat(details["due_date"]),
                renew_every_months=details.get("renew_every_months"),
                assigned_by=by,
            )
    except IntegrityError as error:
        raise AgencyError(
            gettext(
                "This course has been assigned to them again since, so there is "
                "nothing to undo."
            )
        ) from error
    users = users_covered(assignment)
    sync_requirements(users)
    extensions = details.get("extensions") or []
    if _put_back_extensions(course_id=course.pk, extensions=extensions):
        sync_requirements(users)
    _audit_assignment(
        assignment,
        actor=by,
        action=audit.Action.ASSIGNMENT_CREATED,
        restores=removal.pk,
    )
    return assignment


def _extensions_held(assignment: Assignment) -> list[dict]:
    """The requirements of this assignment with more time agreed: whose, the
    date agreed, and her requests for more time (deleted with them)."""
    held = Requirement.objects.filter(
        assignment=assignment, extended_to__isnull=False
    ).prefetch_related("extension_requests")
    return [
        {
            "user_id": requirement.user_id,
            "extended_to": requirement.extended_to.isoformat(),
            "requests": [
                {
                    "requested_date": extension.requested_date.isoformat(),
                    "status": extension.status,
                    "agreed_date": extension.agreed_date
                    and extension.agreed_date.isoformat(),
                    "decided_by_id": extension.decided_by_id,
                    "decided_at": extension.decided_at
                    and extension.decided_at.isoformat(),
                }
                for extension in sorted(
                    requirement.extension_requests.all(), key=lambda e: e.created_at
                )
            ],
        }
        for requirement in held
    ]


def _put_back_extensions(*, course_id: int, extensions: list[dict]) -> bool:
    """Give each person her agreed date (and her requests) back on her
    requirement of the course, where she has one again; True if any was put
    back (her due date is then brought in line by `sync_requirements`)."""
    put_back = False
    for held in extensions:
        requirement = Requirement.objects.filter(
            user_id=held["user_id"], course_id=course_id
        ).first()
        extended_to = datetime.date.fromisoformat(held["extended_to"])
        if requirement is None or (
            requirement.extended_to and requirement.extended_to >= extended_to
        ):
            continue
        requirement.extended_to = extended_to
        requirement.save(update_fields=["extended_to"])
        ExtensionRequest.objects.bulk_create(
            [
                ExtensionRequest(
                    requirement=requirement,
                    requested_date=datetime.date.fromisoformat(
                        request["requested_date"]
                    ),
                    status=request["status"],
                    agreed_date=request["agreed_date"]
                    and datetime.date.fromisoformat(request["agreed_date"]),
                    decided_by_id=request["decided_by_id"],
                    decided_at=request["decided_at"]
                    and datetime.datetime.fromisoformat(request["decided_at"]),
                )
                for request in held["requests"]
                if request["status"] != ExtensionRequest.Status.PENDING
            ]
        )
        put_back = True
    return put_back


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


def _audit_assignment(assignment: Assignment, *, actor, action, **details):
    """One audit event for an assignment made, changed or removed, with every
    value it holds (and, for a change, the values before and after)."""
    if assignment.user_id:
        who = assignment.user.full_name or assignment.user.email
    elif assignment.team_id:
        who = f"the {assignment.team.name} team"
    else:
        who = f"everyone in {assignment.agency.name}"
    return audit.record(
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
            "team_id": assignment.team_id,
            "user_id": assignment.user_id,
            "due_date": assignment.due_date,
            "renew_every_months": assignment.renew_every_months,
            **details,
        },
    )
