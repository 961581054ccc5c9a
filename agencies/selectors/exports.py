"""The staff report as rows for CSV and XLSX, in chunks."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from core.spreadsheets import spreadsheet_safe

from ..models import Membership
from .dashboard import Filters, cells_for, staff, summary
from .scope import Scope


def export_rows(
    scope: Scope, filters: Filters, *, chunk_size: int = 500
) -> Iterator[list[str]]:
    """The dashboard table, every page: a header, then one row per person.

    Reads people in chunks and each chunk's statuses in one query, so memory
    stays flat however many staff there are.
    """
    today = timezone.localdate()
    courses = summary(scope, filters, today=today).courses
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
