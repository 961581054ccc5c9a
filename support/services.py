"""Writes for support: an agency's managers keep its support details."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from agencies.selectors import Scope
from audit import services as audit

from .models import AgencySupport


@transaction.atomic
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
    fields = ["employee_assistance", "clinical_supervision", "contacts"]
    current = (
        AgencySupport.objects.select_for_update()
        .filter(agency=scope.agency)
        .values(*fields)
        .first()
    ) or dict.fromkeys(fields, "")
    support, _ = AgencySupport.objects.update_or_create(
        agency=scope.agency, defaults=values
    )
    changes = audit.before_and_after(current, {name: values[name] for name in fields})
    if changes["after"]:
        audit.record(
            actor=by,
            action=audit.Action.SUPPORT_DETAILS_CHANGED,
            target=support,
            target_label=f"Support details of {scope.agency.name}",
            agency=scope.agency,
            details=changes,
        )
    return support
