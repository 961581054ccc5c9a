"""Writes for agencies: people joining, assignments, and reminders."""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit  # audit log (issue 6)
from core.constraints import NUL
from core.uploads import UploadRefused, read_text_upload

from . import records
from .models import (
    Agency,
    Assignment,
    ExtensionRequest,
    Invitation,
    Membership,
    Requirement,
    Team,
    new_join_code,
)
from .selectors import Scope

INVITATION_DAYS = 14
MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 5000
# A line holds a name (150), an address (254) and a team: far less than this.
MAX_CSV_LINE_CHARS = 2000


class AgencyError(Exception):
    """A request that cannot be carried out; the message is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Requirements: what each person must complete ---------------------------------


def sync_requirements(user_ids) -> None:
    """Bring each person's requirements in line with the assignments that cover
    her (her agency's, her team's, her own), keeping the earliest due date for a
    course. Safe to run at any time; running it twice changes nothing."""
    user_ids = set(user_ids)
    if not user_ids:
        return
    memberships = {
        m.user_id: m for m in Membership.objects.filter(user_id__in=user_ids)
    }
    assignments = defaultdict(list)
    for assignment in Assignment.objects.filter(
        agency_id__in={m.agency_id for m in memberships.values()}
    ).order_by("due_date", "pk"):
        assignments[assignment.agency_id].append(assignment)

    wanted: dict[tuple[int, int], tuple[Assignment, datetime.date]] = {}
    for user_id, membership in memberships.items():
        for assignment in assignments[membership.agency_id]:
            covers = (
                (assignment.user_id == user_id)
                or (assignment.team_id and assignment.team_id == membership.team_id)
                or (not assignment.user_id and not assignment.team_id)
            )
            if covers:
                due = _due_for(assignment, membership)
                key = (user_id, assignment.course_id)
                if key not in wanted or due < wanted[key][1]:
                    wanted[key] = (assignment, due)

    existing = {
        (r.user_id, r.course_id): r
        for r in Requirement.objects.filter(user_id__in=user_ids)
    }
    to_create, to_update = [], []
    for key, (assignment, due) in wanted.items():
        values = {
            "agency_id": assignment.agency_id,
            "assignment_id": assignment.pk,
            "due_date": due,
            "renew_every_months": assignment.renew_every_months,
        }
        requirement = existing.get(key)
        if requirement is not None and requirement.extended_to:
            values["due_date"] = max(due, requirement.extended_to)
        if requirement is None:
            to_create.append(Requirement(user_id=key[0], course_id=key[1], **values))
        elif any(getattr(requirement, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(requirement, name, value)
            to_update.append(requirement)
    stale = [r.pk for key, r in existing.items() if key not in wanted]
    with transaction.atomic():
        Requirement.objects.filter(pk__in=stale).delete()
        Requirement.objects.bulk_create(to_create, batch_size=1000)
        Requirement.objects.bulk_update(
            to_update,
            ["agency_id", "assignment_id", "due_date", "renew_every_months"],
            batch_size=1000,
        )
        # Her stored dates, and the renewal period that applies to her, follow
        # every requirement made, changed or removed.
        records.refresh(
            {key for key in wanted if key not in existing}
            | {(r.user_id, r.course_id) for r in to_update}
            | {key for key, r in existing.items() if key not in wanted}
        )


# Someone who joins after a course was assigned gets at least this long.
NEW_JOINER_DAYS = 28


def _due_for(assignment: Assignment, membership: Membership) -> datetime.date:
    """The assignment's due date, or four weeks after she joined if she joined
    after it was assigned and that is later."""
    if membership.joined_at and membership.joined_at > assignment.created_at:
        joined_on = timezone.localdate(membership.joined_at)
        return max(
            assignment.due_date, joined_on + datetime.timedelta(days=NEW_JOINER_DAYS)
        )
    return assignment.due_date


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
    sync_requirements(_users_covered(assignment))
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
    sync_requirements(_users_covered(assignment))
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
    sync_requirements(users)


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


# Joining ------------------------------------------------------------------------


def _join(*, user, agency: Agency, team: Team | None, via: str) -> Membership:
    existing = Membership.objects.filter(user=user).select_related("agency").first()
    if existing and existing.agency_id != agency.pk:
        raise AgencyError(
            f"You are already a member of {existing.agency.name}. To move to "
            f"{agency.name}, ask Kairos to move your account."
        )
    if existing:
        if team and existing.team_id != team.pk and not existing.team_id:
            existing.team = team
            existing.save(update_fields=["team"])
            sync_requirements([user.pk])
            # Audit log (issue 6).
            audit_membership(
                existing,
                actor=user,
                action=audit.Action.MEMBERSHIP_CHANGED,
                via=via,
                changes={"team": {"from": None, "to": team.name}},
            )
        return existing
    membership = Membership.objects.create(user=user, agency=agency, team=team)
    sync_requirements([user.pk])
    # Audit log (issue 6).
    audit_membership(
        membership,
        actor=user,
        action=audit.Action.MEMBERSHIP_ADDED,
        via=via,
        team=team.name if team else None,
        role=membership.role,
    )
    return membership


def audit_membership(membership: Membership, *, actor, action, **details) -> None:
    """Audit log (issue 6): one event for a membership added, changed or removed."""
    user = membership.user
    audit.record(
        actor=actor,
        action=action,
        target=user,
        target_label=f"{audit.person_label(user)}, {membership.agency.name}",
        subject=user,
        agency=membership.agency_id,
        details=details,
    )


def invitation_is_open(invitation: Invitation) -> bool:
    return invitation.accepted_at is None and invitation.expires_at > timezone.now()


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    invitation = (
        Invitation.objects.select_related("agency", "team").filter(token=token).first()
    )
    if invitation is None:
        raise AgencyError("This invitation link is not valid.")
    if invitation.accepted_at:
        raise AgencyError("This invitation has already been used.")
    if invitation.expires_at <= timezone.now():
        raise AgencyError(
            "This invitation has expired. Ask your manager to send a new one."
        )
    if invitation.email.casefold() != user.email.casefold():
        raise AgencyError(
            f"This invitation was sent to {invitation.email}. Sign in with that "
            "address to accept it."
        )
    used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if not used:
        raise AgencyError("This invitation has already been used.")
    return _join(
        user=user, agency=invitation.agency, team=invitation.team, via="invitation"
    )


@transaction.atomic
def join_with_code(*, user, code: str) -> Membership:
    code = "".join(code.split()).upper()
    agency = Agency.objects.filter(join_code=code).first() if code else None
    if agency is None:
        raise AgencyError(
            "That join code does not match any agency. Check it with your manager."
        )
    return _join(user=user, agency=agency, team=None, via="join code")


def rotate_join_code(*, scope: Scope) -> str:
    if not scope.whole_agency:
        raise AgencyError("Only a manager of the whole agency can change its code.")
    agency = scope.agency
    agency.join_code = new_join_code()
    agency.save(update_fields=["join_code"])
    return agency.join_code


# Invitations ------------------------------------------------------------------


class Outcome:
    INVITED = "invited"
    ALREADY_INVITED = "already invited"
    ALREADY_MEMBER = "already a member"


def invite(*, scope: Scope, by, email: str, full_name: str, team: Team | None):
    """Invite one person. Inviting someone already invited, or already a
    member, does nothing (and says so)."""
    email = email.strip()
    full_name = " ".join(full_name.split())
    try:
        validate_email(email)
    except ValidationError as error:
        raise AgencyError("Enter a valid email address.") from error
    if not full_name:
        raise AgencyError("Enter the person's full name.")
    if NUL in full_name or NUL in email:
        # The single-invite form refuses it too; the database would as well.
        raise AgencyError(
            "This line has an invisible NUL character. Type the name and address again."
        )
    if len(full_name) > Invitation._meta.get_field("full_name").max_length:
        raise AgencyError("Enter a full name of up to 150 characters.")
    if len(email) > Invitation._meta.get_field("email").max_length:
        raise AgencyError("Enter a valid email address.")
    if team is not None and not scope.teams().filter(pk=team.pk).exists():
        raise AgencyError("Choose one of your own teams.")
    if team is None and not scope.whole_agency:
        raise AgencyError("Choose which of your teams they will join.")
    if Membership.objects.filter(
        agency=scope.agency, user__email__iexact=email
    ).exists():
        return Outcome.ALREADY_MEMBER, None
    open_invitation = Invitation.objects.filter(
        agency=scope.agency, email__iexact=email, accepted_at__isnull=True
    ).first()
    if open_invitation and open_invitation.expires_at > timezone.now():
        return Outcome.ALREADY_INVITED, open_invitation
    from .tasks import send_invitation

    with transaction.atomic():
        if open_invitation:  # expired: replace it with a fresh one
            open_invitation.delete()
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    agency=scope.agency,
                    team=team,
                    email=email,
                    full_name=full_name,
                    invited_by=by,
                    expires_at=timezone.now()
                    + datetime.timedelta(days=INVITATION_DAYS),
                )
        except IntegrityError:
            return Outcome.ALREADY_INVITED, None
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return Outcome.INVITED, invitation


@dataclass
class ImportReport:
    invited: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_invitations(*, scope: Scope, by, data: bytes) -> ImportReport:
    """Invite everyone in a CSV of full_name, email and (optionally) team.

    Every row is checked: bad rows are reported by line with the reason, good
    rows go through, and uploading the same file again invites nobody twice.
    """
    report = ImportReport()
    try:
        # The whole file: size, encoding, no NUL anywhere, no overlong line.
        text = read_text_upload(
            data, max_bytes=MAX_CSV_BYTES, max_line_chars=MAX_CSV_LINE_CHARS
        )
    except UploadRefused as refused:
        raise AgencyError(refused.message) from None
    reader = csv.DictReader(io.StringIO(text))
    try:
        # Read it all before inviting anyone: a line that is not CSV at all
        # (e.g. a stray quote) rejects the whole file, never half of it.
        headers = {(name or "").strip().lower() for name in reader.fieldnames or []}
        # With the line each row ends on: blank lines are skipped by the reader,
        # so counting rows would give the wrong line after one.
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise AgencyError(
            f"Line {reader.line_num} could not be read as CSV. Save the file as "
            "CSV (UTF-8) and upload it again."
        ) from error
    if not {"full_name", "email"} <= headers:
        raise AgencyError(
            "The first line must name the columns: full_name, email and, "
            "optionally, team."
        )
    teams = {team.name.casefold(): team for team in scope.teams()}
    seen: set[str] = set()
    for count, (number, raw) in enumerate(rows, start=1):
        if count > MAX_CSV_ROWS:
            report.errors.append(
                (number, f"Only {MAX_CSV_ROWS} rows are read at once.")
            )
            break
        extra = [value for value in raw.pop(None, None) or [] if value.strip()]
        row = {(key or "").strip().lower(): (value or "") for key, value in raw.items()}
        if extra:
            report.errors.append(
                (number, "This line has more values than the first line has names.")
            )
            continue
        if not any(value.strip() for value in row.values()):
            continue
        email = row.get("email", "").strip()
        team_name = row.get("team", "").strip()
        team = None
        if team_name:
            team = teams.get(team_name.casefold())
            if team is None:
                report.errors.append(
                    (number, f"There is no team called “{team_name}”.")
                )
                continue
        if email.casefold() in seen:
            report.skipped.append((number, email, "appears earlier in the file"))
            continue
        try:
            outcome, _ = invite(
                scope=scope,
                by=by,
                email=email,
                full_name=row.get("full_name", ""),
                team=team,
            )
        except AgencyError as error:
            report.errors.append((number, error.message))
            continue
        seen.add(email.casefold())
        if outcome == Outcome.INVITED:
            report.invited.append(email)
        else:
            report.skipped.append((number, email, outcome))
    return report


def invitation_url(invitation: Invitation) -> str:
    from django.urls import reverse

    path = reverse("agencies:accept_invitation", kwargs={"token": invitation.token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# More time ------------------------------------------------------------------------


@transaction.atomic
def request_more_time(*, user, requirement_id: int, until: datetime.date):
    """She asks for a later due date; no reason is needed."""
    requirement = Requirement.objects.filter(pk=requirement_id, user=user).first()
    if requirement is None:
        raise AgencyError("That course is not assigned to you.")
    if until <= requirement.due_date:
        raise AgencyError("Choose a date after the current due date.")
    if until > requirement.due_date + datetime.timedelta(days=366):
        raise AgencyError("Choose a date within a year of the current due date.")
    try:
        with transaction.atomic():
            return ExtensionRequest.objects.create(
                requirement=requirement, requested_date=until
            )
    except IntegrityError as error:
        raise AgencyError(
            "You have already asked for more time on this course; your manager "
            "will reply."
        ) from error


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
        raise AgencyError("That request has already been answered.")
    requirement = extension.requirement
    date = agreed_date or extension.requested_date
    if date < timezone.localdate():
        raise AgencyError("Choose a date from today onwards.")
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
    audit.record(  # audit log (issue 6)
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
        },
    )
    return extension
