"""One person's record, for her manager and for herself."""

from __future__ import annotations

from courses.selectors import courses_by_id

from ..models import Membership, Requirement
from .scope import Scope
from .status import Cell, Status, cell_for, with_status


def person_requirements(scope: Scope, membership: Membership):
    requirements = with_status(
        scope.requirements().filter(user=membership.user).select_related("course")
    ).order_by("due_date")
    return [(requirement.course, cell_for(requirement)) for requirement in requirements]


def learner_requirements(*, user, today=None) -> list[tuple[Requirement, Cell]]:
    """Her assigned courses, overdue first, then by due date: one query, the
    courses coming from the cache."""
    requirements = list(
        with_status(
            Requirement.objects.filter(user=user, course__live=True).select_related(
                "agency"
            ),
            today=today,
        )
    )
    courses = courses_by_id({requirement.course_id for requirement in requirements})
    for requirement in requirements:
        requirement.course = courses[requirement.course_id]
    rows = [(requirement, cell_for(requirement)) for requirement in requirements]
    order = {Status.OVERDUE: 0, Status.EXPIRED: 1, Status.EXPIRING: 2}
    return sorted(
        rows,
        key=lambda row: (order.get(row[1].status, 3), row[0].due_date, row[0].pk),
    )
