"""Bringing staff in and giving them courses: invitations, assignments, the
join code."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import posted

from .. import selectors, services
from ..forms import (
    AssignmentForm,
    InviteForm,
    UploadForm,
)
from .access import manager_required


@require_http_methods(["GET", "POST"])
@manager_required
def invite(request, scope):
    form = InviteForm(posted(request), scope=scope)
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
    form = AssignmentForm(posted(request), scope=scope)
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
