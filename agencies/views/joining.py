"""The learner's ways in: a join code, or her invitation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import selectors as account_selectors
from accounts.forms import CreateAccountForm, InvitationSignInForm
from core.forms import posted
from core.ratelimit import rate_limited

from .. import selectors, services
from ..forms import JoinCodeForm


def _join_rate():
    return settings.JOIN_CODE_RATE


@require_http_methods(["GET", "POST"])
@login_required
@rate_limited(scope="join-code", limit=_join_rate)
def join(request):
    form = JoinCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.join_with_code(
                user=request.user, code=form.cleaned_data["code"]
            )
        except services.AgencyError as error:
            form.add_error("code", error.message)
        else:
            messages.success(
                request,
                _("You have joined %(agency)s.") % {"agency": membership.agency.name},
            )
            return redirect("courses:my_learning")
    return render(request, "agencies/join.html", {"form": form})


def _joined(request, membership, *, already: bool = False):
    agency = membership.agency.name
    if already:
        messages.info(
            request, _("You are already a member of %(agency)s.") % {"agency": agency}
        )
    else:
        messages.success(request, _("You have joined %(agency)s.") % {"agency": agency})
    return redirect("courses:my_learning")


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token: str):
    """An emailed invitation, accepted in one step whoever opens it: a new
    person creates her account with the invited address (shown, locked, and
    never read from the form) and joins; someone with an account signs in and
    joins; someone signed in joins.

    The link was emailed to the invited address, so whoever follows it reads
    that inbox: the page may say whether the address has an account."""
    invitation = selectors.invitation_for_token(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(
            request,
            "agencies/accept_invitation.html",
            {"invitation": invitation, "problem": problem},
            status=404 if invitation is None else 410,
        )
    agency = invitation.agency
    context = {"invitation": invitation}
    user = request.user

    if user.is_authenticated:
        member_of = selectors.agency_of_user(user.pk)
        already = member_of is not None and member_of[0] == agency.pk
        is_invited = user.email.casefold() == invitation.email.casefold()
        if request.method == "POST" and is_invited:
            try:
                membership = services.accept_invitation(token=token, user=user)
            except services.AgencyError as error:
                context["page_errors"] = [error.message]
            else:
                return _joined(request, membership, already=already)
        context.update(is_invited=is_invited, already_member=already)
        return render(request, "agencies/accept_invitation.html", context)

    has_account = account_selectors.has_account(invitation.email)
    data = request.POST if request.method == "POST" else None
    if has_account:
        form = InvitationSignInForm(request, data=data, email=invitation.email)
        if data is not None and form.is_valid():
            user = form.get_user()
            login(request, user)
            try:
                membership = services.accept_invitation(token=token, user=user)
            except services.AgencyError as error:
                messages.error(request, error.message)
                return redirect("agencies:accept_invitation", token=token)
            return _joined(request, membership)
    else:
        form = CreateAccountForm(
            data, email=invitation.email, full_name=invitation.full_name
        )
        if data is not None and form.is_valid():
            try:
                membership = services.create_account_and_join(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except services.AccountExists as exists:
                # Made since the page was shown: she signs in instead.
                messages.info(request, exists.message)
                return redirect("agencies:accept_invitation", token=token)
            except services.AgencyError as error:
                form.add_error(None, error.message)
            else:
                login(
                    request,
                    membership.user,
                    backend="django.contrib.auth.backends.ModelBackend",
                )
                return _joined(request, membership)
    context.update(form=form, has_account=has_account)
    return render(request, "agencies/accept_invitation.html", context)
