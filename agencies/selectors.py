"""Reads for agencies: who a manager may see, and her staff's training status.

Every status is worked out in the database by one expression
(`with_status`), so the dashboard, its filters, its charts, the exports, the
Kairos-wide report and the reminders all agree, and a page of 50 people costs
the same few queries whether the agency has 50 staff or 5,000.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core import generations
from core.spreadsheets import spreadsheet_safe
from courses.models import RENEWAL_WINDOW_DAYS, CoursePage
from courses.selectors import course_titles

from .models import Agency, Assignment, Invitation, Membership, Requirement, Team

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
        EXPIRING: f"Expiring within {RENEWAL_WINDOW_DAYS} days",
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

    def team_list(self) -> list[Team]:
        """Her teams by name, read once (and kept with the cached scope)."""
        if "_team_list" not in self.__dict__:
            object.__setattr__(self, "_team_list", list(self.teams().order_by("name")))
        return self.__dict__["_team_list"]

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


def agency_of_user(user_id: int) -> tuple[int, str] | None:
    """The agency a person belongs to, as (id, name), or None (one query)."""
    return (
        Agency.objects.filter(memberships__user_id=user_id)
        .values_list("pk", "name")
        .first()
    )


# Who manages what changes when a membership, team or agency is saved or deleted
# or a manager's teams change (agencies/apps.py moves this generation on).
SCOPES = "agencies:scopes"
NO_SCOPE = "none"


def scopes_changed(*args, **kwargs) -> None:
    generations.bump(SCOPES)


def manager_scope(user) -> Scope | None:
    """The manager's scope, or None for anyone who manages nothing. Read once
    per request and kept in the shared cache until a membership, team or
    agency changes."""
    if not user.is_authenticated:
        return None
    joined = int(user.date_joined.timestamp()) if user.date_joined else 0
    key = f"agencies:scope:{generations.current(SCOPES)}:{user.pk}:{joined}"
    scope = cache.get(key)
    if scope is None:
        membership = (
            Membership.objects.select_related("agency")
            .filter(user=user, role=Membership.Role.MANAGER)
            .first()
        )
        scope = NO_SCOPE if membership is None else scope_of(membership)
        if scope is not NO_SCOPE:
            scope.team_list()
        cache.set(key, scope, 60 * 60)
    return None if scope == NO_SCOPE else scope


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
    completed_on = requirement.completed_on
    expires_on = requirement.expires_on
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


def staff(scope: Scope, filters: Filters, *, today=None):
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
            matching = matching.filter(
                status_filter(filters.status, today=today or timezone.localdate())
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
    scope: Scope, user_ids, *, today=None, course_id=None
) -> dict[tuple[int, int], Cell]:
    """{(user id, course id): Cell} for the given people, in one query."""
    requirements = scope.requirements().filter(user_id__in=user_ids)
    if course_id:
        requirements = requirements.filter(course_id=course_id)
    return {
        (requirement.user_id, requirement.course_id): cell_for(requirement)
        for requirement in with_status(requirements, today=today)
    }


@dataclass(frozen=True)
class Rate:
    label: str
    total: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


@dataclass(frozen=True)
class Course:
    """An assigned course as the dashboard names it."""

    pk: int
    title: str


@dataclass(frozen=True)
class Summary:
    """The dashboard's columns, filter choices and charts, from one query."""

    courses: list[Course]  # assigned in her scope, within the filters
    all_courses: list[Course]  # assigned in her scope
    by_course: list[Rate]
    by_team: list[Rate]
    months: list[MonthCount]


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        starts.insert(0, (starts[0] - datetime.timedelta(days=1)).replace(day=1))
    return starts


def summary(scope: Scope, filters: Filters, *, today=None, months=12) -> Summary:
    """Completion rates per course and per team (completed, or completed and
    expiring soon, out of everyone assigned) and completions in each of the last
    `months` months, within the filters; and the courses assigned in her scope.
    One grouped query over the stored status, whatever the agency's size."""
    today = today or timezone.localdate()
    starts = _month_starts(today, months)
    done = status_filter(Status.COMPLETED, today=today) | status_filter(
        Status.EXPIRING, today=today
    )
    rows = (
        scope.requirements()
        .order_by()
        .annotate(
            team=F("user__membership__team_id"),
            is_done=Case(
                When(done, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            month=Case(
                When(completed_on__gte=starts[0], then=TruncMonth("completed_on")),
                default=Value(None),
                output_field=DateField(),
            ),
        )
        .values_list("course_id", "team", "is_done", "month")
        .annotate(count=Count("pk"))
    )
    titles_by_id = {}
    matching = []
    for course_id, team, is_done, month, count in rows:
        titles_by_id[course_id] = None
        if filters.team and team != filters.team:
            continue
        if filters.course and course_id != filters.course:
            continue
        matching.append((course_id, team, is_done, month, count))
    titles = course_titles(titles_by_id)

    def courses(ids) -> list[Course]:
        return sorted(
            (Course(pk, titles.get(pk, "")) for pk in ids), key=lambda c: c.title
        )

    def rates(key, labels) -> list[Rate]:
        totals: dict = {}
        for row in matching:
            total, finished = totals.get(key(row), (0, 0))
            totals[key(row)] = (total + row[4], finished + (row[4] if row[2] else 0))
        return sorted(
            (
                Rate(labels.get(group, "No team"), total, finished)
                for group, (total, finished) in totals.items()
            ),
            key=lambda rate: rate.label,
        )

    team_names = {team.pk: team.name for team in scope.team_list()}
    by_month: dict[datetime.date, int] = {}
    for _, _, _, month, count in matching:
        if month is not None:
            month = month.date() if isinstance(month, datetime.datetime) else month
            by_month[month] = by_month.get(month, 0) + count
    all_courses = courses(titles_by_id)
    return Summary(
        courses=[
            c for c in all_courses if not filters.course or c.pk == filters.course
        ],
        all_courses=all_courses,
        by_course=rates(lambda row: row[0], titles),
        by_team=rates(lambda row: row[1], team_names),
        months=[MonthCount(start, by_month.get(start, 0)) for start in starts],
    )


def completion_rates(scope: Scope, filters: Filters, *, today=None):
    """(by course, by team): see `summary`."""
    result = summary(scope, filters, today=today)
    return result.by_course, result.by_team


def completions_by_month(scope: Scope, *, months: int = 12, today=None):
    """Completions of assigned courses in each of the last `months` months."""
    return summary(scope, Filters(), today=today, months=months).months


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
    courses = assigned_courses(scope, filters)
    yield [
        "Name",
        "Email",
        "Team",
        *[spreadsheet_safe(course.title) for course in courses],
    ]
    people = staff(scope, filters, today=today)
    chunk: list[Membership] = []
    for membership in people.iterator(chunk_size=chunk_size):
        chunk.append(membership)
        if len(chunk) == chunk_size:
            yield from _export_chunk(scope, chunk, courses, today, filters)
            chunk = []
    if chunk:
        yield from _export_chunk(scope, chunk, courses, today, filters)


def _export_chunk(scope, chunk, courses, today, filters):
    cells = cells_for(
        scope,
        [membership.user_id for membership in chunk],
        today=today,
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
