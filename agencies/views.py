"""Managers' pages (under /agency/) and the learner's ways in (/join/).

Every manager view starts from `manager_scope`: someone who manages nothing, or
asks for a person outside her agency or teams, gets a 404.
"""

from __future__ import annotations

import csv
import functools
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import services as audit  # audit log (issue 6)
from certificates.models import Certificate
from certificates.views import pdf_response
from core.ids import id_from_query
from core.pagination import CountedPaginator
from core.ratelimit import rate_limited
from courses import selectors as course_selectors
from quizzes import selectors as quiz_selectors

from . import charts, selectors, services
from .forms import (
    AssignmentForm,
    DecideMoreTimeForm,
    InviteForm,
    JoinCodeForm,
    MoreTimeForm,
    QuizTimeForm,
    UploadForm,
)
from .models import Invitation, Requirement


def manager_required(view):
    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = selectors.manager_scope(request.user)
        if scope is None:
            raise Http404
        return view(request, scope, *args, **kwargs)

    return wrapper


def _filters(request, scope) -> selectors.Filters:
    team = id_from_query(request.GET, "team")
    if team is not None and team not in {t.pk for t in scope.team_list}:
        team = None
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "name")
    return selectors.Filters(
        team=team,
        course=id_from_query(request.GET, "course"),
        status=status if status in selectors.Status.LABELS else "",
        query=request.GET.get("q", "").strip()[:100],
        sort=sort if sort in selectors.SORTS else "name",
    )


@require_GET
@manager_required
def dashboard(request, scope):
    filters = _filters(request, scope)
    today = timezone.localdate()
    people = selectors.staff(scope, filters, today=today)
    page = CountedPaginator(
        people,
        selectors.PER_PAGE,
        count=selectors.staff_count(scope, filters, today=today),
    ).get_page(request.GET.get("page"))
    summary = selectors.summary(scope, filters, today=today)
    courses = summary.courses
    cells = selectors.cells_for(
        scope,
        [membership.user_id for membership in page],
        today=today,
        course_id=filters.course,
    )
    rows = [
        (membership, [cells.get((membership.user_id, c.pk)) for c in courses])
        for membership in page
    ]
    by_course, by_team, months = summary.by_course, summary.by_team, summary.months
    more_time = list(selectors.open_extension_requests(scope))
    quiz_time = list(selectors.open_quiz_time_requests(scope))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agencies/dashboard.html",
        {
            "scope": scope,
            "filters": filters,
            "page": page,
            "rows": rows,
            "courses": courses,
            "all_courses": summary.all_courses,
            "teams": scope.team_list,
            "statuses": selectors.Status.LABELS.items(),
            "course_chart": charts.rate_bars(by_course),
            "team_chart": charts.rate_bars(by_team) if by_team else None,
            "course_rates": by_course,
            "team_rates": by_team,
            "more_time": more_time,
            "quiz_time": quiz_time,
            "quiz_time_form": QuizTimeForm(),
            "month_chart": charts.month_columns(months),
            "months": months,
            "summary_key": summary.key,
            "querystring": query.urlencode(),
            "sorts": [
                ("name", "Name, A to Z"),
                ("-name", "Name, Z to A"),
                ("team", "Team"),
                ("joined", "Joined, earliest first"),
                ("-joined", "Joined, latest first"),
            ],
        },
    )


class _Echo:
    def write(self, value):
        return value


def _export_name(scope, extension):
    return f"{scope.agency.name} training {timezone.localdate():%Y-%m-%d}.{extension}"


def _audit_export(request, scope, filters, export_format):
    """Audit log (issue 6): a staff report left the platform."""
    audit.record(
        actor=request.user,
        action=audit.Action.REPORT_EXPORTED,
        target=scope.agency,
        target_label=f"{scope.agency.name} staff report",
        agency=scope.agency,
        details={
            "format": export_format,
            "filters": {k: v for k, v in vars(filters).items() if v not in ("", None)},
            "teams": "all" if scope.whole_agency else sorted(scope.team_ids),
        },
    )


@require_GET
@manager_required
def export_csv(request, scope):
    writer = csv.writer(_Echo())
    filters = _filters(request, scope)
    _audit_export(request, scope, filters, "csv")  # audit log (issue 6)
    rows = selectors.export_rows(scope, filters)
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(scope, "csv")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@manager_required
def export_xlsx(request, scope):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # rows go to disk as they are written
    sheet = workbook.create_sheet("Training")
    filters = _filters(request, scope)
    _audit_export(request, scope, filters, "xlsx")  # audit log (issue 6)
    for row in selectors.export_rows(scope, filters):
        sheet.append(row)
    # FileResponse streams the file and closes it when the response is done.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=_export_name(scope, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@manager_required
def person(request, scope, membership_id: int):
    membership = selectors.membership_in_scope(scope, membership_id)
    if membership is None:
        raise Http404
    user = membership.user
    audit.record(  # audit log (issue 6)
        actor=request.user,
        action=audit.Action.PERSON_VIEWED,
        target=user,
        target_label=f"{audit.person_label(user)}, {scope.agency.name}",
        subject=user,
        agency=scope.agency,
    )
    requirements = selectors.person_requirements(scope, membership)
    # Her progress as she sees it on My learning: the same rule for every step.
    progress = course_selectors.learner_courses(user=user)
    return render(
        request,
        "agencies/person.html",
        {
            "scope": scope,
            "membership": membership,
            "requirements": requirements,
            "progress": progress,
            "certificates": Certificate.objects.filter(user=user).order_by(
                "-issued_at"
            ),
            "time_adjustment": quiz_selectors.time_adjustment_of(user),
            "quiz_time_form": QuizTimeForm(),
        },
    )


@require_GET
@manager_required
def person_certificate(request, scope, membership_id: int, certificate_id: int):
    membership = selectors.membership_in_scope(scope, membership_id)
    if membership is None:
        raise Http404
    certificate = get_object_or_404(
        Certificate, pk=certificate_id, user=membership.user
    )
    audit.record(  # audit log (issue 6)
        actor=request.user,
        action=audit.Action.PERSON_VIEWED,
        target=membership.user,
        target_label=f"{audit.person_label(membership.user)}, {scope.agency.name}",
        subject=membership.user,
        agency=scope.agency,
        details={"certificate_downloaded": certificate.reference},
    )
    return pdf_response(request, certificate)


@require_http_methods(["GET", "POST"])
@manager_required
def invite(request, scope):
    form = InviteForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            outcome, _ = services.invite(
                scope=scope,
                by=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                team=form.cleaned_data["team"],
            )
        except services.AgencyError as error:
            form.add_error(None, error.message)
        else:
            email = form.cleaned_data["email"]
            if outcome == services.Outcome.INVITED:
                messages.success(request, f"Invitation sent to {email}.")
            else:
                messages.info(request, f"{email} is {outcome}: nothing was sent.")
            return redirect("agencies:invite")
    return render(
        request,
        "agencies/invite.html",
        {
            "scope": scope,
            "form": form,
            "upload_form": UploadForm(),
            "invitations": selectors.open_invitations(scope),
        },
    )


@require_POST
@manager_required
def upload_invitations(request, scope):
    form = UploadForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        try:
            report = services.import_invitations(
                scope=scope, by=request.user, data=form.cleaned_data["file"].read()
            )
        except services.AgencyError as error:
            form.add_error("file", error.message)
    return render(
        request,
        "agencies/invite.html",
        {
            "scope": scope,
            "form": InviteForm(scope=scope),
            "upload_form": form,
            "report": report,
            "invitations": selectors.open_invitations(scope),
        },
        status=200 if report else 400,
    )


@require_http_methods(["GET", "POST"])
@manager_required
def assignments(request, scope):
    form = AssignmentForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assign(
                scope=scope,
                by=request.user,
                course=data["course"],
                due_date=data["due_date"],
                renew_every_months=data["renew_every_months"],
                **data["target"],
            )
        except services.AgencyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{data['course'].title}” assigned.")
            return redirect("agencies:assignments")
    return render(
        request,
        "agencies/assignments.html",
        {
            "scope": scope,
            "form": form,
            "assignments": _assignments_in_scope(scope),
        },
        status=400 if form.errors else 200,
    )


def _assignments_in_scope(scope):
    return (
        scope.assignments()
        .select_related("course", "team", "user", "agency")
        .distinct()
        .order_by("due_date", "pk")
    )


@require_POST
@manager_required
def unassign(request, scope, assignment_id: int):
    assignment = get_object_or_404(_assignments_in_scope(scope), pk=assignment_id)
    services.unassign(assignment=assignment, actor=request.user)
    messages.success(request, f"“{assignment.course.title}” is no longer assigned.")
    return redirect("agencies:assignments")


@require_http_methods(["GET", "POST"])
@manager_required
def join_code(request, scope):
    if request.method == "POST":
        try:
            services.rotate_join_code(scope=scope)
        except services.AgencyError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, "The join code has changed. The old one no longer works."
            )
        return redirect("agencies:join_code")
    return render(
        request,
        "agencies/join_code.html",
        {
            "scope": scope,
            "join_url": request.build_absolute_uri(reverse("agencies:join")),
        },
    )


# Learners -----------------------------------------------------------------------


def _join_rate():
    return settings.JOIN_CODE_RATE


@require_http_methods(["GET", "POST"])
@login_required
@rate_limited(scope="join-code", limit=_join_rate)
def join(request):
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.join_with_code(
                user=request.user, code=form.cleaned_data["code"]
            )
        except services.AgencyError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, f"You have joined {membership.agency.name}.")
            return redirect("courses:my_learning")
    return render(request, "agencies/join.html", {"form": form})


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token: str):
    invitation = Invitation.objects.select_related("agency").filter(token=token).first()
    if invitation is None:
        raise Http404
    is_open = services.invitation_is_open(invitation)
    if request.method == "POST" and request.user.is_authenticated and is_open:
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except services.AgencyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"You have joined {membership.agency.name}.")
            return redirect("courses:my_learning")
    return render(
        request,
        "agencies/accept_invitation.html",
        {"invitation": invitation, "is_open": is_open},
    )


@require_POST
@manager_required
def decide_more_time(request, scope, request_id: int):
    form = DecideMoreTimeForm(request.POST)
    if not form.is_valid() or (
        "agree" not in request.POST and not form.cleaned_data["other_date"]
    ):
        messages.error(
            request, "Enter the different date, or choose to agree the date asked for."
        )
        return redirect("agencies:dashboard")
    try:
        extension = services.decide_more_time(
            scope=scope,
            by=request.user,
            request_id=request_id,
            agreed_date=(
                None if "agree" in request.POST else form.cleaned_data["other_date"]
            ),
        )
    except services.AgencyError as error:
        messages.error(request, error.message)
    else:
        person = extension.requirement.user
        messages.success(
            request,
            f"{person.full_name or person.email} now has until "
            f"{extension.agreed_date:%-d %B %Y}.",
        )
    return redirect("agencies:dashboard")


@require_POST
@manager_required
def agree_quiz_time(request, scope, membership_id: int):
    """Agree more time on timed quizzes for someone in her scope (a 404 for
    anyone else), from her request on the dashboard or from her page."""
    membership = selectors.membership_in_scope(scope, membership_id)
    if membership is None:
        raise Http404
    back = (
        reverse("agencies:dashboard")
        if request.POST.get("back") == "dashboard"
        else reverse("agencies:person", args=[membership.pk])
    )
    form = QuizTimeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["multiplier"][0])
        return redirect(back)
    try:
        adjustment = services.agree_quiz_time(
            scope=scope,
            by=request.user,
            membership_id=membership.pk,
            multiplier=form.cleaned_data["multiplier"],
        )
    except services.AgencyError as error:
        messages.error(request, error.message)
    else:
        person = membership.user
        messages.success(
            request,
            f"{person.full_name or person.email} now has "
            f"{adjustment.get_multiplier_display().lower()} on timed quizzes.",
        )
    return redirect(back)


@require_http_methods(["GET", "POST"])
@login_required
def more_time(request, requirement_id: int):
    """She asks for a later due date. No reason is asked for."""
    requirement = get_object_or_404(
        Requirement.objects.select_related("course", "agency"),
        pk=requirement_id,
        user=request.user,
    )
    form = MoreTimeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_more_time(
                user=request.user,
                requirement_id=requirement.pk,
                until=form.cleaned_data["until"],
            )
        except services.AgencyError as error:
            form.add_error("until", error.message)
        else:
            messages.success(
                request,
                "Your request has gone to your manager. You will see the "
                "answer here on My learning.",
            )
            return redirect("courses:my_learning")
    return render(
        request,
        "agencies/more_time.html",
        {"requirement": requirement, "form": form},
        status=400 if form.errors else 200,
    )
