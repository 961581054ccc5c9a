"""Bringing staff in and giving them courses: invitations, assignments, the
join code."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import posted

from .. import selectors, services
from ..forms import (
    AssignmentForm,
    DueDateForm,
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
            outcome, _invitation = services.invite(
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
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": email}
                )
            elif outcome == services.Outcome.ALREADY_MEMBER:
                messages.info(
                    request,
                    _("%(email)s is already a member: nothing was sent.")
                    % {"email": email},
                )
            else:
                messages.info(
                    request,
                    _("%(email)s is already invited: nothing was sent.")
                    % {"email": email},
                )
            return redirect("agencies:invite")
    return render(
        request,
        "agencies/invite.html",
        {
            "scope": scope,
            "form": form,
            "upload_form": UploadForm(),
            "invitations": selectors.open_invitations(scope),
            "now": timezone.now(),
        },
    )


def _change_invitation(request, scope, invitation_id: int, *, change, done):
    """Resend or cancel one of her scope's pending invitations (a 404 for any
    other), then back to the invitations page saying what happened."""
    get_object_or_404(scope.invitations(), pk=invitation_id)
    try:
        invitation = change(scope=scope, by=request.user, invitation_id=invitation_id)
    except services.AgencyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(invitation))
    return redirect("agencies:invite")


@require_POST
@manager_required
def resend_invitation(request, scope, invitation_id: int):
    return _change_invitation(
        request,
        scope,
        invitation_id,
        change=services.resend_invitation,
        done=lambda invitation: (
            _("Invitation sent again to %(email)s. The link now works until %(date)s.")
            % {
                "email": invitation.email,
                "date": date_format(timezone.localtime(invitation.expires_at), "j F Y"),
            }
        ),
    )


@require_POST
@manager_required
def cancel_invitation(request, scope, invitation_id: int):
    return _change_invitation(
        request,
        scope,
        invitation_id,
        change=services.cancel_invitation,
        done=lambda invitation: (
            _("The invitation to %(email)s is cancelled. Its link no longer works.")
            % {"email": invitation.email}
        ),
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
            "now": timezone.now(),
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
            messages.success(
                request, _("“%(course)s” assigned.") % {"course": data["course"].title}
            )
            return redirect("agencies:assignments")
    return render(
        request,
        "agencies/assignments.html",
        {
            "scope": scope,
            "form": form,
            "assignments": _assignments_in_scope(scope),
            **_removal_to_undo(request, scope),
        },
        status=400 if form.errors else 200,
    )


def _removal_to_undo(request, scope):
    """The removal she made last, while it can still be undone."""
    removal_id = request.session.get("undo_removal")
    removal = selectors.removal_in_scope(scope, removal_id) if removal_id else None
    if removal is None:
        return {}
    until = removal.when + datetime.timedelta(hours=services.UNDO_HOURS)
    if until < timezone.now():
        return {}
    return {
        "undo": removal,
        "undo_until": until,
        "undo_label": _removed(removal, scope),
    }


def _removed(removal, scope) -> str:
    """What was removed, in her language (the audit record keeps English)."""
    details = removal.details or {}
    if details.get("user_id"):
        who = details.get("assigned_to", "")
    elif details.get("team_id"):
        team = scope.teams().filter(pk=details["team_id"]).first()
        who = (
            _("the %(team)s team") % {"team": team.name}
            if team
            else details.get("assigned_to", "")
        )
    else:
        who = _("everyone in %(agency)s") % {"agency": scope.agency.name}
    return _("“%(course)s” for %(target)s") % {
        "course": details.get("course", ""),
        "target": who,
    }


def _assignments_in_scope(scope):
    return (
        scope.assignments()
        .select_related("course", "team", "user", "agency")
        .distinct()
        .order_by("due_date", "pk")
    )


@require_http_methods(["GET", "POST"])
@manager_required
def change_due_date(request, scope, assignment_id: int):
    assignment = get_object_or_404(_assignments_in_scope(scope), pk=assignment_id)
    form = DueDateForm(
        posted(request), initial={"due_date": assignment.due_date.isoformat()}
    )
    if request.method == "POST" and form.is_valid():
        due_date = form.cleaned_data["due_date"]
        try:
            changed = services.change_due_date(
                assignment=assignment, due_date=due_date, actor=request.user
            )
        except services.AgencyError as error:
            form.add_error(None, error.message)
        else:
            if changed:
                messages.success(
                    request,
                    _(
                        "“%(course)s” for %(target)s is now due %(date)s. Everyone "
                        "it covers has been emailed the new date."
                    )
                    % {
                        "course": assignment.course.title,
                        "target": assignment.target_label,
                        "date": date_format(due_date, "j F Y"),
                    },
                )
            else:
                messages.info(
                    request, _("That is already its due date: nothing changed.")
                )
            return redirect("agencies:assignments")
    return render(
        request,
        "agencies/change_due_date.html",
        {"scope": scope, "assignment": assignment, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@manager_required
def unassign(request, scope, assignment_id: int):
    """Asks first (GET), removes on POST, then offers "Undo" for a day."""
    assignment = get_object_or_404(_assignments_in_scope(scope), pk=assignment_id)
    if request.method == "GET":
        return render(
            request,
            "agencies/unassign.html",
            {
                "scope": scope,
                "assignment": assignment,
                "people": len(services.users_covered(assignment)),
                "undo_hours": services.UNDO_HOURS,
            },
        )
    removal = services.unassign(assignment=assignment, actor=request.user)
    request.session["undo_removal"] = removal.pk
    messages.success(
        request,
        _("“%(course)s” is no longer assigned.") % {"course": assignment.course.title},
    )
    return redirect("agencies:assignments")


@require_POST
@manager_required
def restore_assignment(request, scope, removal_id: int):
    removal = selectors.removal_in_scope(scope, removal_id)
    if removal is None:
        raise Http404
    try:
        assignment = services.restore_assignment(
            scope=scope, by=request.user, removal=removal
        )
    except services.AgencyError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "“%(course)s” is assigned to %(target)s again, due on the same "
                "date as before."
            )
            % {"course": assignment.course.title, "target": assignment.target_label},
        )
    if request.session.get("undo_removal") == removal_id:
        del request.session["undo_removal"]
    return redirect("agencies:assignments")


@require_http_methods(["GET", "POST"])
@manager_required
def join_code(request, scope):
    """The agency's join code. Showing it is recorded, as opening a person's
    record is: whoever reads it can let anyone into the agency."""
    if request.method == "POST":
        try:
            services.rotate_join_code(scope=scope, by=request.user)
        except services.AgencyError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The join code has changed. The old one no longer works.")
            )
        return redirect("agencies:join_code")
    return render(
        request,
        "agencies/join_code.html",
        {
            "scope": scope,
            "join_code": services.show_join_code(scope=scope, by=request.user),
            "join_url": request.build_absolute_uri(reverse("agencies:join")),
        },
    )
