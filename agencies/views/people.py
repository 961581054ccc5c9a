"""One person's record, for her manager: courses, certificates, quiz time."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit import services as audit  # audit log (issue 6)
from certificates.models import Certificate
from certificates.views import pdf_response
from courses import selectors as course_selectors
from quizzes import selectors as quiz_selectors

from .. import selectors, services
from ..forms import QuizTimeForm
from .access import manager_required


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
            "certificates": Certificate.objects.filter(user=user)
            .select_related("completion")
            .order_by("-issued_at"),
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
            _("%(person)s now has %(time)s on timed quizzes.")
            % {
                "person": person.full_name or person.email,
                "time": adjustment.get_multiplier_display().lower(),
            },
        )
    return redirect(back)
