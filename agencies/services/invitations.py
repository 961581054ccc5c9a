"""Invitations: one at a time, or many from a CSV file."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from audit import services as audit
from core.constraints import NUL
from core.uploads import UploadRefused, read_text_upload

from .. import tasks
from ..models import (
    Invitation,
    Membership,
    Team,
)
from ..selectors import Scope
from .errors import AgencyError

INVITATION_DAYS = 14
MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 5000
# A line holds a name (150), an address (254) and a team: far less than this.
MAX_CSV_LINE_CHARS = 2000


class Outcome:
    INVITED = "invited"
    ALREADY_INVITED = "already invited"
    ALREADY_MEMBER = "already a member"


# Why a line of an upload was skipped, in the manager's language.
OUTCOME_WORDS = {
    Outcome.ALREADY_INVITED: gettext_lazy("already invited"),
    Outcome.ALREADY_MEMBER: gettext_lazy("already a member"),
}


def invite(
    *,
    scope: Scope,
    by,
    email: str,
    full_name: str,
    team: Team | None,
    csv_line: int | None = None,
):
    """Invite one person. Inviting someone already invited, or already a
    member, does nothing (and says so). `csv_line`: the line of an uploaded
    CSV file she was invited from, kept in the log."""
    email = email.strip()
    full_name = " ".join(full_name.split())
    try:
        validate_email(email)
    except ValidationError as error:
        raise AgencyError(gettext("Enter a valid email address.")) from error
    if not full_name:
        raise AgencyError(gettext("Enter the person's full name."))
    if NUL in full_name or NUL in email:
        # The single-invite form refuses it too; the database would as well.
        raise AgencyError(
            gettext(
                "This line has an invisible NUL character. Type the name and "
                "address again."
            )
        )
    if len(full_name) > Invitation._meta.get_field("full_name").max_length:
        raise AgencyError(gettext("Enter a full name of up to 150 characters."))
    if len(email) > Invitation._meta.get_field("email").max_length:
        raise AgencyError(gettext("Enter a valid email address."))
    if team is not None and not scope.teams().filter(pk=team.pk).exists():
        raise AgencyError(gettext("Choose one of your own teams."))
    if team is None and not scope.whole_agency:
        raise AgencyError(gettext("Choose which of your teams they will join."))
    if Membership.objects.filter(
        agency=scope.agency, user__email__iexact=email
    ).exists():
        return Outcome.ALREADY_MEMBER, None
    open_invitation = Invitation.objects.filter(
        agency=scope.agency,
        email__iexact=email,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
    ).first()
    if open_invitation and open_invitation.expires_at > timezone.now():
        return Outcome.ALREADY_INVITED, open_invitation
    expired = open_invitation.pk if open_invitation else None
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
        details = {} if csv_line is None else {"via": "CSV", "csv_line": csv_line}
        if expired:
            details["replaces_expired_invitation"] = expired
        _audit_invitation(
            invitation, actor=by, action=audit.Action.INVITATION_SENT, **details
        )
        _send_after_commit(invitation)
    return Outcome.INVITED, invitation


def _pending(scope: Scope, invitation_id: int) -> Invitation:
    """Her scope's invitation, still waiting to be accepted, locked for the
    change; AgencyError if it was accepted or cancelled meanwhile."""
    invitation = (
        scope.invitations()
        .select_related("agency", "team")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise AgencyError(gettext("There is no such invitation."))
    if invitation.accepted_at:
        raise AgencyError(
            gettext("%(email)s has already accepted this invitation.")
            % {"email": invitation.email}
        )
    if invitation.cancelled_at:
        raise AgencyError(gettext("This invitation has already been cancelled."))
    return invitation


@transaction.atomic
def resend_invitation(*, scope: Scope, by, invitation_id: int) -> Invitation:
    """Email the invitation again, with its link good for another
    INVITATION_DAYS days from now (an expired one works again)."""
    invitation = _pending(scope, invitation_id)
    expires_at = timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
    # Still open in the write's own statement.
    if not Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(expires_at=expires_at):
        raise AgencyError(
            gettext("This invitation was accepted or cancelled a moment ago.")
        )
    previous, invitation.expires_at = invitation.expires_at, expires_at
    _audit_invitation(
        invitation,
        actor=by,
        action=audit.Action.INVITATION_RESENT,
        expires_at={"from": previous, "to": expires_at},
    )
    _send_after_commit(invitation)
    return invitation


@transaction.atomic
def cancel_invitation(*, scope: Scope, by, invitation_id: int) -> Invitation:
    """Withdraw an invitation: its link says it was cancelled, and the person
    can be invited again."""
    invitation = _pending(scope, invitation_id)
    now = timezone.now()
    if not Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now, cancelled_by=by):
        raise AgencyError(
            gettext("This invitation was accepted or cancelled a moment ago.")
        )
    invitation.cancelled_at, invitation.cancelled_by = now, by
    _audit_invitation(invitation, actor=by, action=audit.Action.INVITATION_CANCELLED)
    return invitation


def _send_after_commit(invitation: Invitation) -> None:
    """Email it once the change is committed. Each sending has its own key
    (the link's new expiry), so the task sends once however often it runs,
    and sending again sends a new email."""
    version = f"until:{invitation.expires_at.isoformat()}"
    # The manager's language now, for someone who has no account to say hers.
    language = get_language() or ""
    transaction.on_commit(
        lambda: tasks.send_invitation.enqueue(invitation.pk, version, language)
    )


def _audit_invitation(invitation: Invitation, *, actor, action, **details) -> None:
    """One audit event for an invitation sent, sent again or cancelled. The
    person invited may have no account: her name and address go in the
    details, not the label (the label of an event about no account is shown
    in the manager's own data download)."""
    team = f" ({invitation.team.name} team)" if invitation.team_id else ""
    audit.record(
        actor=actor,
        action=action,
        target=invitation,
        target_label=f"Invitation to join {invitation.agency.name}{team}",
        agency=invitation.agency_id,
        details={
            "email": invitation.email,
            "full_name": invitation.full_name,
            "team": invitation.team.name if invitation.team_id else None,
            "expires_at": invitation.expires_at,
            **details,
        },
    )


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
            gettext(
                "Line %(line)s could not be read as CSV. Save the file as "
                "CSV (UTF-8) and upload it again."
            )
            % {"line": reader.line_num}
        ) from error
    if not {"full_name", "email"} <= headers:
        raise AgencyError(
            gettext(
                "The first line must name the columns: full_name, email and, "
                "optionally, team."
            )
        )
    teams = {team.name.casefold(): team for team in scope.teams()}
    seen: set[str] = set()
    for count, (number, raw) in enumerate(rows, start=1):
        if count > MAX_CSV_ROWS:
            report.errors.append(
                (
                    number,
                    gettext("Only %(rows)s rows are read at once.")
                    % {"rows": MAX_CSV_ROWS},
                )
            )
            break
        extra = [value for value in raw.pop(None, None) or [] if value.strip()]
        row = {(key or "").strip().lower(): (value or "") for key, value in raw.items()}
        if extra:
            report.errors.append(
                (
                    number,
                    gettext("This line has more values than the first line has names."),
                )
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
                    (
                        number,
                        gettext("There is no team called “%(team)s”.")
                        % {"team": team_name},
                    )
                )
                continue
        if email.casefold() in seen:
            report.skipped.append(
                (number, email, gettext("appears earlier in the file"))
            )
            continue
        try:
            outcome, _ = invite(
                scope=scope,
                by=by,
                email=email,
                full_name=row.get("full_name", ""),
                team=team,
                csv_line=number,
            )
        except AgencyError as error:
            report.errors.append((number, error.message))
            continue
        seen.add(email.casefold())
        if outcome == Outcome.INVITED:
            report.invited.append(email)
        else:
            report.skipped.append((number, email, str(OUTCOME_WORDS[outcome])))
    return report
