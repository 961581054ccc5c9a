"""Reads for the Support page."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Site

from agencies.models import Agency, Membership

from .models import AgencySupport, SupportSettings


@dataclass(frozen=True)
class AgencySection:
    """Her agency, and its support details if its managers have added any."""

    agency: Agency
    support: AgencySupport | None
    is_manager: bool


def agency_section(user) -> AgencySection | None:
    """The agency part of the Support page for this person, in one query, or
    None for anyone who is not a member of an agency."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.select_related("agency", "agency__support")
        .filter(user=user)
        .first()
    )
    if membership is None:
        return None
    agency = membership.agency
    try:
        support = agency.support
    except AgencySupport.DoesNotExist:
        support = None
    if support is not None and support.is_empty:
        support = None
    return AgencySection(
        agency=agency, support=support, is_manager=membership.is_manager
    )


def support_settings(request) -> SupportSettings | None:
    """The site's support settings, or None if trainers have not saved any
    (the page then shows its standard wording and the quick exit stays off).

    One query per request, cached on the request so the header and the page
    share it. Unlike Wagtail's `SupportSettings.for_request` (and so
    `{% get_settings %}`), it never writes: viewing a page does not create a
    settings row.
    """
    attr = "_support_settings"
    if not hasattr(request, attr):
        site = Site.find_for_request(request)
        setattr(
            request,
            attr,
            SupportSettings.base_queryset().filter(site=site).first() if site else None,
        )
    return getattr(request, attr)


def agency_support(agency: Agency) -> AgencySupport:
    """The agency's support details, unsaved and empty if none yet."""
    return AgencySupport.objects.filter(agency=agency).first() or AgencySupport(
        agency=agency
    )
