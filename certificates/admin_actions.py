"""What a trainer does to one certificate in the admin: revoke it or reissue it
with a reason, or render its PDF again.

Wagtail generic views with the certificate's permission policy (the
`revoke_certificate` permission, which the Trainers group has): anyone else
meets Wagtail's own permission-denied refusal, before the certificate is looked
up."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .forms import ReasonForm
from .models import Certificate
from .tasks import render_certificate


def inspect_url(certificate: Certificate) -> str:
    return reverse("certificates_admin:inspect", args=[certificate.pk])


class CertificateActionMixin(PermissionCheckedMixin):
    model = Certificate  # its registered policy: CertificatePermissionPolicy
    permission_required = "revoke"

    @cached_property
    def certificate(self) -> Certificate:
        return get_object_or_404(Certificate, pk=self.kwargs["pk"])


class ReasonView(CertificateActionMixin, WagtailAdminTemplateMixin, FormView):
    """A reason, then the action: the record keeps who, when and why."""

    http_method_names = ["get", "post"]
    form_class = ReasonForm
    template_name = "certificates/admin/reason_form.html"
    action = ""
    header_icon = "doc-full"

    def get_page_title(self):
        if self.action == "revoke":
            return _("Revoke certificate")
        return _("Reissue certificate")

    def get_page_subtitle(self):
        return self.certificate.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_admin:index"), "label": _("Certificates")},
            {"url": inspect_url(self.certificate), "label": self.certificate.reference},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            certificate=self.certificate,
            action=self.action,
            inspect_url=inspect_url(self.certificate),
        )
        return context

    def form_valid(self, form):
        try:
            return self.act(form.cleaned_data["reason"])
        except services.CertificateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)

    def act(self, reason: str):
        raise NotImplementedError


class RevokeView(ReasonView):
    action = "revoke"

    def act(self, reason: str):
        certificate = self.certificate
        services.revoke(certificate=certificate, by=self.request.user, reason=reason)
        messages.success(
            self.request,
            _("Certificate %(reference)s revoked.")
            % {"reference": certificate.reference},
        )
        return redirect(inspect_url(certificate))


class ReissueView(ReasonView):
    action = "reissue"

    def act(self, reason: str):
        certificate = self.certificate
        replacement = services.reissue(
            certificate=certificate, by=self.request.user, reason=reason
        )
        messages.success(
            self.request,
            _("Certificate %(old)s replaced by %(new)s.")
            % {"old": certificate.reference, "new": replacement.reference},
        )
        return redirect(inspect_url(replacement))


class RerenderView(CertificateActionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        certificate = self.certificate
        render_certificate.enqueue(certificate.pk, force=True)
        messages.success(
            request,
            _("The PDF for %(reference)s is being rendered again.")
            % {"reference": certificate.reference},
        )
        return redirect(inspect_url(certificate))
