import json
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from quizzes import services
from quizzes.models import Attempt
from quizzes.tests.factories import (
    CategoryFactory,
    free_text,
    make_quiz,
    right_answer,
    single,
    wrong_answer,
)

pytestmark = pytest.mark.django_db


def test_p02_p18_quiz_list_by_category_shows_attempt_limits(client, course):
    """P02, P18: published quizzes with title, category and attempt limits."""
    law = CategoryFactory(name="Law")
    court = CategoryFactory(name="Court", parent=law)
    make_quiz(course=course, title="Court quiz", category=court, max_attempts=1)
    make_quiz(
        course=course, title="Practice quiz", category=CategoryFactory(name="Care")
    )
    make_quiz(course=course, title="Draft quiz", category=law, live=False)

    everything = client.get(reverse("quizzes:list"))
    by_law = client.get(reverse("quizzes:list"), {"category": law.pk})

    assertContains(everything, "Court quiz")
    assertContains(everything, "Practice quiz")
    assertContains(everything, "Limited to 1")
    assertContains(everything, "Unlimited")
    assertNotContains(everything, "Draft quiz")
    assertContains(by_law, "Court quiz")
    assertNotContains(by_law, "Practice quiz")
    for nonsense in ["x", "9" * 25, str(2**63), "-3"]:
        response = client.get(reverse("quizzes:list"), {"category": nonsense})
        assert response.status_code == 400


def test_p14_progress_by_category_and_past_attempts(learner_client, enrolled, course):
    """P14: correct / possible / % per category, and past attempts with scores."""
    law, care = CategoryFactory(name="Law"), CategoryFactory(name="Care")
    quiz = make_quiz(
        course=course, questions=[single(category=law), single(category=care, points=2)]
    )
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    first, second = attempt.questions
    services.save_answer(
        user=enrolled,
        attempt=attempt,
        question_key=first["key"],
        answer=right_answer(first),
    )
    services.save_answer(
        user=enrolled,
        attempt=attempt,
        question_key=second["key"],
        answer=wrong_answer(second),
    )
    services.submit_attempt(user=enrolled, attempt=attempt)

    response = learner_client.get(reverse("quizzes:progress"))

    rows = {row["category"]: row for row in response.context["categories"]}
    assert rows["Law"]["percent"] == 100
    assert rows["Care"]["percent"] == 0
    assert str(rows["Care"]["possible"]) == "2"
    assertContains(response, f"{quiz.title}, attempt 1")
    assertContains(response, "33%")


def test_p14_progress_needs_sign_in(client):
    assert client.get(reverse("quizzes:progress")).status_code == 302


def test_p17_visitor_practice_lives_in_the_session_only(client, course):
    """P17: signed-out practice; graded in the session, nothing stored."""
    quiz = make_quiz(
        course=course, questions=[single(), single()], open_to_visitors=True
    )

    intro = client.get(quiz.url)
    assertContains(intro, "Practise now")
    page = client.get(reverse("quizzes:practice", args=[quiz.pk]))
    questions = client.session[f"quiz-practice-{quiz.pk}"]
    assert "correct" not in page.content.decode().split("<main")[1].split("</main>")[0]
    answers = {q["key"]: right_answer(q)[0] for q in questions}
    result = client.post(reverse("quizzes:practice", args=[quiz.pk]), answers)

    assertContains(result, "Your practice score: 100%")
    assert not Attempt.objects.exists()


def test_p17_practice_is_only_for_open_quizzes(client, quiz):
    assert client.get(reverse("quizzes:practice", args=[quiz.pk])).status_code == 404
    closed = client.get(quiz.url)
    assert closed.status_code == 302  # sign in to take a course quiz


def test_b08_learner_is_emailed_when_her_answer_is_marked(enrolled, course, trainer):
    """B08: she is told by email, and her result page shows the comment."""
    quiz = make_quiz(course=course, questions=[free_text(points=2)])
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    services.save_answer(
        user=enrolled,
        attempt=attempt,
        question_key=attempt.questions[0]["key"],
        answer=["I would ask where she feels safe."],
    )
    attempt = services.submit_attempt(user=enrolled, attempt=attempt)
    mail.outbox.clear()

    with django_capture_on_commit():
        services.mark_response(
            marker=trainer,
            response=attempt.responses.get(),
            marks=Decimal(1),
            comment="Good start: say more about choice.",
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [enrolled.email]
    assert reverse("quizzes:result", args=[attempt.pk]) in mail.outbox[0].body


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def _form_data(quiz, **extra):
    data = {
        "title": quiz.title if quiz else "New quiz",
        "slug": "new-quiz",
        "pass_mark": 70,
        "min_wait_minutes": 0,
        "feedback_mode": "end",
        "reveal_answers": "once_passed_or_out",
        "layout": "one_per_page",
        "multiple_response_scoring": "all_or_nothing",
        "success_text": "Well done.",
        "fail_text": "Try again when you are ready.",
        "quiz_questions-TOTAL_FORMS": 0,
        "quiz_questions-INITIAL_FORMS": 0,
        "quiz_questions-MIN_NUM_FORMS": 0,
        "quiz_questions-MAX_NUM_FORMS": 1000,
        "draws-TOTAL_FORMS": 0,
        "draws-INITIAL_FORMS": 0,
        "draws-MIN_NUM_FORMS": 0,
        "draws-MAX_NUM_FORMS": 1000,
    }
    data.update(extra)
    return data


def test_b15_publishing_an_empty_quiz_is_refused_with_a_message(trainer_client, course):
    """B15: no questions is caught when the trainer publishes."""
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])

    response = trainer_client.post(url, _form_data(None, **{"action-publish": "1"}))

    assert response.status_code == 200
    assertContains(response, "Add at least one question or draw before publishing")


def test_b15_a_draw_larger_than_the_pool_is_refused(trainer_client, course):
    """B15: a draw larger than its category's pool."""
    law = CategoryFactory(name="Law")
    single(category=law)
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    data = _form_data(
        None,
        **{
            "draws-TOTAL_FORMS": 1,
            "draws-0-category": law.pk,
            "draws-0-count": 5,
            "draws-0-ORDER": 1,
            "draws-0-id": "",
            "draws-0-DELETE": "",
            "action-publish": "1",
        },
    )

    response = trainer_client.post(url, data)

    assert response.status_code == 200
    assertContains(response, "asks for 5 questions, but the bank has only 1")


def test_b10_trainer_publishes_a_valid_quiz(trainer_client, course):
    """B10: authoring in the CMS, with moderation-capable pages."""
    question = single()
    url = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    data = _form_data(
        None,
        **{
            "quiz_questions-TOTAL_FORMS": 1,
            "quiz_questions-0-question": question.pk,
            "quiz_questions-0-ORDER": 1,
            "quiz_questions-0-id": "",
            "quiz_questions-0-DELETE": "",
            "action-publish": "1",
        },
    )

    response = trainer_client.post(url, data)

    assert response.status_code == 302, json.dumps(
        getattr(response, "context", {}) and str(response.context["form"].errors)
    )
    from quizzes.models import QuizPage

    quiz = QuizPage.objects.get(slug="new-quiz")
    assert quiz.live
    assert quiz.revisions.count() == 1
    assert quiz.quiz_questions.get().question == question
