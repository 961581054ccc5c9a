"""The email when a trainer has marked her written answers: the same send-once
pattern as every other email about her learning."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts import notifications
from core.models import SentEmail
from core.tests.email_checks import check_email
from quizzes import services, tasks
from quizzes.tests.factories import free_text, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(enrolled, course, trainer, django_capture_on_commit_callbacks):
    quiz = make_quiz(
        course=course, title="Release day", questions=[free_text(points=2)]
    )
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    services.save_answer(
        user=enrolled,
        attempt=attempt,
        question_key=attempt.questions[0]["key"],
        answer=["I would ask where she feels safe."],
    )
    attempt = services.submit_attempt(user=enrolled, attempt=attempt)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        attempt = services.mark_response(
            marker=trainer,
            response=attempt.responses.get(),
            marks=Decimal(2),
            comment="Thoughtful.",
        )
    return attempt


def test_she_is_emailed_a_link_to_her_result(marked, enrolled):
    [message] = mail.outbox
    assert message.subject == "Your answers in “Release day” have been marked"
    check_email(
        message,
        to=enrolled.email,
        link_path=reverse("quizzes:result", args=[marked.pk]),
        says=(
            "A trainer has marked your written answers in “Release day”.",
            "whenever you are ready",
            "turn off emails like this one",
        ),
    )


def test_a_retried_task_sends_once(marked):
    assert tasks.notify_attempt_marked.call(marked.pk) is False
    assert len(mail.outbox) == 1


def test_she_can_turn_it_off(marked, enrolled):
    mail.outbox.clear()
    notifications.choose_emails(user=enrolled, receive={"course_completed"})
    SentEmail.objects.all().delete()  # as if this were a new attempt marked
    assert tasks.notify_attempt_marked.call(marked.pk) is False
    assert mail.outbox == []
