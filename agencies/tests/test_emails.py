"""Emails when her agency changes what it asks of her: a course assigned, a due
date moved, more time agreed. Each after commit, once, in the content guide's
words, linking to the page it is about."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import notifications
from agencies import services, tasks
from agencies.models import Requirement
from agencies.selectors import Scope
from core.models import SentEmail
from core.tests.email_checks import check_email

pytestmark = pytest.mark.django_db

IN_A_FORTNIGHT = timezone.localdate() + datetime.timedelta(days=14)


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def team_assignment(agency, manager, course, north, alice, bella, capture):
    with capture(execute=True):
        return services.assign(
            scope=Scope(agency=agency),
            by=manager,
            course=course,
            due_date=IN_A_FORTNIGHT,
            team=north,
        )


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return django_capture_on_commit_callbacks


def test_a_team_assignment_emails_each_member_once(
    team_assignment, alice, bella, course
):
    [message] = mail.outbox  # Alice is in North; Bella, in South, hears nothing
    check_email(
        message,
        to=alice.user.email,
        link_path=course.url,
        says=(
            "Coventry Probation has asked you to take “Trauma-informed practice” "
            f"by {_long(IN_A_FORTNIGHT)}.",
            "at your own pace",
            "ask for more time",
        ),
    )
    assert message.subject == (
        "Coventry Probation has asked you to take “Trauma-informed practice”"
    )
    assert reverse("courses:my_learning") in message.body


def test_the_whole_agency_is_emailed_in_one_task(
    agency, manager, course, alice, bella, capture
):
    with capture(execute=False) as callbacks:
        services.assign(
            scope=Scope(agency=agency),
            by=manager,
            course=course,
            due_date=IN_A_FORTNIGHT,
        )
    emailing = [c for c in callbacks if "email_after_commit" in c.__qualname__]
    assert len(emailing) == 1  # one task for everyone, not one per person
    emailing[0]()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [alice.user.email, bella.user.email, manager.email]
    )


def test_a_retried_task_sends_nothing_twice(team_assignment, alice):
    requirement = Requirement.objects.get(user=alice.user)
    assert tasks.send_course_assigned.call([requirement.pk]) == 0
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(kind="course_assigned").count() == 1


def test_nothing_is_sent_when_the_assignment_is_rolled_back(
    agency, manager, course, alice, capture
):
    def assign_then_fail():
        with transaction.atomic():
            services.assign(
                scope=Scope(agency=agency),
                by=manager,
                course=course,
                due_date=IN_A_FORTNIGHT,
            )
            raise RuntimeError("something later in the request failed")

    with capture(execute=True) as callbacks, pytest.raises(RuntimeError):
        assign_then_fail()
    assert callbacks == []
    assert mail.outbox == []


def test_turning_off_the_optional_emails_does_not_stop_an_assignment_email(
    agency, manager, course, alice, capture
):
    notifications.choose_emails(user=alice.user, receive=set())
    with capture(execute=True):
        services.assign(
            scope=Scope(agency=agency),
            by=manager,
            course=course,
            due_date=IN_A_FORTNIGHT,
            membership=alice,
        )
    assert [m.to for m in mail.outbox] == [[alice.user.email]]
    assert "We always email you about courses" in mail.outbox[0].body


def test_a_new_due_date_is_emailed_to_each_person_it_moves(
    team_assignment, alice, capture
):
    later = IN_A_FORTNIGHT + datetime.timedelta(days=7)
    mail.outbox.clear()
    with capture(execute=True):
        services.change_due_date(assignment=team_assignment, due_date=later)
    [message] = mail.outbox
    assert message.subject == "A new date for “Trauma-informed practice”"
    check_email(
        message,
        to=alice.user.email,
        link_path=reverse("courses:my_learning"),
        says=(f"is now {_long(later)}.", "ask for more time"),
    )
    # Saving the same date again moves nobody's date, and sends nothing.
    with capture(execute=True):
        services.change_due_date(assignment=team_assignment, due_date=later)
    assert len(mail.outbox) == 1


def test_a_date_moved_again_before_the_email_went_is_told_once_with_the_latest(
    team_assignment, alice, capture
):
    first = IN_A_FORTNIGHT + datetime.timedelta(days=7)
    second = IN_A_FORTNIGHT + datetime.timedelta(days=21)
    mail.outbox.clear()
    with capture(execute=False) as callbacks:
        services.change_due_date(assignment=team_assignment, due_date=first)
    with capture(execute=True):
        services.change_due_date(assignment=team_assignment, due_date=second)
    [late] = [c for c in callbacks if "email_after_commit" in c.__qualname__]
    late()  # the first change's task runs late: its date is gone
    late()  # and again, retried
    [message] = mail.outbox
    assert _long(second) in message.body


def test_a_due_date_email_retried_sends_once(team_assignment, alice, capture):
    later = IN_A_FORTNIGHT + datetime.timedelta(days=7)
    mail.outbox.clear()
    with capture(execute=False) as callbacks:
        services.change_due_date(assignment=team_assignment, due_date=later)
    [send] = [c for c in callbacks if "email_after_commit" in c.__qualname__]
    send()
    send()
    assert len(mail.outbox) == 1


def test_more_time_agreed_is_emailed_once(team_assignment, alice, manager, capture):
    requirement = Requirement.objects.get(user=alice.user)
    asked = IN_A_FORTNIGHT + datetime.timedelta(days=10)
    extension = services.request_more_time(
        user=alice.user, requirement_id=requirement.pk, until=asked
    )
    mail.outbox.clear()
    with capture(execute=True):
        services.decide_more_time(
            scope=Scope(agency=requirement.agency), by=manager, request_id=extension.pk
        )
    [message] = mail.outbox
    assert message.subject == "More time for “Trauma-informed practice”"
    check_email(
        message,
        to=alice.user.email,
        link_path=reverse("courses:my_learning"),
        says=(
            "Your manager has agreed the extra time you asked for",
            f"Your new date is {_long(asked)}.",
        ),
    )
    assert tasks.send_more_time_agreed.call(extension.pk) is False  # retried
    assert len(mail.outbox) == 1


def test_a_different_date_agreed_says_so(team_assignment, alice, manager, capture):
    requirement = Requirement.objects.get(user=alice.user)
    extension = services.request_more_time(
        user=alice.user,
        requirement_id=requirement.pk,
        until=IN_A_FORTNIGHT + datetime.timedelta(days=30),
    )
    other = IN_A_FORTNIGHT + datetime.timedelta(days=10)
    mail.outbox.clear()
    with capture(execute=True):
        services.decide_more_time(
            scope=Scope(agency=requirement.agency),
            by=manager,
            request_id=extension.pk,
            agreed_date=other,
        )
    [message] = mail.outbox
    assert f"They chose {_long(other)} as your new date" in message.body


def test_a_request_still_waiting_sends_nothing(team_assignment, alice):
    requirement = Requirement.objects.get(user=alice.user)
    extension = services.request_more_time(
        user=alice.user,
        requirement_id=requirement.pk,
        until=IN_A_FORTNIGHT + datetime.timedelta(days=3),
    )
    mail.outbox.clear()
    assert tasks.send_more_time_agreed.call(extension.pk) is False
    assert mail.outbox == []
