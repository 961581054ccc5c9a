"""Reads for agencies: who a manager may see, and her staff's training status.

Every status is a comparison of a requirement's stored dates with today
(`status.status_filter`), so the dashboard, its filters, its charts, the
exports, the Kairos-wide report and the reminders all agree, and a page of 50
people costs the same few queries whether the agency has 50 staff or 20,000.

A package by journey; everything is importable from here.
"""

from .dashboard import (
    SORTS,
    Course,
    Filters,
    MonthCount,
    Rate,
    Summary,
    _month_starts,
    cells_for,
    staff,
    staff_count,
    staff_listed,
    summaries_changed,
    summary,
)
from .exports import (
    ExportRow,
    _export_chunk,
    course_version,
    export_rows,
    rows_for,
    staff_requirements,
)
from .people import learner_requirements, person_requirements
from .requests import (
    invitation_for_token,
    latest_extension_requests,
    open_extension_requests,
    open_invitations,
    open_quiz_time_requests,
    quiz_time_requests_without_agency,
)
from .scope import (
    NO_SCOPE,
    SCOPES,
    Scope,
    agency_of_user,
    manager_landing,
    manager_scope,
    managers_of,
    manages_anyone,
    membership_in_scope,
    removal_in_scope,
    scope_of,
    scopes_changed,
)
from .status import (
    DASHBOARD_LABELS,
    PER_PAGE,
    STATUS_ORDER,
    AgencyTotals,
    Cell,
    Status,
    cell_for,
    status_filter,
    totals_by_agency,
    with_status,
)

__all__ = [
    "DASHBOARD_LABELS",
    "NO_SCOPE",
    "PER_PAGE",
    "SCOPES",
    "SORTS",
    "STATUS_ORDER",
    "AgencyTotals",
    "Cell",
    "Course",
    "ExportRow",
    "Filters",
    "MonthCount",
    "Rate",
    "Scope",
    "Status",
    "Summary",
    "_export_chunk",
    "_month_starts",
    "agency_of_user",
    "cell_for",
    "cells_for",
    "course_version",
    "export_rows",
    "invitation_for_token",
    "latest_extension_requests",
    "learner_requirements",
    "manager_landing",
    "manager_scope",
    "managers_of",
    "manages_anyone",
    "membership_in_scope",
    "open_extension_requests",
    "open_invitations",
    "open_quiz_time_requests",
    "person_requirements",
    "quiz_time_requests_without_agency",
    "removal_in_scope",
    "rows_for",
    "scope_of",
    "scopes_changed",
    "staff",
    "staff_count",
    "staff_listed",
    "staff_requirements",
    "status_filter",
    "summaries_changed",
    "summary",
    "totals_by_agency",
    "with_status",
]
