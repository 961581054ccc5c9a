"""Reminder emails: due in a week, overdue at most weekly, a weekly digest, and
never twice in one day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from agencies import reminders, selectors, services
from agencies.models import Assignment, ReminderLog
from agencies.selectors import Scope
from courses.tests.factories import complete_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_in_a_week(agency, manager, alice, course):
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    return course


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_week_before_the_due_date_she_gets_one_plain_reminder(alice, due_in_a_week):
    sent = reminders.send_reminders()
    assert sent.due_soon == 2  # Alice and her manager, who is also assigned
    [message] = emails_to("alice@x.org")
    assert due_in_a_week.title in message.subject
    assert "whatever pace suits you" in message.body
    assert "<" not in message.body


def test_running_twice_the_same_day_sends_nothing_twice(alice, manager, due_in_a_week):
    reminders.send_reminders()
    count = len(mail.outbox)
    call_command("send_reminders", stdout=None)
    assert len(mail.outbox) == count
    assert ReminderLog.objects.filter(kind="due_soon").count() == 2


def test_overdue_reminders_come_at_most_once_a_week(alice, due_in_a_week):
    Assignment.objects.update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    services.sync_requirements([alice.user_id])
    today = timezone.localdate()
    for offset in range(10):
        reminders.send_reminders(today=today + datetime.timedelta(days=offset))
    overdue = [m for m in emails_to("alice@x.org") if "A reminder about" in m.subject]
    assert len(overdue) == 2  # day 0 and day 7


def test_nothing_is_sent_about_a_completed_course(alice, due_in_a_week):
    complete_course(user=alice.user, course=due_in_a_week)
    reminders.send_reminders()
    assert emails_to("alice@x.org") == []


def test_managers_get_a_weekly_digest(manager, alice, due_in_a_week):
    today = timezone.localdate()
    reminders.send_reminders(today=today)
    reminders.send_reminders(today=today + datetime.timedelta(days=3))
    digests = [m for m in emails_to(manager.email) if "this week" in m.subject]
    assert len(digests) == 1
    assert "Not started: 2" in digests[0].body


def test_she_can_see_when_she_will_next_be_reminded(alice, due_in_a_week):
    requirement = selectors.learner_requirements(user=alice.user)[0][1]
    today = timezone.localdate()
    assert reminders.next_reminder(requirement, today=today) == today
