"""Joining an agency: by invitation or join code, and the join code itself."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts import services as account_services
from audit import services as audit

from ..models import (
    Agency,
    Invitation,
    Membership,
    Team,
    new_join_code,
)
from ..selectors import Scope, invitation_for_token
from .errors import AgencyError
from .requirements import sync_requirements

INVITATION_USED = gettext_lazy(
    "This invitation has already been used. If you accepted it, sign in to "
    "find your courses. If not, ask your manager to send you a new one."
)
INVITATION_CANCELLED = gettext_lazy(
    "This invitation was cancelled by the agency. If you think that is a "
    "mistake, ask your manager to send you a new one."
)
INVITATION_EXPIRED = gettext_lazy(
    "This invitation has expired: invitations work for 14 days. Ask your manager "
    "to send you a new one."
)
INVITATION_UNKNOWN = gettext_lazy(
    "This invitation link does not work. It may have been cancelled or replaced "
    "by a newer one, or not copied in full. Ask your manager to send you a new one."
)


class AccountExists(AgencyError):
    """The invited address has an account already: she signs in instead."""


def _join(*, user, agency: Agency, team: Team | None, via: str) -> Membership:
    existing = Membership.objects.filter(user=user).select_related("agency").first()
    if existing and existing.agency_id != agency.pk:
        raise AgencyError(
            gettext(
                "You are already a member of %(agency)s. To move to "
                "%(new_agency)s, ask Kairos to move your account."
            )
            % {"agency": existing.agency.name, "new_agency": agency.name}
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
    return (
        invitation.accepted_at is None
        and invitation.cancelled_at is None
        and invitation.expires_at > timezone.now()
    )


def invitation_problem(invitation: Invitation | None) -> str:
    """Why this invitation cannot be accepted, in words for her; "" if it can."""
    if invitation is None:
        return INVITATION_UNKNOWN
    if invitation.accepted_at:
        return INVITATION_USED
    if invitation.cancelled_at:
        return INVITATION_CANCELLED
    if invitation.expires_at <= timezone.now():
        return INVITATION_EXPIRED
    return ""


def _open_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("agency", "team").filter(token=token).first()
    )
    if problem := invitation_problem(invitation):
        raise AgencyError(problem)
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    invitation = _open_invitation(token)
    if invitation.email.casefold() != user.email.casefold():
        raise AgencyError(
            gettext(
                "This invitation was sent to %(email)s. Sign in with that "
                "address to accept it."
            )
            % {"email": invitation.email}
        )
    # Open in the write's own statement: used or cancelled a moment ago, it
    # updates nothing.
    used = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not used:
        raise AgencyError(invitation_problem(invitation_for_token(token)))
    return _join(
        user=user, agency=invitation.agency, team=invitation.team, via="invitation"
    )


@transaction.atomic
def create_account_and_join(*, token: str, full_name: str, password: str):
    """A new person accepts an invitation in one step: her account is made with
    the invited address (never one she typed: the emailed link proves this
    address is hers, so no second email is needed) and she joins the agency.

    All or nothing: if the invitation cannot be accepted, no account is left
    behind. Raises AccountExists when the address has an account already (she
    signs in instead), AgencyError when the invitation cannot be used.
    Returns the new membership; its `user` is the new account."""
    invitation = _open_invitation(token)
    user = account_services.sign_up(
        full_name=full_name, email=invitation.email, password=password
    )
    if user is None:
        raise AccountExists(
            gettext(
                "You already have an account with this address. Sign in to accept "
                "the invitation."
            )
        )
    return accept_invitation(token=token, user=user)


@transaction.atomic
def join_with_code(*, user, code: str) -> Membership:
    code = "".join(code.split()).upper()
    agency = Agency.objects.filter(join_code=code).first() if code else None
    if agency is None:
        raise AgencyError(
            gettext(
                "That join code does not match any agency. Check it with your manager."
            )
        )
    return _join(user=user, agency=agency, team=None, via="join code")


@transaction.atomic
def rotate_join_code(*, scope: Scope, by) -> str:
    """Give the agency a new join code: the old one stops working at once.
    The log keeps the old code (it no longer lets anyone in), never the new."""
    if not scope.whole_agency:
        raise AgencyError(
            gettext("Only a manager of the whole agency can change its code.")
        )
    agency = Agency.objects.select_for_update().get(pk=scope.agency.pk)
    previous = agency.join_code
    agency.join_code = new_join_code()
    agency.save(update_fields=["join_code"])
    scope.agency.join_code = agency.join_code
    _audit_join_code(
        agency, actor=by, action=audit.Action.JOIN_CODE_ROTATED, old_code=previous
    )
    return agency.join_code


@transaction.atomic
def show_join_code(*, scope: Scope, by) -> str | None:
    """The join code for her page, with a record that she saw it (anyone who
    reads it can join the agency); None, and nothing recorded, for a manager
    of some teams only, who is not shown it."""
    code = scope.join_code
    if code is None:
        return None
    _audit_join_code(scope.agency, actor=by, action=audit.Action.JOIN_CODE_VIEWED)
    return code


def _audit_join_code(agency: Agency, *, actor, action, **details) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=agency,
        target_label=f"Join code of {agency.name}",
        agency=agency,
        details=details,
    )
