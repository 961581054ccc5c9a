"""A manager keeps her agency's support details (/agency/support/), shown to
her staff on the Support page.

Managers of the whole agency edit them. Team managers see them read-only: the
details are the same for every team, so one team's manager cannot change
another team's. Anyone who manages nothing gets a 404, as on every /agency/
page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies.views import manager_required

from . import selectors as support_selectors
from . import services as support_services
from .forms import AgencySupportForm


@require_http_methods(["GET", "POST"])
@manager_required
def agency_support(request, scope):
    support = support_selectors.agency_support(scope.agency)
    can_edit = scope.whole_agency
    form = AgencySupportForm(
        request.POST if request.method == "POST" and can_edit else None,
        instance=support,
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            support_services.save_agency_support(
                scope=scope, by=request.user, **form.cleaned_data
            )
            messages.success(
                request, _("Saved. Your staff see this on the Support page now.")
            )
            return redirect("support:agency")
    return render(
        request,
        "support/agency_support.html",
        {"scope": scope, "form": form, "support": support, "can_edit": can_edit},
        status=400 if form.errors else 200,
    )
