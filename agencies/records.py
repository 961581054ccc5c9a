"""Requirements keep their status as data: the dates it is derived from (due,
started, completed, expires, renewal opens) are stored on the row, written in
the same transaction as the event that changes them. The status itself is then
a comparison of stored dates with today (`selectors.status_filter`), which an
index can serve, and time passing needs no job.

`expected_record` is the one recomputation from the raw history (her enrolment,
the assignment's renewal period, the course's validity). `refresh` writes it;
`drift` compares it with what is stored (`manage.py check_learning_record`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from courses import rules
from courses import services as course_services
from courses.models import Enrolment

from .models import Requirement
from .selectors import summaries_changed

RECORD_FIELDS = (
    "started_on",
    "completed_on",
    "expires_on",
    "renewal_opens_on",
    "renewing",
)


@dataclass(frozen=True)
class Record:
    started_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    renewal_opens_on: datetime.date | None = None
    renewing: bool = False


def expected_record(
    *, enrolment: Enrolment | None, assigned_months: int | None, validity: int | None
) -> Record:
    """What a requirement should store, from her enrolment in the course."""
    if enrolment is None:
        return Record()
    completed_on = (
        timezone.localdate(enrolment.completed_at) if enrolment.completed_at else None
    )
    expires = rules.expires_on(
        completed_on=completed_on,
        months=rules.renewal_months(assigned=assigned_months, course_validity=validity),
    )
    return Record(
        started_on=timezone.localdate(enrolment.enrolled_at),
        completed_on=completed_on,
        expires_on=expires,
        renewal_opens_on=rules.renewal_opens_on(expires),
        renewing=enrolment.restarted_at is not None and completed_on is None,
    )


def stored_record(requirement: Requirement) -> Record:
    return Record(**{name: getattr(requirement, name) for name in RECORD_FIELDS})


def _compare(requirements) -> list[tuple[Requirement, Record]]:
    """Each requirement whose stored record differs from the recomputed one,
    with the recomputed record."""
    requirements = list(requirements.select_related("course"))
    if not requirements:
        return []
    pairs = {(r.user_id, r.course_id) for r in requirements}
    enrolments = {
        (e.user_id, e.course_id): e
        for e in Enrolment.objects.filter(course_services.pairs_q(pairs))
    }
    different = []
    for requirement in requirements:
        expected = expected_record(
            enrolment=enrolments.get((requirement.user_id, requirement.course_id)),
            assigned_months=requirement.renew_every_months,
            validity=requirement.course.validity_months,
        )
        if stored_record(requirement) != expected:
            different.append((requirement, expected))
    return different


CHUNK = 500


@transaction.atomic
def refresh(pairs: Iterable[tuple[int, int]]) -> int:
    """Bring the stored records of these (user id, course id) pairs up to date,
    and tell `courses` which renewal period applies to her in each course.
    Returns how many requirements changed."""
    pairs = sorted(set(pairs))
    changed = 0
    for start in range(0, len(pairs), CHUNK):
        changed += _refresh_chunk(pairs[start : start + CHUNK])
    return changed


def _refresh_chunk(pairs: list[tuple[int, int]]) -> int:
    requirements = Requirement.objects.filter(course_services.pairs_q(pairs))
    months = {
        (user_id, course_id): renew
        for user_id, course_id, renew in requirements.values_list(
            "user_id", "course_id", "renew_every_months"
        )
    }
    course_services.set_assigned_renewals({pair: months.get(pair) for pair in pairs})
    return _write(_compare(requirements))


def _write(different: list[tuple[Requirement, Record]]) -> int:
    for requirement, expected in different:
        for name, value in asdict(expected).items():
            setattr(requirement, name, value)
    Requirement.objects.bulk_update(
        [requirement for requirement, _ in different], RECORD_FIELDS, batch_size=1000
    )
    summaries_changed(requirement.agency_id for requirement, _ in different)
    return len(different)


def drift(requirements=None) -> list[tuple[Requirement, Record]]:
    """Every requirement whose stored record differs from a recomputation from
    the raw history, in chunks, with what it should be."""
    requirements = requirements if requirements is not None else Requirement.objects
    ids = list(requirements.order_by("pk").values_list("pk", flat=True))
    different = []
    for start in range(0, len(ids), 2000):
        chunk = Requirement.objects.filter(pk__in=ids[start : start + 2000])
        different += _compare(chunk)
    return different


@transaction.atomic
def repair(different: list[tuple[Requirement, Record]]) -> int:
    return _write(different)


def on_learning_record_changed(sender, *, user_id: int, course_id: int, **kwargs):
    """courses changed her record in a course: her requirement follows, in the
    same transaction."""
    refresh([(user_id, course_id)])


def on_course_published(sender, *, instance, **kwargs):
    """A trainer published a course, perhaps with a new validity: the stored
    expiry of everyone assigned it follows."""
    _write(_compare(Requirement.objects.filter(course_id=instance.pk)))
