"""Time limits: how long she has on a timed quiz, and when her time is up.

Pure functions, no database: the quiz page, `start_attempt`, every write to an
attempt and the take page all ask these, so the limit she is told before she
starts is the limit the server keeps.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import ngettext

# Answers sent just before the deadline can arrive a little after it: the
# server accepts writes for this long after the deadline it shows her.
GRACE_PERIOD = timedelta(seconds=30)

# The adjustments a manager or trainer may agree (TimeAdjustment.Multiplier).
NO_LIMIT = "none"
FACTORS = {"1.25": Decimal("1.25"), "1.5": Decimal("1.5"), "2": Decimal(2)}


def effective_time_limit(*, minutes: int | None, multiplier: str) -> timedelta | None:
    """The time she has on a quiz: the quiz's limit (None: untimed) times the
    adjustment agreed for her ("" for none, NO_LIMIT for no limit at all)."""
    if not minutes or multiplier == NO_LIMIT:
        return None
    factor = FACTORS.get(multiplier, Decimal(1))
    return timedelta(seconds=int(minutes * 60 * factor))


def deadline_for(
    *, started_at: datetime, minutes: int | None, multiplier: str
) -> datetime | None:
    """When an attempt started at `started_at` must be finished (None: never)."""
    limit = effective_time_limit(minutes=minutes, multiplier=multiplier)
    return None if limit is None else started_at + limit


def is_time_up(deadline: datetime | None, *, now: datetime) -> bool:
    """Whether an attempt with this deadline no longer takes answers: from the
    deadline plus the grace period for network delay."""
    return deadline is not None and now >= deadline + GRACE_PERIOD


def seconds_left(deadline: datetime | None, *, now: datetime) -> int | None:
    """Whole seconds until the deadline she is shown (never below 0)."""
    if deadline is None:
        return None
    return max(0, int((deadline - now).total_seconds()))


def describe(duration: timedelta) -> str:
    """'30 minutes', '1 minute', '18 minutes 45 seconds'."""
    total = int(duration.total_seconds())
    minutes, seconds = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(
            ngettext("%(count)s minute", "%(count)s minutes", minutes)
            % {"count": minutes}
        )
    if seconds or not minutes:
        parts.append(
            ngettext("%(count)s second", "%(count)s seconds", seconds)
            % {"count": seconds}
        )
    return " ".join(parts)
