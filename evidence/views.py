"""Pages for evidence builds: ask for one, watch it build, download it, and
the public page that verifies a pack.

Who may see a build is `selectors.build_for`: anyone else gets 404 for every
build URL, as for the dashboard's other records."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_trainer
from agencies import selectors as agency_selectors
from agencies.models import Agency
from agencies.views.access import manager_required
from agencies.views.dashboard import filters_from_query
from core.forms import posted
from core.ratelimit import rate_limited

from . import selectors, services
from .forms import PackForm
from .models import Build


def _verify_rate():
    return settings.CERTIFICATE_VERIFY_RATE


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _build_or_404(request, pk: int) -> Build:
    build = selectors.build_for(request.user, pk)
    if build is None:
        raise Http404
    return build


def _pack_form_page(request, scope, *, form, action, trainer=False):
    return render(
        request,
        "evidence/new_pack.html",
        {
            "scope": scope,
            "form": form,
            "action": action,
            "trainer": trainer,
            "builds": selectors.recent_builds(user=request.user, agency=scope.agency)
            if not trainer
            else [],
        },
    )


def _request_pack(request, scope, form):
    try:
        build = services.request_build(
            kind=Build.Kind.PACK,
            scope=scope,
            by=request.user,
            courses=form.cleaned_data["courses"],
            teams=form.cleaned_data["teams"],
            as_at=form.cleaned_data["as_at"],
        )
    except services.EvidenceError as error:
        form.add_error(None, error.message)
        return None
    return redirect("evidence:build", pk=build.pk)


@require_http_methods(["GET", "POST"])
@manager_required
def new_pack(request, scope):
    """A manager chooses courses, teams and an "as at" date for a pack. From
    the dashboard, the course and team it was filtered to come ticked."""
    filters = filters_from_query(request.GET, scope)
    form = PackForm(
        posted(request),
        scope=scope,
        initial={
            "as_at": timezone.localdate(),
            "courses": [filters.course] if filters.course else [],
            "teams": [filters.team] if filters.team else [],
        },
    )
    if request.method == "POST" and form.is_valid():
        response = _request_pack(request, scope, form)
        if response is not None:
            return response
    return _pack_form_page(
        request, scope, form=form, action=reverse("evidence:new_pack")
    )


def _trainer_required(view):
    """Kairos trainers and admins (`accounts.roles.is_trainer`, as the
    Kairos-wide report checks); anyone else is told the page does not exist."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_trainer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@_trainer_required
def trainer_agencies(request):
    """A trainer chooses the agency to build a pack for."""
    return render(
        request,
        "evidence/trainer_agencies.html",
        {"agencies": Agency.objects.order_by("name").only("pk", "name")},
    )


@require_http_methods(["GET", "POST"])
@_trainer_required
def trainer_new_pack(request, agency_id: int):
    """A trainer's pack for any agency: the whole agency is in scope."""
    agency = get_object_or_404(Agency, pk=agency_id)
    scope = agency_selectors.Scope(agency=agency)
    form = PackForm(posted(request), scope=scope)
    if request.method == "POST" and form.is_valid():
        response = _request_pack(request, scope, form)
        if response is not None:
            return response
    return _pack_form_page(
        request,
        scope,
        form=form,
        action=reverse("evidence:trainer_new_pack", kwargs={"agency_id": agency.pk}),
        trainer=True,
    )


def _dashboard_build(request, scope, *, kind: str, template: str, extra: dict):
    """Confirm (GET) and start (POST) a build of the dashboard's current
    filter: the certificates ZIP and the large exports."""
    source = request.POST if request.method == "POST" else request.GET
    filters = filters_from_query(source, scope)
    if request.method == "POST":
        build = services.request_build(
            kind=kind, scope=scope, by=request.user, filters=filters
        )
        return redirect("evidence:build", pk=build.pk)
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {
            "scope": scope,
            "filters": filters,
            "hidden": [(key, value) for key, value in query.items()],
            "people": agency_selectors.staff_count(scope, filters, today=today),
            "querystring": query.urlencode(),
            **extra,
        },
    )


@require_http_methods(["GET", "POST"])
@manager_required
def bulk_certificates(request, scope):
    """Every certificate in force matching the dashboard's filter, as a ZIP."""
    return _dashboard_build(
        request,
        scope,
        kind=Build.Kind.CERTIFICATES,
        template="evidence/confirm_certificates.html",
        extra={},
    )


@require_http_methods(["GET", "POST"])
@manager_required
def large_export(request, scope, fmt: str):
    """An export too large to download at once, built in the background."""
    if fmt not in (Build.Kind.XLSX, Build.Kind.CSV):
        raise Http404
    return _dashboard_build(
        request,
        scope,
        kind=fmt,
        template="evidence/confirm_export.html",
        extra={
            "format": "spreadsheet (XLSX)" if fmt == Build.Kind.XLSX else "CSV",
            "fmt": fmt,
            "threshold": settings.EXPORT_IMMEDIATE_MAX_PEOPLE,
        },
    )


@require_GET
def build(request, pk: int):
    """Where a build stands: a progress bar, then the download."""
    build = _build_or_404(request, pk)
    return _private(
        render(
            request,
            "evidence/build.html",
            {
                "build": build,
                "scope": agency_selectors.manager_scope(request.user),
                "verification_url": services.verification_url(build),
                "days": settings.EVIDENCE_DOWNLOAD_DAYS,
            },
        )
    )


@require_GET
def build_status(request, pk: int):
    """The progress bar's poller reads this."""
    build = _build_or_404(request, pk)
    return _private(
        JsonResponse(
            {
                "status": build.status,
                "label": build.get_status_display(),
                "percent": build.percent,
                "done": build.progress_done,
                "total": build.progress_total,
                "finished": build.status in (Build.State.READY, Build.State.FAILED),
            }
        )
    )


@require_GET
def download(request, pk: int):
    build = _build_or_404(request, pk)
    if not build.is_ready:
        return redirect("evidence:build", pk=build.pk)
    if not build.can_download:
        return _private(
            render(request, "evidence/expired.html", {"build": build}, status=410)
        )
    services.record_download(build=build, by=request.user)
    response = FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=build.filename,
        content_type="application/zip"
        if build.is_zip
        else "text/csv; charset=utf-8"
        if build.kind == Build.Kind.CSV
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _private(response)


@require_POST
def retry(request, pk: int):
    build = _build_or_404(request, pk)
    services.retry_build(build=build)
    return redirect("evidence:build", pk=build.pk)


@require_GET
@rate_limited(scope="evidence-verify", limit=_verify_rate)
def verify(request, token: str):
    """The pack's own page, public: anyone holding it can check it."""
    build = selectors.by_token(token)
    if build is None:
        response = render(request, "evidence/verify_unknown.html", status=404)
    else:
        # A count of views, never who viewed (services.record_verification).
        services.record_verification(build=build)
        shown = selectors.verification(build)
        response = render(
            request,
            "evidence/verify.html",
            {
                "build": build,
                "certificates": shown.certificates,
                "files": shown.files,
            },
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
