"""Kairos admins set up agencies in the Wagtail admin: agencies, their teams, and
who manages what. People join by invitation or join code; here an admin can move
someone to a team or make her a manager."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from audit import services as audit  # audit log (issue 6)
from core.filters import id_checked_filterset

from . import services
from .models import Agency, Membership, Team


class MembershipDeleteView(DeleteView):
    """Someone leaving an agency takes her requirements with her."""

    @transaction.atomic
    def delete_action(self):
        user_id = self.object.user_id
        # Audit log (issue 6): written first, in the same transaction.
        services.audit_membership(
            self.object,
            actor=self.request.user,
            action=audit.Action.MEMBERSHIP_REMOVED,
            team=self.object.team.name if self.object.team_id else None,
            role=self.object.role,
        )
        super().delete_action()
        services.sync_requirements([user_id])


class TeamDeleteView(DeleteView):
    """A team's own assignments go with it; its members keep what the agency
    or they themselves were assigned."""

    @transaction.atomic
    def delete_action(self):
        team = self.object
        user_ids = list(team.members.values_list("user_id", flat=True))
        audit.record(  # audit log (issue 6)
            actor=self.request.user,
            action=audit.Action.TEAM_DELETED,
            target=team,
            target_label=f"{team.name}, {team.agency.name}",
            agency=team.agency,
            details={
                "members": len(user_ids),
                "assignments": team.assignments.count(),
            },
        )
        super().delete_action()
        services.sync_requirements(user_ids)


class AgencyDeleteView(DeleteView):
    """Deleting an agency takes its teams, memberships, assignments and
    requirements with it; the audit log keeps its name and what went."""

    @transaction.atomic
    def delete_action(self):
        agency = self.object
        audit.record(  # audit log (issue 6)
            actor=self.request.user,
            action=audit.Action.AGENCY_DELETED,
            target=agency,
            agency=agency,
            details={
                "teams": agency.teams.count(),
                "members": agency.memberships.count(),
                "assignments": agency.assignments.count(),
            },
        )
        super().delete_action()


def _audit_saved(view, instance, *, action, before: dict | None) -> None:
    """An agency or team added or changed in the admin: what it holds now, or
    what changed (nothing written when nothing did)."""
    after = view.audited_fields(instance)
    if before is None:
        details = after
    else:
        details = audit.before_and_after(before, after)
        if not details["after"]:
            return
    audit.record(
        actor=view.request.user,
        action=action,
        target=instance,
        agency=instance if isinstance(instance, Agency) else instance.agency,
        target_label=view.audited_label(instance),
        details=details,
    )


class AuditedCreateView(CreateView):
    """Adding a row is written to the audit log, in the same transaction."""

    audit_action = ""

    def save_instance(self):
        instance = super().save_instance()
        _audit_saved(self, instance, action=self.audit_action, before=None)
        return instance


class AuditedEditView(EditView):
    """Changing a row is written to the audit log, with before and after."""

    audit_action = ""

    def save_instance(self):
        before = self.audited_fields(type(self.object).objects.get(pk=self.object.pk))
        instance = super().save_instance()
        _audit_saved(self, instance, action=self.audit_action, before=before)
        return instance


class _AgencyAudit:
    def audited_fields(self, agency: Agency) -> dict:
        return {"name": agency.name, "kind": agency.kind, "region": agency.region}

    def audited_label(self, agency: Agency) -> str:
        return agency.name


class _TeamAudit:
    def audited_fields(self, team: Team) -> dict:
        return {"name": team.name, "agency": team.agency.name}

    def audited_label(self, team: Team) -> str:
        return f"{team.name}, {team.agency.name}"


class AgencyCreateView(_AgencyAudit, AuditedCreateView):
    audit_action = audit.Action.AGENCY_CREATED


class AgencyEditView(_AgencyAudit, AuditedEditView):
    audit_action = audit.Action.AGENCY_CHANGED


class TeamCreateView(_TeamAudit, AuditedCreateView):
    audit_action = audit.Action.TEAM_CREATED


class TeamEditView(_TeamAudit, AuditedEditView):
    audit_action = audit.Action.TEAM_CHANGED


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "group"
    add_view_class = AgencyCreateView
    edit_view_class = AgencyEditView
    delete_view_class = AgencyDeleteView
    form_fields = ["name", "kind", "region"]
    list_display = ["name", "kind", "region", "join_code"]
    list_filter = ["kind"]
    search_fields = ["name", "region"]
    search_backend_name = None
    copy_view_enabled = False


class TeamViewSet(ModelViewSet):
    model = Team
    icon = "group"
    add_view_class = TeamCreateView
    edit_view_class = TeamEditView
    delete_view_class = TeamDeleteView
    form_fields = ["agency", "name"]
    list_display = ["name", "agency"]
    filterset_class = id_checked_filterset(Team, ["agency"])
    search_fields = ["name", "agency__name"]
    search_backend_name = None
    copy_view_enabled = False


class MembershipForm(WagtailAdminModelForm):
    class Meta:
        model = Membership
        fields = ["team", "role", "managed_teams"]
        widgets = {"managed_teams": forms.CheckboxSelectMultiple}
        help_texts = {
            "managed_teams": _(
                "For a manager of some teams only. Leave all unticked "
                "for a manager of the whole agency."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(agency_id=self.instance.agency_id)
        self.fields["team"].queryset = teams
        self.fields["managed_teams"].queryset = teams


class MembershipEditView(EditView):
    def save_instance(self):
        before = _membership_state(Membership.objects.get(pk=self.object.pk))  # audit
        membership = super().save_instance()
        services.sync_requirements([membership.user_id])
        # Audit log (issue 6): what changed, if anything did.
        after = _membership_state(membership)
        changes = {
            name: {"from": before[name], "to": after[name]}
            for name in after
            if before[name] != after[name]
        }
        if changes:
            services.audit_membership(
                membership,
                actor=self.request.user,
                action=audit.Action.MEMBERSHIP_CHANGED,
                changes=changes,
            )
        return membership


def _membership_state(membership: Membership) -> dict:
    """Audit log (issue 6): a membership's team, role and managed teams, by name."""
    return {
        "team": membership.team.name if membership.team_id else None,
        "role": membership.role,
        "managed_teams": sorted(team.name for team in membership.managed_teams.all()),
    }


class MembershipPermissionPolicy(ModelPermissionPolicy):
    """People join by invitation or join code, never by hand here."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("People")
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    list_display = ["user", "agency", "team", "role"]
    filterset_class = id_checked_filterset(Membership, ["agency", "role"])
    search_fields = ["user__full_name", "user__email", "agency__name"]
    search_backend_name = None
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return MembershipForm


class AgenciesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Agencies")
    menu_icon = "group"
    menu_order = 260
    items = (AgencyViewSet, TeamViewSet, MembershipViewSet)
