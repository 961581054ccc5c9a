"""Who may see whom: a manager's scope (cached until who manages what changes)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db.models import (
    Q,
    QuerySet,
)
from django.urls import reverse

from audit.models import AuditEvent
from core import generations

from ..models import Agency, Assignment, Invitation, Membership, Requirement, Team


@dataclass(frozen=True)
class Scope:
    """What a manager may see: her agency, or only the teams she manages."""

    agency: Agency
    team_ids: frozenset[int] | None = None  # None: the whole agency

    @property
    def whole_agency(self) -> bool:
        return self.team_ids is None

    def memberships(self) -> QuerySet[Membership]:
        memberships = Membership.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            memberships = memberships.filter(team_id__in=self.team_ids)
        return memberships

    def requirements(self) -> QuerySet[Requirement]:
        # Only people who are still members: someone who left is nobody's to see.
        requirements = Requirement.objects.filter(
            agency=self.agency, user__membership__agency=self.agency
        )
        if self.team_ids is not None:
            requirements = requirements.filter(
                user__membership__team_id__in=self.team_ids
            )
        return requirements

    def teams(self) -> QuerySet[Team]:
        teams = Team.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            teams = teams.filter(pk__in=self.team_ids)
        return teams

    @cached_property
    def team_list(self) -> list[Team]:
        """Her teams by name, read once (and kept with the cached scope)."""
        return list(self.teams().order_by("name"))

    def invitations(self) -> QuerySet[Invitation]:
        # A team-less invitation is for the whole agency: only its manager's.
        invitations = Invitation.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            invitations = invitations.filter(team_id__in=self.team_ids)
        return invitations

    def assignments(self) -> QuerySet[Assignment]:
        """Assignments to her teams or to people in them (all of them, for the
        whole agency)."""
        assignments = Assignment.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            assignments = assignments.filter(
                Q(team_id__in=self.team_ids)
                | Q(user__membership__team_id__in=self.team_ids)
            )
        return assignments

    @property
    def join_code(self) -> str | None:
        """The agency's join code, shown only to a manager of the whole agency:
        people who join with it belong to no team, so to nobody else's scope."""
        return self.agency.join_code if self.whole_agency else None


def agency_of_user(user_id: int) -> tuple[int, str] | None:
    """The agency a person belongs to, as (id, name), or None (one query)."""
    return (
        Agency.objects.filter(memberships__user_id=user_id)
        .values_list("pk", "name")
        .first()
    )


# Who manages what changes when a membership, team or agency is saved or deleted
# or a manager's teams change (agencies/apps.py moves this generation on).
SCOPES = "agencies:scopes"
NO_SCOPE = "none"


def scopes_changed(*args, **kwargs) -> None:
    generations.bump(SCOPES)


def manager_scope(user) -> Scope | None:
    """The manager's scope, or None for anyone who manages nothing. Read once
    per request and kept in the shared cache until a membership, team or
    agency changes."""
    if not user.is_authenticated:
        return None
    joined = int(user.date_joined.timestamp()) if user.date_joined else 0
    key = f"agencies:scope:{generations.current(SCOPES)}:{user.pk}:{joined}"
    scope = cache.get(key)
    if scope is None:
        membership = (
            Membership.objects.select_related("agency")
            .filter(user=user, role=Membership.Role.MANAGER)
            .first()
        )
        scope = NO_SCOPE if membership is None else scope_of(membership)
        if scope is not NO_SCOPE:
            _ = scope.team_list  # read now, so the cached scope carries it
        cache.set(key, scope, 60 * 60)
    return None if scope == NO_SCOPE else scope


def scope_of(membership: Membership) -> Scope:
    """A manager's membership as what she may see."""
    team_ids = frozenset(membership.managed_teams.values_list("pk", flat=True))
    return Scope(agency=membership.agency, team_ids=team_ids or None)


def membership_in_scope(scope: Scope, membership_id: int) -> Membership | None:
    return (
        scope.memberships()
        .select_related("user", "team")
        .filter(pk=membership_id)
        .first()
    )


def manages_anyone(user) -> bool:
    """Whether she manages her agency or some of its teams."""
    return manager_scope(user) is not None


def manager_landing(user) -> str | None:
    """Where a manager lands after signing in: her agency's dashboard (None for
    anyone who manages nothing, who lands on My learning)."""
    if manager_scope(user) is None:
        return None
    return reverse("agencies:dashboard")


def removal_in_scope(scope: Scope, event_id: int) -> AuditEvent | None:
    """A removal of an assignment within her scope, from the audit log (what
    "Undo" puts back), or None. A team manager sees only removals of her
    teams' and her staff's assignments."""
    removal = AuditEvent.objects.filter(
        pk=event_id,
        agency_id=scope.agency.pk,
        action=AuditEvent.Action.ASSIGNMENT_REMOVED,
    ).first()
    if removal is None or scope.whole_agency:
        return removal
    team_id, user_id = removal.details.get("team_id"), removal.details.get("user_id")
    if team_id and team_id in scope.team_ids:
        return removal
    if user_id and scope.memberships().filter(user_id=user_id).exists():
        return removal
    return None


def managers_of(membership: Membership) -> list:
    """The people who manage her: her agency's managers of the whole agency,
    and the managers of her team. Active accounts only."""
    whole_agency = Q(managed_teams__isnull=True)
    her_team = Q(managed_teams=membership.team_id) if membership.team_id else Q()
    managers = (
        Membership.objects.filter(
            agency_id=membership.agency_id,
            role=Membership.Role.MANAGER,
            user__is_active=True,
        )
        .exclude(user_id=membership.user_id)
        .filter(whole_agency | her_team if membership.team_id else whole_agency)
        .select_related("user")
        .distinct()
    )
    return [manager.user for manager in managers]
