"""Reads for agencies: who a manager may see, and her staff's training status.

Every status is worked out in the database by one expression
(`with_status`), so the dashboard, its filters, its charts, the exports, the
Kairos-wide report and the reminders all agree, and a page of 50 people costs
the same few queries whether the agency has 50 staff or 5,000.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from courses.models import RENEWAL_WINDOW_DAYS, CoursePage, Enrolment, expiry_date

from .models import Agency, Assignment, Invitation, Membership, Requirement, Team

EXPIRING_WITHIN_DAYS = RENEWAL_WINDOW_DAYS  # the same window learners are told
PER_PAGE = 50


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    EXPIRING = "expiring"
    EXPIRED = "expired"

    LABELS = {
        NOT_STARTED: "Not started",
        IN_PROGRESS: "In progress",
        COMPLETED: "Completed",
        # Managers see who may need support, not who to chase.
        OVERDUE: "Needs support",
        EXPIRING: "Expiring within 60 days",
        EXPIRED: "Expired",
    }
    DONE = (COMPLETED, EXPIRING)


# Who may see whom -----------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a manager may see: her agency, or only the teams she manages."""

    agency: Agency
    team_ids: frozenset[int] | None = None  # None: the whole agency

    @property
    def whole_agency(self) -> bool:
        return self.team_ids is None

    def memberships(self) -> QuerySet[Membership]:
        memberships = Membership.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            memberships = memberships.filter(team_id__in=self.team_ids)
        return memberships

    def requirements(self) -> QuerySet[Requirement]:
        # Only people who are still members: someone who left is nobody's to see.
        requirements = Requirement.objects.filter(
            agency=self.agency, user__membership__agency=self.agency
        )
        if self.team_ids is not None:
            requirements = requirements.filter(
                user__membership__team_id__in=self.team_ids
            )
        return requirements

    def teams(self) -> QuerySet[Team]:
        teams = Team.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            teams = teams.filter(pk__in=self.team_ids)
        return teams

    def invitations(self) -> QuerySet[Invitation]:
        # A team-less invitation is for the whole agency: only its manager's.
        invitations = Invitation.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            invitations = invitations.filter(team_id__in=self.team_ids)
        return invitations

    def assignments(self) -> QuerySet[Assignment]:
        """Assignments to her teams or to people in them (all of them, for the
        whole agency)."""
        assignments = Assignment.objects.filter(agency=self.agency)
        if self.team_ids is not None:
            assignments = assignments.filter(
                Q(team_id__in=self.team_ids)
                | Q(user__membership__team_id__in=self.team_ids)
            )
        return assignments

    @property
    def join_code(self) -> str | None:
        """The agency's join code, shown only to a manager of the whole agency:
        people who join with it belong to no team, so to nobody else's scope."""
        return self.agency.join_code if self.whole_agency else None


def manager_scope(user) -> Scope | None:
    """The manager's scope, or None for anyone who manages nothing."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.select_related("agency")
        .filter(user=user, role=Membership.Role.MANAGER)
        .first()
    )
    return None if membership is None else scope_of(membership)


def scope_of(membership: Membership) -> Scope:
    """A manager's membership as what she may see."""
    team_ids = frozenset(membership.managed_teams.values_list("pk", flat=True))
    return Scope(agency=membership.agency, team_ids=team_ids or None)


def membership_in_scope(scope: Scope, membership_id: int) -> Membership | None:
    return (
        scope.memberships()
        .select_related("user", "team")
        .filter(pk=membership_id)
        .first()
    )


# Status -----------------------------------------------------------------------


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The earliest completion day whose expiry (`courses.models.expiry_date`,
    which moves a missing day back to the month's end) falls on or after `day`."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    if day.day > last_day:
        # Every completion in that month expired before `day`: the first day
        # of the next month is the earliest one still current.
        return datetime.date(year, month, last_day) + datetime.timedelta(days=1)
    return datetime.date(year, month, day.day)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def with_progress(requirements: QuerySet[Requirement]) -> QuerySet[Requirement]:
    """Each requirement with the learner's enrolment dates and renewal period.

    One LEFT JOIN to her enrolment in the course (unique per user and course, so
    no row is repeated): correlated subqueries here were repeated in every branch
    of the status expression and made the dashboard ten times slower at 5,000
    staff on PostgreSQL (bench/agencies.py).
    """
    return requirements.annotate(
        enrolment=FilteredRelation(
            "user__enrolments", condition=Q(user__enrolments__course=F("course"))
        ),
        enrolled_at=F("enrolment__enrolled_at"),
        completed_at=F("enrolment__completed_at"),
        restarted_at=F("enrolment__restarted_at"),
        renew_months=Coalesce("renew_every_months", "course__validity_months"),
    )


def renewal_periods(requirements: QuerySet[Requirement]) -> list[int]:
    return sorted(
        {
            months
            for months in with_progress(requirements)
            .order_by()
            .values_list("renew_months", flat=True)
            .distinct()
            if months
        }
    )


def with_status(
    requirements: QuerySet[Requirement],
    *,
    today: datetime.date | None = None,
    periods: list[int] | None = None,
) -> QuerySet[Requirement]:
    """Annotate `status` (see Status). A completion expires its renewal period
    after the day it was made; a learner renewing a course is in progress, not
    overdue."""
    today = today or timezone.localdate()
    if periods is None:
        periods = renewal_periods(requirements)
    whens = []
    for months in periods:
        expired_if_before = _start_of(_months_before(today, months))
        expiring_if_before = _start_of(
            _months_before(
                today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS + 1), months
            )
        )
        done = Q(completed_at__isnull=False, renew_months=months)
        whens += [
            When(
                done & Q(completed_at__lt=expired_if_before), then=Value(Status.EXPIRED)
            ),
            When(
                done & Q(completed_at__lt=expiring_if_before),
                then=Value(Status.EXPIRING),
            ),
        ]
    whens += [
        When(completed_at__isnull=False, then=Value(Status.COMPLETED)),
        When(due_date__lt=today, restarted_at__isnull=True, then=Value(Status.OVERDUE)),
        When(enrolled_at__isnull=False, then=Value(Status.IN_PROGRESS)),
    ]
    return with_progress(requirements).annotate(
        status=Case(*whens, default=Value(Status.NOT_STARTED), output_field=CharField())
    )


@dataclass(frozen=True)
class Cell:
    """One person's status on one assigned course."""

    status: str
    due_date: datetime.date
    completed_on: datetime.date | None
    expires_on: datetime.date | None

    @property
    def label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def learner_label(self) -> str:
        """The same status in words for the learner herself."""
        if self.status == Status.OVERDUE:
            return "Past its due date"
        return self.label

    @property
    def detail(self) -> str:
        if self.status == Status.COMPLETED:
            return f"{self.completed_on:%-d %B %Y}"
        if self.status in (Status.EXPIRING, Status.EXPIRED):
            return f"{self.expires_on:%-d %B %Y}"
        return f"due {self.due_date:%-d %B %Y}"

    @property
    def text(self) -> str:
        if self.status == Status.COMPLETED:
            return f"{self.label} {self.detail}"
        return f"{self.label} ({self.detail})"


def cell_for(requirement: Requirement) -> Cell:
    completed_on = (
        timezone.localdate(requirement.completed_at)
        if requirement.completed_at
        else None
    )
    expires_on = (
        expiry_date(completed_on=completed_on, validity_months=requirement.renew_months)
        if completed_on and requirement.renew_months
        else None
    )
    return Cell(
        status=requirement.status,
        due_date=requirement.due_date,
        completed_on=completed_on,
        expires_on=expires_on,
    )


# The dashboard ----------------------------------------------------------------

SORTS = {
    "name": ("user__full_name", "user__email"),
    "-name": ("-user__full_name", "-user__email"),
    "team": ("team__name", "user__full_name"),
    "-team": ("-team__name", "user__full_name"),
    "joined": ("joined_at", "pk"),
    "-joined": ("-joined_at", "-pk"),
}


@dataclass(frozen=True)
class Filters:
    team: int | None = None
    course: int | None = None
    status: str = ""
    query: str = ""
    sort: str = "name"


def staff(scope: Scope, filters: Filters, *, today=None, periods=None):
    """The people on the dashboard, filtered and sorted (not yet paginated)."""
    people = scope.memberships().select_related("user", "team")
    if filters.team:
        people = people.filter(team_id=filters.team)
    if filters.query:
        people = people.filter(
            Q(user__full_name__icontains=filters.query)
            | Q(user__email__icontains=filters.query)
        )
    if filters.course or filters.status:
        matching = scope.requirements()
        if filters.course:
            matching = matching.filter(course_id=filters.course)
        if filters.status:
            matching = with_status(matching, today=today, periods=periods).filter(
                status=filters.status
            )
        people = people.filter(
            Exists(matching.filter(user=OuterRef("user")).values("pk"))
        )
    return people.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def assigned_courses(scope: Scope, filters: Filters) -> list[CoursePage]:
    """The dashboard's columns: every course assigned within her scope."""
    course_ids = scope.requirements().values("course_id")
    courses = CoursePage.objects.filter(pk__in=course_ids)
    if filters.course:
        courses = courses.filter(pk=filters.course)
    return list(courses.order_by("title").only("id", "title"))


def cells_for(
    scope: Scope, user_ids, *, today=None, periods=None, course_id=None
) -> dict[tuple[int, int], Cell]:
    """{(user id, course id): Cell} for the given people, in one query."""
    requirements = scope.requirements().filter(user_id__in=user_ids)
    if course_id:
        requirements = requirements.filter(course_id=course_id)
    return {
        (requirement.user_id, requirement.course_id): cell_for(requirement)
        for requirement in with_status(requirements, today=today, periods=periods)
    }


@dataclass(frozen=True)
class Rate:
    label: str
    total: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _rates(requirements, group_by: str, labels: dict) -> list[Rate]:
    rows = (
        requirements.order_by()
        .values(group_by)
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status__in=Status.DONE)))
    )
    rates = [
        Rate(labels.get(row[group_by], "No team"), row["total"], row["done"])
        for row in rows
    ]
    return sorted(rates, key=lambda rate: rate.label)


def completion_rates(scope: Scope, filters: Filters, *, today=None, periods=None):
    """Completion rates per course and per team (completed, or completed and
    expiring soon, out of everyone assigned), two queries."""
    requirements = scope.requirements()
    if filters.team:
        requirements = requirements.filter(user__membership__team_id=filters.team)
    if filters.course:
        requirements = requirements.filter(course_id=filters.course)
    requirements = with_status(requirements, today=today, periods=periods)
    course_titles = dict(
        CoursePage.objects.filter(
            pk__in=scope.requirements().values("course_id")
        ).values_list("pk", "title")
    )
    team_names = dict(scope.teams().values_list("pk", "name"))
    return (
        _rates(requirements, "course_id", course_titles),
        _rates(
            requirements.annotate(team=F("user__membership__team_id")),
            "team",
            team_names,
        ),
    )


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


def completions_by_month(scope: Scope, *, months: int = 12, today=None):
    """Completions of assigned courses in each of the last `months` months."""
    today = today or timezone.localdate()
    first = _months_before(today.replace(day=1), months - 1)
    assigned = scope.requirements().filter(
        user=OuterRef("user"), course=OuterRef("course")
    )
    counts = dict(
        Enrolment.objects.filter(completed_at__gte=_start_of(first))
        .filter(Exists(assigned))
        .annotate(month=TruncMonth("completed_at"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    by_month = {
        (month.date() if isinstance(month, datetime.datetime) else month): count
        for month, count in counts.items()
    }
    result, month = [], first
    for _ in range(months):
        result.append(MonthCount(month, by_month.get(month, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


# A person's record ------------------------------------------------------------


def person_requirements(scope: Scope, membership: Membership):
    requirements = with_status(
        scope.requirements().filter(user=membership.user).select_related("course")
    ).order_by("due_date")
    return [(requirement.course, cell_for(requirement)) for requirement in requirements]


# Learners ---------------------------------------------------------------------


def learner_requirements(*, user, today=None) -> list[tuple[Requirement, Cell]]:
    """Her assigned courses, overdue first, then by due date."""
    requirements = with_status(
        Requirement.objects.filter(user=user, course__live=True).select_related(
            "course", "agency"
        ),
        today=today,
    )
    rows = [(requirement, cell_for(requirement)) for requirement in requirements]
    order = {Status.OVERDUE: 0, Status.EXPIRED: 1, Status.EXPIRING: 2}
    return sorted(
        rows,
        key=lambda row: (order.get(row[1].status, 3), row[0].due_date, row[0].pk),
    )


def export_rows(
    scope: Scope, filters: Filters, *, chunk_size: int = 500
) -> Iterator[list[str]]:
    """The dashboard table, every page: a header, then one row per person.

    Reads people in chunks and each chunk's statuses in one query, so memory
    stays flat however many staff there are.
    """
    today = timezone.localdate()
    periods = renewal_periods(scope.requirements())
    courses = assigned_courses(scope, filters)
    yield [
        "Name",
        "Email",
        "Team",
        *[spreadsheet_safe(course.title) for course in courses],
    ]
    people = staff(scope, filters, today=today, periods=periods)
    chunk: list[Membership] = []
    for membership in people.iterator(chunk_size=chunk_size):
        chunk.append(membership)
        if len(chunk) == chunk_size:
            yield from _export_chunk(scope, chunk, courses, today, periods, filters)
            chunk = []
    if chunk:
        yield from _export_chunk(scope, chunk, courses, today, periods, filters)


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet will show as text: a cell starting with =, +, - or @
    would otherwise run as a formula when the file is opened (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _export_chunk(scope, chunk, courses, today, periods, filters):
    cells = cells_for(
        scope,
        [membership.user_id for membership in chunk],
        today=today,
        periods=periods,
        course_id=filters.course,
    )
    for membership in chunk:
        row = [
            spreadsheet_safe(membership.user.full_name),
            spreadsheet_safe(membership.user.email),
            spreadsheet_safe(membership.team.name if membership.team else ""),
        ]
        for course in courses:
            cell = cells.get((membership.user_id, course.pk))
            row.append(cell.text if cell else "Not assigned")
        yield row


def open_extension_requests(scope: Scope):
    from .models import ExtensionRequest

    return (
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING,
            requirement__in=scope.requirements(),
        )
        .select_related("requirement__user", "requirement__course")
        .order_by("created_at")
    )


def latest_extension_requests(*, user) -> dict:
    """{requirement id: her latest request} for "Assigned to you"."""
    from .models import ExtensionRequest

    latest = {}
    for extension in ExtensionRequest.objects.filter(requirement__user=user).order_by(
        "created_at"
    ):
        latest[extension.requirement_id] = extension
    return latest


def open_invitations(scope: Scope, *, limit: int = 100):
    """Invitations within her scope not yet accepted, newest first."""
    return (
        scope.invitations()
        .filter(accepted_at__isnull=True)
        .select_related("team")[:limit]
    )
