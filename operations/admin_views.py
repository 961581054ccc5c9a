"""The "Background tasks" page in the Wagtail admin, for superusers only: failed
tasks with their error, and a button that runs one again.

Both views use `accounts.roles.superusers_policy`, so anyone else with admin
access meets Wagtail's own permission-denied refusal."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_tasks_db.models import DBTaskResult
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.roles import superusers_policy

from . import selectors, services


class SuperusersOnlyMixin(PermissionCheckedMixin):
    permission_policy = superusers_policy(DBTaskResult)
    permission_required = "view"


class BackgroundTasksView(SuperusersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    http_method_names = ["get", "head"]
    page_title = gettext_lazy("Background tasks")
    header_icon = "cogs"
    template_name = "operations/admin/background_tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        database_backend = services.uses_database_backend()
        context.update(
            database_backend=database_backend,
            failed=selectors.failed_tasks() if database_backend else [],
        )
        return context


class RunAgainView(SuperusersOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, result_id):
        try:
            retry = services.retry_failed_task(result_id=result_id, by=request.user)
        except services.RetryError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(task)s has been queued to run again.") % {"task": retry.task_path},
            )
        return redirect("operations_admin:background_tasks")
