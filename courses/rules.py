"""The learning record's date rules, each one function. Every page, export,
email, task and report that needs one of these calls it here (the SQL forms in
`agencies.selectors.status_filter` compare dates these functions stored).

docs/learning-record.md names each rule and its function.
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import dateformat
from django.utils.translation import gettext as _

# Learners are told their training expires soon, and may renew it, this many
# days before it does; managers see it as "expiring" for the same days.
RENEWAL_WINDOW_DAYS = 60


def expiry_date(*, completed_on: datetime.date, validity_months: int) -> datetime.date:
    """The same day of the month, validity_months later (the month's last day
    when that month is shorter)."""
    month_index = completed_on.month - 1 + validity_months
    year, month = completed_on.year + month_index // 12, month_index % 12 + 1
    day = min(completed_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def renewal_months(*, assigned: int | None, course_validity: int | None) -> int | None:
    """Which renewal period applies to her: the one of the assignment that
    covers her, else the course's own validity; None if it never expires."""
    return assigned or course_validity or None


def expires_on(
    *, completed_on: datetime.date | None, months: int | None
) -> datetime.date | None:
    """The day a completion stops being current, if it ever does."""
    if completed_on is None or not months:
        return None
    return expiry_date(completed_on=completed_on, validity_months=months)


def renewal_opens_on(expires: datetime.date | None) -> datetime.date | None:
    """From this day she may start again to renew, and it counts as expiring."""
    if expires is None:
        return None
    return expires - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def expiring_between(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The expiry dates that count as expiring soon on `today` (for queries
    over rows that store only their expiry, such as certificates)."""
    return today, today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def is_expiring(expires: datetime.date | None, *, today: datetime.date) -> bool:
    """Still current, but within the renewal window."""
    opens = renewal_opens_on(expires)
    return opens is not None and opens <= today <= expires


def is_expired(expires: datetime.date | None, *, today: datetime.date) -> bool:
    return expires is not None and expires < today


def version_label(day: datetime.date | None) -> str:
    """A course version as every page and export names it: "version of 26
    November 2026", by the day it was published (in the active language)."""
    if day is None:
        return _("version not recorded")
    return _("version of %(date)s") % {"date": dateformat.format(day, "j F Y")}
