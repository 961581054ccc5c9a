"""More time on timed quizzes: she asks, without a reason; it is agreed.

Who may agree it (her agency's manager, or a Kairos trainer when she belongs to
no agency) is for `agencies` to decide: it calls `agree_more_time` once it has
checked. Both steps are written to the audit log.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit

from . import timing
from .models import Attempt, TimeAdjustment


class AdjustmentError(Exception):
    """A request that cannot be made; the message is safe to show."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


UNKNOWN_MULTIPLIER = gettext_lazy(
    "Choose 1.25 times, 1.5 times or twice the usual time, or no time limit."
)


def _in_english(label) -> str:
    """A choice's label for the audit log, which is kept in English whatever
    language the person who acted reads."""
    with translation.override(None):
        return str(label)


@transaction.atomic
def request_more_time(*, user, now: datetime | None = None) -> TimeAdjustment:
    """She asks for more time on timed quizzes. No reason is asked for."""
    now = now or timezone.now()
    adjustment, _created = TimeAdjustment.objects.select_for_update().get_or_create(
        user=user
    )
    if adjustment.multiplier == TimeAdjustment.Multiplier.NO_LIMIT:
        raise AdjustmentError(_("You already have no time limit on timed quizzes."))
    if adjustment.is_pending:
        raise AdjustmentError(
            _("You have already asked for more time. You will see the answer here.")
        )
    adjustment.requested_at = now
    adjustment.save(update_fields=["requested_at"])
    audit.record(
        actor=user,
        action=audit.Action.QUIZ_TIME_REQUESTED,
        target=adjustment,
        target_label=f"More quiz time for {audit.person_label(user)}",
        subject=user,
        details={"current": adjustment.multiplier or "usual time"},
    )
    return adjustment


@transaction.atomic
def agree_more_time(
    *, by, learner, multiplier: str, agency=None, now: datetime | None = None
) -> TimeAdjustment:
    """Agree `multiplier` for her on every timed quiz, answering her request if
    she made one. Her attempt in progress, if any, gets the longer time at once
    (never a shorter one). The caller has checked that `by` may agree it."""
    now = now or timezone.now()
    if multiplier not in TimeAdjustment.Multiplier.values:
        raise AdjustmentError(UNKNOWN_MULTIPLIER)
    if by.pk == learner.pk:
        raise AdjustmentError(
            _("You cannot agree more time for yourself: ask your manager, or Kairos.")
        )
    adjustment, _created = TimeAdjustment.objects.select_for_update().get_or_create(
        user=learner
    )
    previous = adjustment.multiplier
    adjustment.multiplier = multiplier
    adjustment.requested_at = None
    adjustment.granted_by = by
    adjustment.granted_at = now
    adjustment.save()
    _extend_open_attempts(learner=learner, multiplier=multiplier, now=now)
    audit.record(
        actor=by,
        action=audit.Action.QUIZ_TIME_AGREED,
        target=adjustment,
        target_label=f"More quiz time for {audit.person_label(learner)}",
        subject=learner,
        agency=agency,
        details={
            "agreed": _in_english(TimeAdjustment.Multiplier(multiplier).label),
            "before": previous or "usual time",
        },
    )
    return adjustment


def _extend_open_attempts(*, learner, multiplier: str, now: datetime) -> None:
    open_attempts = Attempt.objects.select_for_update().filter(
        user=learner, status=Attempt.Status.IN_PROGRESS, deadline__isnull=False
    )
    for attempt in open_attempts.select_related("quiz"):
        if timing.is_time_up(attempt.deadline, now=now):
            continue  # her time ran out before it was agreed
        deadline = timing.deadline_for(
            started_at=attempt.started_at,
            minutes=attempt.quiz.time_limit_minutes,
            multiplier=multiplier,
        )
        if deadline is None or deadline > attempt.deadline:
            Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
