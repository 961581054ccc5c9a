"""Writes for agencies: assignments and requirements, people joining,
invitations, more time. A package by journey; everything is importable from
here."""

from .assignments import (
    UNDO_HOURS,
    assign,
    change_due_date,
    restore_assignment,
    unassign,
    users_covered,
)
from .errors import AgencyError
from .invitations import (
    INVITATION_DAYS,
    MAX_CSV_BYTES,
    MAX_CSV_LINE_CHARS,
    MAX_CSV_ROWS,
    ImportReport,
    Outcome,
    cancel_invitation,
    import_invitations,
    invite,
    resend_invitation,
)
from .joining import (
    AccountExists,
    accept_invitation,
    audit_membership,
    create_account_and_join,
    invitation_is_open,
    invitation_problem,
    join_with_code,
    rotate_join_code,
    show_join_code,
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
    "UNDO_HOURS",
    "AccountExists",
    "AgencyError",
    "ImportReport",
    "Outcome",
    "accept_invitation",
    "agree_quiz_time",
    "agree_quiz_time_as_trainer",
    "assign",
    "audit_membership",
    "cancel_invitation",
    "change_due_date",
    "create_account_and_join",
    "decide_more_time",
    "import_invitations",
    "invitation_is_open",
    "invitation_problem",
    "invite",
    "join_with_code",
    "request_more_time",
    "resend_invitation",
    "restore_assignment",
    "rotate_join_code",
    "show_join_code",
    "sync_requirements",
    "unassign",
    "users_covered",
]
