"""Reminder emails: a week before a due date, then at most once a week after it,
and a weekly digest for each manager. Each one is recorded before it is sent,
under a unique constraint, so running the daily job twice sends nothing twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.languages import speaking_to

from .models import Membership, ReminderLog, Requirement
from .selectors import Status, scope_of, with_status

DUE_SOON_DAYS = 7
REPEAT_EVERY_DAYS = 7


@dataclass
class Sent:
    due_soon: int = 0
    overdue: int = 0
    digests: int = 0


def next_reminder(cell, *, today: datetime.date) -> datetime.date | None:
    """When she will next hear from us about this course, if at all."""
    if cell.status in Status.DONE or cell.status == Status.EXPIRED:
        return None
    warning = cell.due_date - datetime.timedelta(days=DUE_SOON_DAYS)
    if warning >= today:
        return warning
    if cell.due_date >= today:
        return cell.due_date + datetime.timedelta(days=1)
    return None  # overdue: weekly, counted from the last one sent


def _send_once(*, user, requirement, kind, today, subject, template, context) -> bool:
    """`subject` is a function, called (as the template is rendered) in her
    language."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                user=user, requirement=requirement, kind=kind, sent_on=today
            )
            with speaking_to(user):
                subject_text = subject()
                message = render_to_string(template, context)
            send_mail(
                subject=subject_text,
                message=message,
                from_email=None,
                recipient_list=[user.email],
            )
    except IntegrityError:
        return False  # already sent today
    return True


def _recently_sent(*, requirement, kind, today) -> bool:
    return ReminderLog.objects.filter(
        requirement=requirement,
        kind=kind,
        sent_on__gt=today - datetime.timedelta(days=REPEAT_EVERY_DAYS),
    ).exists()


def send_reminders(*, today: datetime.date | None = None) -> Sent:
    today = today or timezone.localdate()
    sent = Sent()
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    requirements = with_status(
        Requirement.objects.filter(course__live=True, user__is_active=True)
        .select_related("user", "course", "agency")
        .order_by("pk"),
        today=today,
    )
    due_soon = requirements.filter(
        status__in=[Status.NOT_STARTED, Status.IN_PROGRESS],
        due_date=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )
    for requirement in due_soon.iterator(chunk_size=500):
        sent.due_soon += _send_once(
            user=requirement.user,
            requirement=requirement,
            kind=ReminderLog.Kind.DUE_SOON,
            today=today,
            subject=lambda requirement=requirement: (
                _("“%(course)s” is due in a week")
                % {"course": requirement.course.title}
            ),
            template="agencies/email/due_soon.txt",
            context={"requirement": requirement, "base_url": base},
        )
    for requirement in requirements.filter(status=Status.OVERDUE).iterator(
        chunk_size=500
    ):
        if _recently_sent(
            requirement=requirement, kind=ReminderLog.Kind.OVERDUE, today=today
        ):
            continue
        sent.overdue += _send_once(
            user=requirement.user,
            requirement=requirement,
            kind=ReminderLog.Kind.OVERDUE,
            today=today,
            subject=lambda requirement=requirement: (
                _("A reminder about “%(course)s”")
                % {"course": requirement.course.title}
            ),
            template="agencies/email/overdue.txt",
            context={"requirement": requirement, "base_url": base},
        )
    sent.digests = _send_digests(today=today, base=base)
    return sent


def _send_digests(*, today, base) -> int:
    count = 0
    managers = Membership.objects.filter(
        role=Membership.Role.MANAGER, user__is_active=True
    ).select_related("user", "agency")
    for membership in managers:
        if ReminderLog.objects.filter(
            user=membership.user,
            kind=ReminderLog.Kind.DIGEST,
            sent_on__gt=today - datetime.timedelta(days=REPEAT_EVERY_DAYS),
        ).exists():
            continue
        scope = scope_of(membership)
        summary = dict.fromkeys(Status.LABELS, 0)
        for status in (
            with_status(scope.requirements(), today=today)
            .order_by()
            .values_list("status", flat=True)
        ):
            summary[status] += 1
        if not any(summary.values()):
            continue
        count += _send_once(
            user=membership.user,
            requirement=None,
            kind=ReminderLog.Kind.DIGEST,
            today=today,
            subject=lambda membership=membership: (
                _("Your team's training this week: %(agency)s")
                % {"agency": membership.agency.name}
            ),
            template="agencies/email/digest.txt",
            context={
                "membership": membership,
                # Lazy labels: in her language when the template renders them.
                "summary": [
                    (Status.LABELS[key], value) for key, value in summary.items()
                ],
                "base_url": base,
            },
        )
    return count
