"""Writes for support: an agency's managers keep its support details."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from agencies.selectors import Scope

from .models import AgencySupport


def save_agency_support(
    *,
    scope: Scope,
    by,
    employee_assistance: str,
    clinical_supervision: str,
    contacts: str,
) -> AgencySupport:
    """Save the support details of the manager's agency. Only managers of the
    whole agency may: the details are the same for every team."""
    if not scope.whole_agency:
        raise PermissionDenied("Only managers of the whole agency can change this.")
    values = {
        "employee_assistance": employee_assistance.strip(),
        "clinical_supervision": clinical_supervision.strip(),
        "contacts": contacts.strip(),
        "updated_by": by,
    }
    AgencySupport(agency=scope.agency, **values).full_clean(
        validate_unique=False, validate_constraints=False
    )
    support, _ = AgencySupport.objects.update_or_create(
        agency=scope.agency, defaults=values
    )
    return support
