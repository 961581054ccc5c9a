"""The audit log in the Wagtail admin, under Reports: find events, inspect one,
download the filtered list. Nothing here adds, edits or deletes an event.

Who may see it: superusers, and anyone given "Can view audit event" (a group
permission in Settings > Groups). Trainers do not have it by default: the log
shows what managers and trainers did, not learning content.
"""

from __future__ import annotations

import datetime
import json

import django_filters
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.filters import ModelChoiceFilter
from core.spreadsheets import spreadsheet_safe

from .models import AuditEvent

WHEN_FORMAT = "%-d %B %Y %H:%M"  # 26 November 2026 14:05, Europe/London


def local_when(value: datetime.datetime | None) -> str:
    return f"{timezone.localtime(value):{WHEN_FORMAT}}" if value else ""


def _naive_local(value: datetime.datetime):
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def _json_text(value: dict) -> str:
    return spreadsheet_safe(json.dumps(value, ensure_ascii=False, sort_keys=True))


class AuditPermissionPolicy(ModelPermissionPolicy):
    """Events are only ever viewed: adding, editing and deleting are refused to
    everyone, superusers included."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _actor_search(queryset, name, value):
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(actor_label__icontains=value)


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=AuditEvent.Action.choices,
        empty_label=_("All actions"),
    )
    agency = ModelChoiceFilter(
        label=_("Agency"),
        # The agency model is the one the event points at: the log does not
        # import the app it records for.
        queryset=lambda request: AuditEvent._meta.get_field(
            "agency"
        ).related_model.objects.order_by("name"),
        empty_label=_("All agencies"),
    )
    when = django_filters.DateFromToRangeFilter(label=_("Between"))
    actor = django_filters.CharFilter(
        label=_("Who (name or email)"), method=_actor_search
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "agency", "when", "actor"]


class WhenColumn(Column):
    def get_value(self, instance):
        return local_when(instance.when)


class AuditEventIndexView(IndexView):
    # CSV: times as "26 November 2026 14:05" and text that cannot run as a
    # formula (names are typed by people); XLSX: real (local) times.
    custom_value_preprocess = {
        datetime.datetime: {"csv": local_when, "xlsx": _naive_local},
        dict: {"csv": _json_text, "xlsx": _json_text},
        str: {"csv": spreadsheet_safe},
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("agency")


class AuditEventInspectView(InspectView):
    def get_when_display_value(self):
        return local_when(self.object.when)

    def get_actor_label_display_value(self):
        return self.object.actor_label or "-"

    def get_agency_display_value(self):
        return self.object.agency_name or "-"

    def get_details_display_value(self):
        details = self.object.details or {}
        if not details:
            return "-"
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                (
                    (key.replace("_", " ").capitalize(), _display(value))
                    for key, value in details.items()
                ),
            ),
        )


def _display(value) -> str:
    if isinstance(value, dict):
        return "; ".join(
            f"{key.replace('_', ' ')}: {_display(item)}" for key, item in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_display(item) for item in value) or gettext("none")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or value == "":
        return "-"
    return str(value)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "list-ul"
    menu_label = _("Audit log")
    menu_name = "audit-log"
    menu_hook = "register_reports_menu_item"
    menu_order = 900
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AuditEventIndexView
    inspect_view_class = AuditEventInspectView
    filterset_class = AuditEventFilterSet
    search_fields = ["actor_label", "target_label"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        WhenColumn("when", label=_("When"), sort_key="when"),
        Column("actor_label", label=_("Who")),
        Column("get_action_display", label=_("Action")),
        Column("target_label", label=_("What")),
        Column("agency_name", label=_("Agency")),
    ]
    inspect_view_fields = [
        "when",
        "actor_label",
        "action",
        "target_label",
        "agency",
        "details",
    ]
    list_export = [
        "when",
        "actor_label",
        "get_action_display",
        "target_label",
        "agency_name",
        "details",
    ]
    export_headings = {
        "when": _("When"),
        "actor_label": _("Who"),
        "get_action_display": _("Action"),
        "target_label": _("What"),
        "agency_name": _("Agency"),
        "details": _("Details"),
    }
    export_filename = "audit-log"

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename="view_auditevent")

    def get_urlpatterns(self):
        # Finding and inspecting only: there are no add, edit, delete, copy,
        # history or usage views to reach.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
        ]
