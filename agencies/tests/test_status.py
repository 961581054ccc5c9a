"""Each status the dashboard shows, worked out in the database."""

import datetime

import pytest
from django.utils import timezone

from agencies import selectors, services
from agencies.models import Requirement
from agencies.selectors import Scope, Status
from courses import services as course_services
from courses.models import Enrolment, LessonPage, StepProgress
from courses.tests.factories import complete_course

pytestmark = pytest.mark.django_db


def status_of(user, **kwargs):
    requirement = selectors.with_status(
        Requirement.objects.filter(user=user), **kwargs
    ).get()
    return requirement.status, selectors.cell_for(requirement)


def complete_days_ago(user, course, days):
    complete_course(
        user=user, course=course, at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.fixture
def yearly(agency, manager, alice, course):
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        renew_every_months=12,
    )
    return course


def test_not_started_then_in_progress_then_completed(alice, yearly):
    assert status_of(alice.user)[0] == Status.NOT_STARTED
    course_services.enrol(user=alice.user, course=yearly)
    assert status_of(alice.user)[0] == Status.IN_PROGRESS
    for lesson in LessonPage.objects.child_of(yearly):
        course_services.complete_lesson(user=alice.user, lesson=lesson)
    status, cell = status_of(alice.user)
    assert status == Status.COMPLETED
    assert cell.completed_on == timezone.localdate()
    assert cell.text.startswith("Completed ")


def test_past_the_due_date_without_completing_is_overdue(alice, yearly):
    later = timezone.localdate() + datetime.timedelta(days=11)
    assert status_of(alice.user, today=later)[0] == Status.OVERDUE
    course_services.enrol(user=alice.user, course=yearly)
    assert status_of(alice.user, today=later)[0] == Status.OVERDUE


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        (300, Status.COMPLETED),
        (310, Status.EXPIRING),
        (364, Status.EXPIRING),
        (370, Status.EXPIRED),
    ],
)
def test_a_completion_expires_after_the_renewal_period(
    alice, yearly, days_ago, expected
):
    complete_days_ago(alice.user, yearly, days_ago)
    status, cell = status_of(alice.user)
    assert status == expected
    assert cell.expires_on is not None


def test_without_a_renewal_period_the_course_validity_applies(
    agency, manager, alice, course
):
    course.validity_months = 6
    course.save()
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate(),
    )
    complete_days_ago(alice.user, course, 200)
    assert status_of(alice.user)[0] == Status.EXPIRED


def test_a_course_that_never_expires_stays_completed(agency, manager, alice, course):
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate(),
    )
    complete_days_ago(alice.user, course, 3000)
    assert status_of(alice.user)[0] == Status.COMPLETED


@pytest.mark.parametrize("months", [1, 6, 12])
def test_expired_in_the_database_matches_the_expiry_date_at_month_ends(
    agency, manager, alice, course, months
):
    from courses.rules import expiry_date

    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=datetime.date(2024, 1, 1),
        renew_every_months=months,
    )
    today = datetime.date(2025, 3, 30)
    start = datetime.date(2025, 3, 30) - datetime.timedelta(days=31 * months + 5)
    for offset in range(12):
        completed_on = start + datetime.timedelta(days=offset)
        moment = timezone.make_aware(
            datetime.datetime.combine(completed_on, datetime.time(23, 30))
        )
        # Each completion is a fresh history: she took the course at `moment`.
        Enrolment.objects.filter(user=alice.user).delete()
        StepProgress.objects.filter(user=alice.user).delete()
        complete_course(user=alice.user, course=course, at=moment)
        status, cell = status_of(alice.user, today=today)
        expires = expiry_date(completed_on=completed_on, validity_months=months)
        assert cell.expires_on == expires
        assert (status == Status.EXPIRED) == (expires < today), completed_on
