"""The manager's dashboard: her staff filtered and sorted, their cells, and the
charts, rates and columns from one grouped query over stored status."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language, gettext

from core import generations
from courses.selectors import content_generation, course_titles

from .scope import SCOPES, Scope
from .status import Cell, Status, status_filter, with_status

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


def staff_listed(scope: Scope, filters: Filters, *, today=None):
    """`staff` as the dashboard lists them, read as rows, not model instances:
    her membership's id (for the link to her page), her user id, name, email
    and team."""
    return staff(scope, filters, today=today).values(
        "pk",
        "user_id",
        name=F("user__full_name"),
        email=F("user__email"),
        team_name=F("team__name"),
    )


def cells_for(
    scope: Scope, user_ids, *, today=None, course_id=None
) -> dict[tuple[int, int], Cell]:
    """{(user id, course id): Cell} for the given people, in one query."""
    requirements = scope.requirements().filter(user_id__in=user_ids)
    if course_id:
        requirements = requirements.filter(course_id=course_id)
    rows = with_status(requirements, today=today).values_list(
        "user_id", "course_id", "status", "due_date", "completed_on", "expires_on"
    )
    # A page holds hundreds of cells: read as rows, not as model instances.
    return {
        (user_id, course_id): Cell(
            status=status,
            due_date=due_date,
            completed_on=completed_on,
            expires_on=expires_on,
        )
        for user_id, course_id, status, due_date, completed_on, expires_on in rows
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
    # The cache key it is kept under: the charts drawn from it are kept under
    # the same key (the dashboard template's fragment cache).
    key: str = ""


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        starts.insert(0, (starts[0] - datetime.timedelta(days=1)).replace(day=1))
    return starts


def _records_generation(agency_id: int) -> str:
    return f"agencies:records:{agency_id}"


def summaries_changed(agency_ids) -> None:
    """Requirements of these agencies changed: their dashboards' rates and
    charts are worked out again."""
    for agency_id in set(agency_ids):
        generations.bump(_records_generation(agency_id))


def _cached_for_the_day(kind: str, scope: Scope, filters: Filters, today, *parts):
    """A cache key for a reading of her scope's stored records under these
    filters, good for the day until a requirement of the agency, a membership
    or published content changes."""
    return ":".join(
        str(part)
        for part in (
            f"agencies:{kind}",
            generations.current(_records_generation(scope.agency.pk)),
            generations.current(SCOPES),
            content_generation(),
            scope.agency.pk,
            ",".join(str(pk) for pk in sorted(scope.team_ids or ())),
            filters.team or "",
            filters.course or "",
            filters.status,
            today.isoformat(),
            *parts,
        )
    )


def staff_count(scope: Scope, filters: Filters, *, today=None) -> int:
    """How many people `staff` lists. Without a search, kept in the cache like
    the summary: a filtered page need not count across the agency."""
    today = today or timezone.localdate()
    if filters.query:
        return staff(scope, filters, today=today).count()
    key = _cached_for_the_day("staff-count", scope, filters, today)
    count = cache.get(key)
    if count is None:
        count = staff(scope, filters, today=today).count()
        cache.set(key, count, 60 * 60 * 24)
    return count


def summary(scope: Scope, filters: Filters, *, today=None, months=12) -> Summary:
    """Completion rates per course and per team (completed, or completed and
    expiring soon, out of everyone assigned) and completions in each of the last
    `months` months, within the filters (team, course and status: with a status
    chosen, every chart counts only the assigned courses in that status); and
    the courses assigned in her scope.

    One grouped query over the stored status, kept in the cache for the day
    until a requirement of the agency, a membership or published content
    changes: the dashboard's cost does not grow with the agency."""
    today = today or timezone.localdate()
    # Per language: its labels ("No team"), and the charts drawn from it and
    # kept under the same key, are in the manager's language.
    key = _cached_for_the_day("summary", scope, filters, today, months, get_language())
    result = cache.get(key)
    if result is None:
        result = replace(_summary(scope, filters, today=today, months=months), key=key)
        cache.set(key, result, 60 * 60 * 24)
    return result


def _summary(scope: Scope, filters: Filters, *, today, months) -> Summary:
    starts = _month_starts(today, months)
    rows = (
        with_status(scope.requirements().order_by(), today=today)
        .annotate(
            team=F("user__membership__team_id"),
            month=Case(
                When(completed_on__gte=starts[0], then=TruncMonth("completed_on")),
                default=Value(None),
                output_field=DateField(),
            ),
        )
        .values_list("course_id", "team", "status", "month")
        .annotate(count=Count("pk"))
    )
    titles_by_id = {}
    matching = []
    for course_id, team, status, month, count in rows:
        titles_by_id[course_id] = None
        if filters.team and team != filters.team:
            continue
        if filters.course and course_id != filters.course:
            continue
        if filters.status and status != filters.status:
            continue
        matching.append((course_id, team, status in Status.DONE, month, count))
    titles = course_titles(titles_by_id)

    def courses(ids) -> list[Course]:
        return sorted(
            (Course(pk, titles.get(pk, "")) for pk in ids), key=lambda c: c.title
        )

    no_team = gettext("No team")

    def rates(key, labels) -> list[Rate]:
        totals: dict = {}
        for row in matching:
            total, finished = totals.get(key(row), (0, 0))
            totals[key(row)] = (total + row[4], finished + (row[4] if row[2] else 0))
        return sorted(
            (
                Rate(labels.get(group, no_team), total, finished)
                for group, (total, finished) in totals.items()
            ),
            key=lambda rate: rate.label,
        )

    team_names = {team.pk: team.name for team in scope.team_list}
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
