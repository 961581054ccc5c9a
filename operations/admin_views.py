"""The "Background tasks" page in the Wagtail admin, for superusers only: failed
tasks with their error, and a button that runs one again."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services


def superusers_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            return TemplateResponse(
                request,
                "operations/admin/forbidden.html",
                {"page_title": "No access"},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@superusers_only
def background_tasks(request):
    database_backend = services.uses_database_backend()
    return TemplateResponse(
        request,
        "operations/admin/background_tasks.html",
        {
            "page_title": "Background tasks",
            "database_backend": database_backend,
            "failed": selectors.failed_tasks() if database_backend else [],
        },
    )


@require_POST
@superusers_only
def run_again(request, result_id):
    try:
        retry = services.retry_failed_task(result_id=result_id, by=request.user)
    except services.RetryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{retry.task_path} has been queued to run again.")
    return redirect("operations_admin:background_tasks")
