"""Every demo person tells one story on every page: her manager's dashboard row
and person page, her own My learning, and her certificates agree, and the
stored learning record matches its history. Generated benchmark data obeys the
same record."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agencies import records
from agencies.models import Membership
from agencies.selectors import Status, cells_for, scope_of
from certificates.models import Certificate
from courses.models import Enrolment
from courses.selectors import learner_courses
from kairos_learning.demo_agencies import PROBATION, STAFF

pytestmark = pytest.mark.django_db

COMPLETED_STATES = {Status.COMPLETED, Status.EXPIRING, Status.EXPIRED}


def _progress_text(progress) -> str:
    return f"{progress.percent}% complete ({progress.completed_count} of "


def test_every_demo_person_is_consistent_on_every_page(
    client, django_capture_on_commit_callbacks
):
    # Certificates are issued once the completion commits, as on the site.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=None)
    assert records.drift() == []

    manager = Membership.objects.get(
        agency__name=PROBATION, role=Membership.Role.MANAGER
    )
    scope = scope_of(manager)
    staff = list(
        scope.memberships()
        .filter(user__full_name__in=[name for name, *_ in STAFF])
        .select_related("user")
    )
    assert len(staff) == len(STAFF)
    cells = cells_for(scope, [m.user_id for m in staff])
    checked = 0
    for membership in staff:
        user = membership.user
        progress = {p.course.pk: p for p in learner_courses(user=user)}
        client.force_login(manager.user)
        person_page = client.get(
            reverse("agencies:person", args=[membership.pk])
        ).content.decode()
        client.force_login(user)
        my_learning = client.get(reverse("courses:my_learning")).content.decode()
        for (user_id, course_id), cell in cells.items():
            if user_id != user.pk:
                continue
            checked += 1
            enrolment = Enrolment.objects.filter(user=user, course_id=course_id).first()
            certificates = Certificate.objects.filter(
                user=user, course_id=course_id, revoked_at__isnull=True
            )
            where = f"{user.full_name}, course {course_id}: {cell.status}"
            if cell.status in COMPLETED_STATES:
                assert enrolment is not None, where
                assert enrolment.is_complete, where
                assert cell.completed_on == timezone.localdate(enrolment.completed_at)
                # One renewal period for her and her manager.
                assert cell.expires_on == enrolment.expires_on, where
                course_progress = progress[course_id]
                assert course_progress.completed_count == course_progress.total, where
                assert certificates.exists(), where
            elif cell.status == Status.NOT_STARTED or enrolment is None:
                assert enrolment is None, where
                assert course_id not in progress, where
                assert not certificates.exists(), where
            else:
                assert not enrolment.is_complete, where
                course_progress = progress[course_id]
                assert course_progress.completed_count < course_progress.total, where
            if course_id in progress:
                text = _progress_text(progress[course_id])
                assert text in person_page, where
                assert text in my_learning, where
    assert checked >= len(STAFF) * 2


def _generate_agencies_command():
    path = Path(__file__).resolve().parents[2] / "bench" / "generate_agencies.py"
    spec = importlib.util.spec_from_file_location("bench_generate_agencies", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Command()


def test_generated_benchmark_data_keeps_the_learning_record(settings):
    call_command(
        _generate_agencies_command(),
        agencies=3,
        learners=120,
        courses=3,
        big_agency=60,
        seed=3,
        stdout=None,
    )
    assert get_user_model().objects.count() > 100
    assert records.drift() == []
    call_command("check_learning_record", stdout=None)
