"""Her data: what is held and why, her export, and erasing her account. Every
view works on request.user and nothing else: there is no address here that
names anyone, so nobody, an administrator included, can reach another
person's data through these pages."""

import json

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from core.forms import posted

from . import selectors, services
from .forms import EraseAccountForm


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _policy_context(user) -> dict:
    return {
        "retention_days": settings.INACTIVE_ACCOUNT_RETENTION_DAYS,
        "retention_period": services.retention_period(
            settings.INACTIVE_ACCOUNT_RETENTION_DAYS
        ),
        "warning_days": settings.INACTIVE_ACCOUNT_WARNING_DAYS,
        "can_erase": not roles.has_admin_access(user),
    }


@require_GET
@login_required
def index(request):
    return _private(
        render(request, "privacy/index.html", _policy_context(request.user))
    )


@never_cache
@require_GET
@login_required
def view_export(request):
    return _private(
        render(
            request,
            "privacy/view.html",
            {"data": selectors.export_for(request.user)},
        )
    )


@require_GET
@login_required
def export_json(request):
    services.record_export(request.user)
    # Labels are in her language, and may be lazy translations: the encoder
    # writes them out as text.
    content = json.dumps(
        selectors.export_for(request.user),
        ensure_ascii=False,
        indent=2,
        cls=DjangoJSONEncoder,
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"my-kairos-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def erase(request):
    context = _policy_context(request.user)
    if not context["can_erase"]:
        status = 403 if request.method == "POST" else 200
        return _private(render(request, "privacy/erase.html", context, status=status))
    form = EraseAccountForm(posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_account(
                request.user,
                reason=services.SELF_SERVICE_REASON,
                actor=request.user,
            )
        except services.ErasureRefused as refused:
            form.add_error(None, refused.message)
        else:
            logout(request)
            return redirect("privacy:goodbye")
    return _private(render(request, "privacy/erase.html", {**context, "form": form}))


@require_GET
def goodbye(request):
    return render(request, "privacy/goodbye.html")
