"""A written answer is kept as she types it (the take page's autosave script),
in the one store of answers, `services.save_answer`: never over a later save,
never into a closed attempt, never into someone else's."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.models import QuizPage, Response
from quizzes.tests.factories import free_text, make_quiz, single

pytestmark = pytest.mark.django_db


@pytest.fixture
def written_quiz(course):
    return make_quiz(
        course=course,
        title="Say it in your words",
        questions=[single(), free_text(text="Why does choice matter?")],
        pass_mark=50,
    )


@pytest.fixture
def attempt(enrolled, written_quiz):
    return services.start_attempt(user=enrolled, quiz=written_quiz)


def written_key(attempt) -> str:
    return next(q["key"] for q in attempt.questions if q["kind"] == "free_text")


def choice_key(attempt) -> str:
    return next(q["key"] for q in attempt.questions if q["kind"] != "free_text")


def url(attempt):
    return reverse("quizzes:autosave", args=[attempt.pk])


def autosave(client, attempt, text, previous="", **more):
    data = {"field": written_key(attempt), "text": text, "previous": previous}
    return client.post(url(attempt), data | more)


def saved_answer(attempt):
    response = Response.objects.filter(
        attempt=attempt, question_key=written_key(attempt)
    ).first()
    return response.answer if response else None


def test_the_take_page_asks_for_autosave_of_written_answers(client, attempt):
    client.force_login(attempt.user)
    html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert f'data-autosave-url="{url(attempt)}"' in html
    assert '<script src="/static/js/autosave.js" defer></script>' in html


def test_her_written_answer_is_kept_as_she_types_and_is_there_when_she_returns(
    client, attempt
):
    client.force_login(attempt.user)
    response = autosave(client, attempt, "Because it is hers to make", flagged="on")

    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["message"].startswith("Answer saved at ")
    assert "no-store" in response["Cache-Control"]
    assert saved_answer(attempt) == ["Because it is hers to make"]
    assert Response.objects.get(attempt=attempt).flagged is True
    number = 1 + [q["key"] for q in attempt.questions].index(written_key(attempt))
    page = client.get(reverse("quizzes:take", args=[attempt.pk]), {"q": number})
    assert "Because it is hers to make" in page.content.decode()


def test_a_late_autosave_never_overwrites_a_later_save(client, attempt):
    client.force_login(attempt.user)
    autosave(client, attempt, "Because")
    # She pressed "Review answers" with the finished text...
    services.save_answer(
        user=attempt.user,
        attempt=attempt,
        question_key=written_key(attempt),
        answer=["Because it is hers to make"],
    )
    # ...and an autosave of an earlier moment arrives after it.
    late = autosave(client, attempt, "Because it is", previous="Because")

    assert late.status_code == 409
    assert late.json()["saved"] is False
    assert saved_answer(attempt) == ["Because it is hers to make"]


def test_no_autosave_into_a_submitted_attempt(client, attempt):
    client.force_login(attempt.user)
    autosave(client, attempt, "My answer")
    services.submit_attempt(user=attempt.user, attempt=attempt)

    late = autosave(client, attempt, "My answer, changed", previous="My answer")

    assert late.status_code in (404, 409)
    assert saved_answer(attempt) == ["My answer"]


def test_no_autosave_after_the_time_is_up(client, attempt):
    client.force_login(attempt.user)
    type(attempt).objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = autosave(client, attempt, "Too late")
    assert response.status_code == 409
    assert "run out" in response.json()["message"]
    assert saved_answer(attempt) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "x" * 10_001}, "under 10,000 characters"),
        ({"text": "a\x00b"}, "invisible NUL character"),
        ({"field": "made-up"}, "not a written question"),
        ({"field": None}, "not a written question"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_kept(client, attempt, data, message):
    client.force_login(attempt.user)
    post = {"field": written_key(attempt), "text": "ok", "previous": ""} | data
    if post["field"] is None:
        post["field"] = choice_key(attempt)  # a choice question has no draft
    response = client.post(url(attempt), post)
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Response.objects.filter(attempt=attempt).exists()


def test_someone_elses_attempt_is_not_found(client, attempt, other_learner):
    client.force_login(other_learner)
    assert autosave(client, attempt, "Mine now").status_code == 404
    assert saved_answer(attempt) is None


def test_autosave_needs_post_sign_in_and_the_csrf_token(client, attempt):
    assert autosave(client, attempt, "x").url.startswith(reverse("accounts:login"))
    client.force_login(attempt.user)
    assert client.get(url(attempt)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(attempt.user)
    assert autosave(strict, attempt, "x").status_code == 403
    assert saved_answer(attempt) is None


def test_a_quiz_with_feedback_after_each_question_saves_only_on_her_press(
    client, enrolled, course
):
    quiz = make_quiz(
        course=course,
        questions=[free_text()],
        feedback_mode=QuizPage.FeedbackMode.EACH,
    )
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    client.force_login(enrolled)

    html = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    response = autosave(client, attempt, "Would lock it too early")

    assert "data-autosave-url" not in html
    assert response.status_code == 409
    assert saved_answer(attempt) is None
