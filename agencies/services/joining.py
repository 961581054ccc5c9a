"""Joining an agency: by invitation or join code, and the join code itself."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit import services as audit  # audit log (issue 6)

from ..models import (
    Agency,
    Invitation,
    Membership,
    Team,
    new_join_code,
)
from ..selectors import Scope
from .errors import AgencyError
from .requirements import sync_requirements


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
