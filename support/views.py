"""The Support page: public, so anyone can find it, with her agency's own
support added when she is a member of one."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def support(request):
    return render(
        request,
        "support/support.html",
        {
            "support_settings": selectors.support_settings(request),
            "agency_section": selectors.agency_section(request.user),
        },
    )
