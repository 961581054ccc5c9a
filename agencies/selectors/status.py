"""Status: the one definition of each status of an assigned course, as a condition
on a requirement's stored dates (agencies/records.py keeps them), and its words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from courses.rules import RENEWAL_WINDOW_DAYS

from ..models import Requirement

PER_PAGE = 50


def _interpolate(text, days) -> str:
    return str(text) % {"days": days}


# A sentence with a number in it, translated when it is read, not at import.
_with_days = lazy(_interpolate, str)


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    EXPIRING = "expiring"
    EXPIRED = "expired"

    # The words an inspector reads: the dashboard's filter, the person page,
    # the exports and the digest all name a status by these. Lazy: each reader
    # gets them in her own language, wherever they are shown.
    LABELS = {
        NOT_STARTED: pgettext_lazy("status", "Not started"),
        IN_PROGRESS: pgettext_lazy("status", "In progress"),
        COMPLETED: pgettext_lazy("status", "Completed"),
        OVERDUE: pgettext_lazy("status", "Overdue"),
        EXPIRING: _with_days(
            gettext_lazy("Expiring within %(days)s days"), RENEWAL_WINDOW_DAYS
        ),
        EXPIRED: pgettext_lazy("status", "Expired"),
    }
    # Beside the inspector's word, the manager's gentler one: she sees who may
    # need support, not who to chase.
    SUPPORTIVE = {OVERDUE: gettext_lazy("Needs support")}
    # The two together, as the manager's pages show them: one whole phrase
    # for the translator.
    SHOWN = {OVERDUE: gettext_lazy("Overdue · needs support")}
    # What `status_filter` below decides, in plain words.
    DEFINITIONS = {
        COMPLETED: _with_days(
            gettext_lazy(
                "Completed, and not yet within %(days)s days of needing renewal."
            ),
            RENEWAL_WINDOW_DAYS,
        ),
        EXPIRING: _with_days(
            gettext_lazy(
                "Completed, and the completion expires within %(days)s days: "
                "time to renew."
            ),
            RENEWAL_WINDOW_DAYS,
        ),
        EXPIRED: gettext_lazy(
            "Completed, but the completion's expiry date has passed."
        ),
        OVERDUE: gettext_lazy(
            "Not completed, and the due date (including any agreed extension) "
            "has passed. Not used while she is renewing a course she completed "
            "before."
        ),
        IN_PROGRESS: gettext_lazy("Started, not yet completed, and not overdue."),
        NOT_STARTED: gettext_lazy("Not started, and not overdue."),
    }
    DONE = (COMPLETED, EXPIRING)


def dashboard_label(status: str) -> str:
    """A status as the manager's pages show it: the inspector's word, then the
    supportive one where there is one ("Overdue · needs support"). Lazy, in
    the reader's language."""
    return Status.SHOWN.get(status, Status.LABELS[status])


DASHBOARD_LABELS = {status: dashboard_label(status) for status in Status.LABELS}


def status_filter(status: str, *, today: datetime.date) -> Q:
    """The one definition of each status, as a condition on a requirement's
    stored dates (agencies/records.py keeps them): the conditions exclude each
    other and cover every row, and an index can serve each of them."""
    done = Q(completed_on__isnull=False)
    expired = done & Q(expires_on__lt=today)
    expiring = done & Q(renewal_opens_on__lte=today, expires_on__gte=today)
    overdue = Q(completed_on__isnull=True, due_date__lt=today, renewing=False)
    open_ = Q(completed_on__isnull=True) & ~overdue
    return {
        Status.EXPIRED: expired,
        Status.EXPIRING: expiring,
        Status.COMPLETED: done
        & (Q(renewal_opens_on__isnull=True) | Q(renewal_opens_on__gt=today)),
        Status.OVERDUE: overdue,
        Status.IN_PROGRESS: open_ & Q(started_on__isnull=False),
        Status.NOT_STARTED: open_ & Q(started_on__isnull=True),
    }[status]


STATUS_ORDER = (
    Status.EXPIRED,
    Status.EXPIRING,
    Status.COMPLETED,
    Status.OVERDUE,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
)


def with_status(
    requirements: QuerySet[Requirement], *, today: datetime.date | None = None
) -> QuerySet[Requirement]:
    """Annotate `status` (see Status), from the conditions of `status_filter`."""
    today = today or timezone.localdate()
    return requirements.annotate(
        status=Case(
            *[
                When(status_filter(status, today=today), then=Value(status))
                for status in STATUS_ORDER
            ],
            default=Value(Status.NOT_STARTED),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class Cell:
    """One person's status on one assigned course."""

    status: str
    due_date: datetime.date
    completed_on: datetime.date | None
    expires_on: datetime.date | None

    # Each in the language active when it is read (the page's, the email's,
    # the export's).

    @property
    def label(self) -> str:
        return str(Status.LABELS[self.status])

    @property
    def dashboard_label(self) -> str:
        return str(DASHBOARD_LABELS[self.status])

    @property
    def learner_label(self) -> str:
        """The same status in words for the learner herself."""
        if self.status == Status.OVERDUE:
            return _("Past its due date")
        return self.label

    @property
    def detail(self) -> str:
        if self.status == Status.COMPLETED:
            return date_format(self.completed_on, "j F Y")
        if self.status in (Status.EXPIRING, Status.EXPIRED):
            return date_format(self.expires_on, "j F Y")
        return _("due %(date)s") % {"date": date_format(self.due_date, "j F Y")}

    @property
    def text(self) -> str:
        if self.status == Status.COMPLETED:
            return _("%(status)s %(date)s") % {
                "status": self.label,
                "date": self.detail,
            }
        return _("%(status)s (%(detail)s)") % {
            "status": self.label,
            "detail": self.detail,
        }


def cell_for(requirement: Requirement) -> Cell:
    completed_on = requirement.completed_on
    expires_on = requirement.expires_on
    return Cell(
        status=requirement.status,
        due_date=requirement.due_date,
        completed_on=completed_on,
        expires_on=expires_on,
    )


@dataclass(frozen=True)
class AgencyTotals:
    """How many assigned courses of one agency stand at each status."""

    agency: str
    counts: dict[str, int]  # status -> count, every status present

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self.counts[status] for status in Status.DONE)

    @property
    def rate(self) -> int:
        """Completed (and in force) as a whole percentage of everything assigned."""
        return round(100 * self.done / self.total) if self.total else 0


def totals_by_agency(requirements: QuerySet[Requirement]) -> list[AgencyTotals]:
    """Per agency, the count at each status of `requirements`, which `with_status`
    has annotated (and any filter narrowed), by agency name: one grouped query,
    so the totals follow the same rule and filters as the rows."""
    counts: dict[str, dict[str, int]] = {}
    grouped = (
        requirements.order_by()
        .values_list("agency__name", "status")
        .annotate(n=Count("pk"))
    )
    for agency, status, n in grouped:
        counts.setdefault(agency, dict.fromkeys(STATUS_ORDER, 0))[status] = n
    return [AgencyTotals(agency, counts[agency]) for agency in sorted(counts)]
