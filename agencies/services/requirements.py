"""Requirements: what each person must complete, kept in line with the
assignments that cover her."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .. import records
from ..models import (
    Assignment,
    Membership,
    Requirement,
)
from ..selectors import summaries_changed


@dataclass
class RequirementChanges:
    """What a sync changed that the people concerned are told about: the
    requirements it created, and those whose due date moved (with the new date)."""

    created: list[int] = field(default_factory=list)
    due_date_changed: list[tuple[int, datetime.date]] = field(default_factory=list)


def sync_requirements(user_ids) -> RequirementChanges:
    """Bring each person's requirements in line with the assignments that cover
    her (her agency's, her team's, her own), keeping the earliest due date for a
    course. Safe to run at any time; running it twice changes nothing. Returns
    what it created and which due dates it moved."""
    user_ids = set(user_ids)
    changes = RequirementChanges()
    if not user_ids:
        return changes
    memberships = {
        m.user_id: m for m in Membership.objects.filter(user_id__in=user_ids)
    }
    assignments = defaultdict(list)
    for assignment in Assignment.objects.filter(
        agency_id__in={m.agency_id for m in memberships.values()}
    ).order_by("due_date", "pk"):
        assignments[assignment.agency_id].append(assignment)

    wanted: dict[tuple[int, int], tuple[Assignment, datetime.date]] = {}
    for user_id, membership in memberships.items():
        for assignment in assignments[membership.agency_id]:
            covers = (
                (assignment.user_id == user_id)
                or (assignment.team_id and assignment.team_id == membership.team_id)
                or (not assignment.user_id and not assignment.team_id)
            )
            if covers:
                due = _due_for(assignment, membership)
                key = (user_id, assignment.course_id)
                if key not in wanted or due < wanted[key][1]:
                    wanted[key] = (assignment, due)

    existing = {
        (r.user_id, r.course_id): r
        for r in Requirement.objects.filter(user_id__in=user_ids)
    }
    to_create, to_update = [], []
    for key, (assignment, due) in wanted.items():
        values = {
            "agency_id": assignment.agency_id,
            "assignment_id": assignment.pk,
            "due_date": due,
            "renew_every_months": assignment.renew_every_months,
        }
        requirement = existing.get(key)
        if requirement is not None and requirement.extended_to:
            values["due_date"] = max(due, requirement.extended_to)
        if requirement is None:
            to_create.append(Requirement(user_id=key[0], course_id=key[1], **values))
        elif any(getattr(requirement, name) != value for name, value in values.items()):
            if requirement.due_date != values["due_date"]:
                changes.due_date_changed.append((requirement.pk, values["due_date"]))
            for name, value in values.items():
                setattr(requirement, name, value)
            to_update.append(requirement)
    stale = [r.pk for key, r in existing.items() if key not in wanted]
    with transaction.atomic():
        Requirement.objects.filter(pk__in=stale).delete()
        Requirement.objects.bulk_create(to_create, batch_size=1000)
        Requirement.objects.bulk_update(
            to_update,
            ["agency_id", "assignment_id", "due_date", "renew_every_months"],
            batch_size=1000,
        )
        # Her stored dates, and the renewal period that applies to her, follow
        # every requirement made, changed or removed.
        summaries_changed(
            {m.agency_id for m in memberships.values()}
            | {r.agency_id for r in existing.values()}
        )
        records.refresh(
            {key for key in wanted if key not in existing}
            | {(r.user_id, r.course_id) for r in to_update}
            | {key for key, r in existing.items() if key not in wanted}
        )
    changes.created = [requirement.pk for requirement in to_create]
    return changes


# Someone who joins after a course was assigned gets at least this long.
NEW_JOINER_DAYS = 28


def _due_for(assignment: Assignment, membership: Membership) -> datetime.date:
    """The assignment's due date, or four weeks after she joined if she joined
    after it was assigned and that is later."""
    if membership.joined_at and membership.joined_at > assignment.created_at:
        joined_on = timezone.localdate(membership.joined_at)
        return max(
            assignment.due_date, joined_on + datetime.timedelta(days=NEW_JOINER_DAYS)
        )
    return assignment.due_date
