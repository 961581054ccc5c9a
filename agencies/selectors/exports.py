"""The training record as evidence: one row per person per assigned course, one
column per fact, read in chunks so memory stays flat however large the agency.

The manager's exports and the Kairos-wide report both read their rows here, and
the status comes from `with_status`, the one definition of each status.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from certificates import selectors as certificate_selectors
from certificates.services import verification_url
from courses import selectors as course_selectors
from courses.rules import version_label

from ..models import Requirement
from .dashboard import SORTS, Filters
from .scope import Scope
from .status import cell_for, status_filter, with_status

CHUNK_SIZE = 500


@dataclass(frozen=True)
class ExportRow:
    """One person's assigned course, every fact in its own field."""

    person: str
    email: str
    agency: str
    team: str
    course: str
    course_version: str
    status: str  # the inspector's word ("Overdue")
    label: str  # the dashboard's gentle label ("Needs support")
    due_date: datetime.date
    agreed_extension: datetime.date | None
    completed_on: datetime.date | None
    expires_on: datetime.date | None
    certificate_reference: str
    verification_url: str
    cpd_hours: Decimal | None


def course_version(completion, current_on: datetime.date | None) -> str:
    """The version of the course a row refers to, in words: the one she
    completed (`courses.selectors.latest_completions`), else the course as
    published now (`courses.selectors.current_version_on`), the one she is
    taking."""
    if completion is not None:
        return completion.version_label
    return version_label(current_on) if current_on else ""


def _requirement_order(sort: str) -> list[str]:
    """The dashboard's sort, on requirements rather than memberships, then by
    course."""
    order = []
    for field in SORTS.get(sort, SORTS["name"]):
        descending = field.startswith("-")
        field = field.lstrip("-")
        if not field.startswith("user__"):
            field = f"user__membership__{field}"
        order.append(("-" if descending else "") + field)
    return [*order, "course__title", "pk"]


def staff_requirements(
    scope: Scope, filters: Filters, *, today: datetime.date
) -> QuerySet[Requirement]:
    """Her staff's assigned courses within the dashboard's filters, with their
    status: the rows of her exports."""
    requirements = scope.requirements()
    if filters.team:
        requirements = requirements.filter(user__membership__team_id=filters.team)
    if filters.course:
        requirements = requirements.filter(course_id=filters.course)
    if filters.status:
        requirements = requirements.filter(status_filter(filters.status, today=today))
    if filters.query:
        requirements = requirements.filter(
            Q(user__full_name__icontains=filters.query)
            | Q(user__email__icontains=filters.query)
        )
    return with_status(
        requirements.select_related(
            "user", "course", "agency", "user__membership__team"
        ),
        today=today,
    ).order_by(*_requirement_order(filters.sort))


def export_rows(
    scope: Scope,
    filters: Filters,
    *,
    today: datetime.date | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[ExportRow]:
    """Every row of her staff report under these filters, every page."""
    today = today or timezone.localdate()
    return rows_for(
        staff_requirements(scope, filters, today=today), chunk_size=chunk_size
    )


def rows_for(
    requirements: QuerySet[Requirement], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[ExportRow]:
    """Requirements annotated by `with_status` (with user, course, agency and
    user__membership__team selected) as export rows: one query to read them,
    and one per chunk for their certificates."""
    chunk: list[Requirement] = []
    for requirement in requirements.iterator(chunk_size=chunk_size):
        chunk.append(requirement)
        if len(chunk) == chunk_size:
            yield from _export_chunk(chunk)
            chunk = []
    if chunk:
        yield from _export_chunk(chunk)


def _export_chunk(chunk: Iterable[Requirement]) -> Iterator[ExportRow]:
    chunk = list(chunk)
    completed = [(r.user_id, r.course_id) for r in chunk if r.completed_on is not None]
    certificates = certificate_selectors.latest_in_force(completed)
    completions = course_selectors.latest_completions(completed)
    # Once a course per chunk, not once a row.
    courses = {r.course_id: r.course for r in chunk}
    current_on = {
        pk: course_selectors.current_version_on(course)
        for pk, course in courses.items()
    }
    for requirement in chunk:
        cell = cell_for(requirement)
        user = requirement.user
        # A reverse one-to-one that select_related found empty raises an
        # AttributeError subclass rather than querying again.
        membership = getattr(user, "membership", None)
        team = membership.team if membership is not None else None
        certificate = (
            certificates.get((requirement.user_id, requirement.course_id))
            if cell.completed_on is not None
            else None
        )
        yield ExportRow(
            person=user.full_name,
            email=user.email,
            agency=requirement.agency.name,
            team=team.name if team is not None else "",
            course=requirement.course.title,
            course_version=course_version(
                completions.get((requirement.user_id, requirement.course_id))
                if cell.completed_on is not None
                else None,
                current_on[requirement.course_id],
            ),
            status=cell.label,
            label=cell.dashboard_label,
            due_date=cell.due_date,
            agreed_extension=requirement.extended_to,
            completed_on=cell.completed_on,
            expires_on=cell.expires_on,
            certificate_reference=certificate.reference if certificate else "",
            verification_url=verification_url(certificate) if certificate else "",
            cpd_hours=(
                certificate.cpd_hours
                if certificate
                else requirement.course.cpd_hours
                if cell.completed_on
                else None
            ),
        )
