"""Marking at speed: the queue holds only attempts whose result waits on the
marks, oldest first, counted in the admin menu; "Save and mark next" goes on to
the next one; the form is keyboard-friendly."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses import services as course_services
from quizzes import reports
from quizzes.models import Attempt
from quizzes.tests.factories import free_text, make_quiz, single
from quizzes.tests.test_reports import essay_response, take_quiz

pytestmark = pytest.mark.django_db

ESSAY = "Describe a safe first meeting."
CHOICE = "What helps most on release day?"


@pytest.fixture
def quiz(course):
    """A choice (1 point) and an essay (4 points), pass mark 60%: the essay's
    marks decide the result either way."""
    return make_quiz(
        course=course,
        title="Release day",
        questions=[single(text=CHOICE), free_text(text=ESSAY, points=4)],
        pass_mark=60,
    )


def learner_takes(course, quiz, *, name, minutes_ago):
    user = UserFactory(full_name=name)
    course_services.enrol(user=user, course=course)
    return take_quiz(user, quiz, now=timezone.now() - timedelta(minutes=minutes_ago))


def mark(client, attempt, marks, *, next_=False):
    response = essay_response(attempt)
    data = {f"response-{response.pk}-marks": str(marks)}
    if next_:
        data["next"] = "1"
    return client.post(
        reverse("quizzes_admin:mark", args=[attempt.pk, response.pk]), data
    )


def test_the_queue_holds_only_attempts_the_marks_decide_oldest_first(
    trainer_client, course, quiz
):
    newer = learner_takes(course, quiz, name="Nia Newer", minutes_ago=5)
    older = learner_takes(course, quiz, name="Olive Older", minutes_ago=50)
    # 9 points of choice and 1 of essay, pass mark 50%: a right choice passes
    # her whatever the essay gets, so nobody waits on that essay.
    decided_quiz = make_quiz(
        course=course,
        title="Decided already",
        questions=[single(text="Nine points", points=9), free_text(text="One point")],
        pass_mark=50,
    )
    decided = learner_takes(course, decided_quiz, name="Dee Decided", minutes_ago=90)
    assert decided.status == Attempt.Status.GRADED
    assert decided.passed

    content = trainer_client.get(reverse("quizzes_admin:marking")).content.decode()

    assert [a.pk for a in reports.attempts_awaiting_marking()] == [older.pk, newer.pk]
    assert "2 attempts waiting to be marked, oldest first" in content
    assert content.index("Olive Older") < content.index("Nia Newer")
    assert "Dee Decided" not in content


def test_save_and_mark_next_goes_to_the_oldest_attempt_left(
    trainer_client, course, quiz
):
    first = learner_takes(course, quiz, name="First Learner", minutes_ago=60)
    third = learner_takes(course, quiz, name="Third Learner", minutes_ago=10)
    second = learner_takes(course, quiz, name="Second Learner", minutes_ago=30)

    reply = mark(trainer_client, first, 4, next_=True)

    assert reply.status_code == 302
    assert reply["Location"] == reverse("quizzes_admin:attempt", args=[second.pk])
    first.refresh_from_db()
    assert first.status == Attempt.Status.GRADED
    page = trainer_client.get(reply["Location"]).content.decode()
    assert "First Learner scored 100% and passed" in page
    assert "Second Learner" in page

    reply = mark(trainer_client, second, 0, next_=True)
    assert reply["Location"] == reverse("quizzes_admin:attempt", args=[third.pk])


def test_save_and_mark_next_with_nothing_left_goes_back_to_the_queue(
    trainer_client, course, quiz
):
    only = learner_takes(course, quiz, name="Only Learner", minutes_ago=5)

    reply = mark(trainer_client, only, 2, next_=True)

    assert reply["Location"] == reverse("quizzes_admin:marking")
    queue = trainer_client.get(reply["Location"]).content.decode()
    assert "Nothing else is waiting to be marked." in queue
    assert "No attempts are waiting to be marked." in queue


def test_save_marks_alone_stays_on_the_attempt(trainer_client, course, quiz):
    attempt = learner_takes(course, quiz, name="Stay Here", minutes_ago=5)
    learner_takes(course, quiz, name="Someone Else", minutes_ago=50)

    reply = mark(trainer_client, attempt, 3)

    url = reverse("quizzes_admin:attempt", args=[attempt.pk])
    assert reply["Location"].startswith(url)


def test_bad_marks_with_save_and_mark_next_stay_and_save_nothing(
    trainer_client, course, quiz
):
    attempt = learner_takes(course, quiz, name="Bad Marks", minutes_ago=5)

    reply = mark(trainer_client, attempt, 9, next_=True)

    assert reply.status_code == 200
    assert "Marks must be between 0 and 4" in reply.content.decode()
    assert essay_response(attempt).marks is None


def test_the_marking_form_is_keyboard_friendly(trainer_client, course, quiz):
    """The marks field has a label and the focus; the fields come before the
    buttons, and "Save and mark next" before "Save marks"; no accesskey."""
    attempt = learner_takes(course, quiz, name="Key Board", minutes_ago=5)
    response = essay_response(attempt)

    content = trainer_client.get(
        reverse("quizzes_admin:attempt", args=[attempt.pk])
    ).content.decode()

    marks_id = f"id_response-{response.pk}-marks"
    assert f'for="{marks_id}"' in content
    marks_at = content.index(f'id="{marks_id}"')
    assert "autofocus" in content[marks_at - 300 : marks_at + 300]
    comment_at = content.index(f'id="id_response-{response.pk}-comment"')
    next_at = content.index("Save and mark next")
    save_at = content.index(">Save marks<")
    assert marks_at < comment_at < next_at < save_at
    assert "accesskey" not in content


def test_the_menu_counts_attempts_waiting_with_one_query(trainer_client, course, quiz):
    learner_takes(course, quiz, name="Menu One", minutes_ago=5)
    learner_takes(course, quiz, name="Menu Two", minutes_ago=6)
    url = reverse("quizzes_admin:results")
    trainer_client.get(url)

    with CaptureQueriesContext(connection) as queries:
        content = trainer_client.get(url).content.decode()

    assert "Marking (2 waiting)" in content
    assert "Quizzes (2)" in content
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "quizzes_attempt"')
    ]
    assert len(counts) == 1


def test_the_menu_shows_no_count_when_nothing_waits(trainer_client):
    content = trainer_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Marking" in content
    assert "waiting)" not in content
    assert "Quizzes (" not in content
