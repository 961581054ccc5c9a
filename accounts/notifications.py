"""The emails we send a person about her learning, and which of them she has
turned off. docs/emails.md lists each one, what sends it and why it is (or is
not) optional.

Every app sends its emails through `notify`, from a background task: it
checks her choice and that her account is still in use, then sends once
(`core.emails.send_once`). Only the kinds in OPTIONAL can be turned off: the
others tell her what her agency has asked of her and by when, which she needs
to know whatever she has chosen, as with the reminders before a due date.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core import emails

from .models import EmailOptOut


class Kind(models.TextChoices):
    COURSE_ASSIGNED = "course_assigned", _("When a course is assigned to you")
    DUE_DATE_CHANGED = "due_date_changed", _("When the date for a course changes")
    MORE_TIME_AGREED = "more_time_agreed", _("When more time is agreed")
    COURSE_COMPLETED = (
        "course_completed",
        _("When you complete a course, with a link to your certificate"),
    )
    ANSWERS_MARKED = (
        "answers_marked",
        _("When a trainer has marked your written answers in a quiz"),
    )
    MORE_TIME_REQUESTED = (
        "more_time_requested",
        _("For managers: when someone you manage asks for more time on a course"),
    )


OPTIONAL = (Kind.COURSE_COMPLETED, Kind.ANSWERS_MARKED, Kind.MORE_TIME_REQUESTED)
ALWAYS_SENT = tuple(kind for kind in Kind if kind not in OPTIONAL)
# Emails only a manager is ever sent: offered to managers only.
FOR_MANAGERS = (Kind.MORE_TIME_REQUESTED,)

# Who manages people is known to `agencies`, above this app: it registers its
# check here from its AppConfig.ready (agencies/apps.py).
_manager_checks: list[Callable[[object], bool]] = []


def register_manager_check(check: Callable[[object], bool]) -> None:
    """Add a function saying whether a user manages anyone."""
    if check not in _manager_checks:
        _manager_checks.append(check)


def is_manager(user) -> bool:
    return any(check(user) for check in _manager_checks)


def choices_for(*, user) -> tuple[Kind, ...]:
    """The optional emails she can choose: the managers' ones only if she is one."""
    if is_manager(user):
        return OPTIONAL
    return tuple(kind for kind in OPTIONAL if kind not in FOR_MANAGERS)


def turned_off(*, user) -> set[str]:
    """The optional emails she has turned off."""
    return set(
        EmailOptOut.objects.filter(user=user, kind__in=OPTIONAL).values_list(
            "kind", flat=True
        )
    )


def wants(*, user, kind: str) -> bool:
    """Whether she should get this kind of email at all."""
    if not user.is_active:
        return False  # erased, or switched off by an administrator
    if kind not in OPTIONAL:
        return True
    return not EmailOptOut.objects.filter(user=user, kind=kind).exists()


@transaction.atomic
def choose_emails(*, user, receive: set[str]) -> None:
    """Keep the optional emails in `receive` on and turn off the others she
    can choose; a choice she is not offered (a manager's email, for someone
    who manages nobody) stays as it was."""
    receive = {str(kind) for kind in receive}
    choosable = {str(kind) for kind in choices_for(user=user)}
    unknown = receive - choosable
    if unknown:
        raise ValueError(f"Not emails she can choose: {sorted(unknown)}")
    off = choosable - receive
    EmailOptOut.objects.filter(user=user, kind__in=choosable).exclude(
        kind__in=off
    ).delete()
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, kind=kind) for kind in sorted(off)],
        ignore_conflicts=True,
    )


def notify(
    *,
    user,
    kind: Kind,
    object_id: int,
    version: str = "",
    subject: emails.Subject,
    template: str,
    context: dict,
    connection=None,
) -> bool:
    """Email her about `object_id` once, unless she has turned this kind off or
    her account is no longer in use. True when this call sent it. Written in
    her language: give `subject` as a callable or lazy string, and links with
    `core.emails.absolute_url` (see core/emails.py)."""
    if not wants(user=user, kind=kind):
        return False
    return emails.send_once(
        kind=kind,
        object_id=object_id,
        version=version,
        to=user.email,
        subject=subject,
        template=template,
        context={
            **context,
            "recipient": user,
            "optional": kind in OPTIONAL,
        },
        connection=connection,
        recipient=user,
    )
