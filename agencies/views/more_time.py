"""More time: she asks, her manager decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import posted

from .. import services
from ..forms import (
    DecideMoreTimeForm,
    MoreTimeForm,
)
from ..models import Requirement
from .access import manager_required


@require_http_methods(["GET", "POST"])
@login_required
def more_time(request, requirement_id: int):
    """She asks for a later due date. No reason is asked for."""
    requirement = get_object_or_404(
        Requirement.objects.select_related("course", "agency"),
        pk=requirement_id,
        user=request.user,
    )
    form = MoreTimeForm(posted(request))
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
                _(
                    "Your request has gone to your manager. You will see the "
                    "answer here on My learning."
                ),
            )
            return redirect("courses:my_learning")
    return render(
        request,
        "agencies/more_time.html",
        {"requirement": requirement, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@manager_required
def decide_more_time(request, scope, request_id: int):
    form = DecideMoreTimeForm(request.POST)
    if not form.is_valid() or (
        "agree" not in request.POST and not form.cleaned_data["other_date"]
    ):
        messages.error(
            request,
            _("Enter the different date, or choose to agree the date asked for."),
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
            _("%(person)s now has until %(date)s.")
            % {
                "person": person.full_name or person.email,
                "date": date_format(extension.agreed_date, "j F Y"),
            },
        )
    return redirect("agencies:dashboard")
