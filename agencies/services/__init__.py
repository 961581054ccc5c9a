"""Writes for agencies: assignments and requirements, people joining,
invitations, more time. A package by journey; everything is importable from
here."""

from .assignments import (
    assign,
    change_due_date,
    unassign,
)
from .errors import AgencyError
from .invitations import (
    INVITATION_DAYS,
    MAX_CSV_BYTES,
    MAX_CSV_LINE_CHARS,
    MAX_CSV_ROWS,
    ImportReport,
    Outcome,
    import_invitations,
    invitation_url,
    invite,
)
from .joining import (
    accept_invitation,
    audit_membership,
    invitation_is_open,
    join_with_code,
    rotate_join_code,
)
from .more_time import decide_more_time, request_more_time
from .quiz_time import agree_quiz_time, agree_quiz_time_as_trainer
from .requirements import NEW_JOINER_DAYS, sync_requirements

__all__ = [
    "INVITATION_DAYS",
    "MAX_CSV_BYTES",
    "MAX_CSV_LINE_CHARS",
    "MAX_CSV_ROWS",
    "NEW_JOINER_DAYS",
    "AgencyError",
    "ImportReport",
    "Outcome",
    "accept_invitation",
    "agree_quiz_time",
    "agree_quiz_time_as_trainer",
    "assign",
    "audit_membership",
    "change_due_date",
    "decide_more_time",
    "import_invitations",
    "invitation_is_open",
    "invitation_url",
    "invite",
    "join_with_code",
    "request_more_time",
    "rotate_join_code",
    "sync_requirements",
    "unassign",
]
