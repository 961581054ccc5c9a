"""Managers' pages (under /agency/) and the learner's ways in (/join/).

Every manager view starts from `manager_scope`: someone who manages nothing, or
asks for a person outside her agency or teams, gets a 404.
"""

from .access import manager_required
from .dashboard import dashboard, export_csv, export_xlsx
from .joining import accept_invitation, join
from .more_time import decide_more_time, more_time
from .people import agree_quiz_time, person, person_certificate
from .staffing import (
    assignments,
    cancel_invitation,
    change_due_date,
    invite,
    join_code,
    resend_invitation,
    restore_assignment,
    unassign,
    upload_invitations,
)

__all__ = [
    "accept_invitation",
    "agree_quiz_time",
    "assignments",
    "cancel_invitation",
    "change_due_date",
    "dashboard",
    "decide_more_time",
    "export_csv",
    "export_xlsx",
    "invite",
    "join",
    "join_code",
    "manager_required",
    "more_time",
    "person",
    "person_certificate",
    "resend_invitation",
    "restore_assignment",
    "unassign",
    "upload_invitations",
]
