"""Certificates in the Wagtail admin: find any certificate, inspect it, download
it, revoke it with a reason, reissue it, or render its PDF again.

Certificates are issued by the platform only: nobody adds, edits or deletes one
in the admin. Viewing needs `view_certificate`; the actions `revoke_certificate`
(both granted to the Trainers group by migration).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from core.filters import ModelChoiceFilter
from courses.models import CoursePage
from courses.rules import RENEWAL_WINDOW_DAYS

from . import selectors, services
from .admin_actions import ReissueView, RerenderView, RevokeView
from .models import Certificate

STATUS_CHOICES = [
    ("valid", pgettext_lazy("certificate", "Valid")),
    (
        "expiring",
        gettext_lazy("Expires within %(days)s days") % {"days": RENEWAL_WINDOW_DAYS},
    ),
    ("expired", pgettext_lazy("certificate", "Expired")),
    ("revoked", pgettext_lazy("certificate", "Revoked")),
    ("awaiting_pdf", gettext_lazy("PDF not ready")),
]


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Certificates are never added, edited or deleted by hand."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


def _status_filter(queryset, name, value):
    return selectors.with_status(queryset, value)


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=STATUS_CHOICES, method=_status_filter
    )
    course = ModelChoiceFilter(
        label=gettext_lazy("Course"), queryset=CoursePage.objects.order_by("title")
    )
    issued_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Issued between")
    )
    # Which people completed which version of a course.
    version_published = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Course version published between"),
        field_name="completion__version_published_at",
    )
    version = django_filters.CharFilter(
        label=gettext_lazy("Course version fingerprint"),
        field_name="completion__fingerprint",
        lookup_expr="startswith",
        help_text=gettext_lazy(
            "The first characters shown beside the version, e.g. 3f9a1c0b2d4e."
        ),
    )

    class Meta:
        model = Certificate
        fields = ["status", "course", "issued_at", "version_published", "version"]


class StatusColumn(Column):
    def get_value(self, instance):
        if instance.status == Certificate.Status.VALID and instance.expires_soon:
            return _("Valid, expires soon")
        label = instance.status.label
        if instance.is_ready or instance.revoked_at:
            return label
        return _("%(status)s (PDF not ready)") % {"status": label}


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course", "completion")


class CertificateInspectView(InspectView):
    @property
    def header_more_buttons(self):
        buttons = []
        pk = self.object.pk
        if self.object.is_ready:
            buttons.append(
                Button(
                    _("Download PDF"),
                    url=reverse("certificates:download", args=[pk]),
                    icon_name="download",
                    priority=10,
                )
            )
        if self.request.user.has_perm("certificates.revoke_certificate"):
            if not self.object.revoked_at:
                buttons.append(
                    Button(
                        _("Revoke"),
                        url=reverse("certificates_admin:revoke", args=[pk]),
                        icon_name="cross",
                        priority=20,
                    )
                )
            buttons.append(
                Button(
                    _("Reissue"),
                    url=reverse("certificates_admin:reissue", args=[pk]),
                    icon_name="repeat",
                    priority=30,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_act"] = self.request.user.has_perm(
            "certificates.revoke_certificate"
        )
        return context

    def get_status_display_value(self):
        return StatusColumn("status").get_value(self.object)

    def get_revoked_by_display_value(self):
        by = self.object.revoked_by
        return (by.full_name or by.email) if by else "-"

    def get_pdf_display_value(self):
        if self.object.is_ready:
            return _("Rendered %(when)s") % {
                "when": date_format(
                    timezone.localtime(self.object.rendered_at), "j F Y H:i"
                )
            }
        if self.object.render_failed_at:
            return _("Rendering failed; it will be tried again automatically.")
        return _("Being prepared")


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    add_to_admin_menu = True
    menu_order = 300
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_template_name = "certificates/admin/inspect.html"
    filterset_class = CertificateFilterSet
    search_fields = ["reference", "learner_name", "course_title", "user__email"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "reference",
        "learner_name",
        "course_title",
        DateColumn("completed_at", label=gettext_lazy("Completed")),
        Column("course_version", label=gettext_lazy("Course version")),
        StatusColumn("status", label=gettext_lazy("Status")),
        DateColumn("issued_at", label=gettext_lazy("Issued")),
    ]
    inspect_view_fields = [
        "reference",
        "status",
        "learner_name",
        "course_title",
        "course_title_welsh",
        "language",
        "cpd_hours",
        "completed_at",
        "course_version",
        "issued_at",
        "expires_on",
        "pdf",
        "render_error",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
        "reissue_of",
    ]

    def get_urlpatterns(self):
        # Only finding and inspecting: no add, edit or delete views exist.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            path("<id:pk>/revoke/", RevokeView.as_view(), name="revoke"),
            path("<id:pk>/reissue/", ReissueView.as_view(), name="reissue"),
            path("<id:pk>/render/", RerenderView.as_view(), name="render"),
            path("design-sample.pdf", design_sample, name="design_sample"),
        ]


@require_GET
@never_cache
@xframe_options_sameorigin  # shown on the certificate design's settings page
def design_sample(request):
    """The certificate design as saved, on a sample certificate: for whoever may
    edit the design (the permission Wagtail's settings page asks for)."""
    if not request.user.has_perm("certificates.change_certificatesettings"):
        raise PermissionDenied
    response = HttpResponse(services.sample_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="sample-certificate.pdf"'
    return response
