"""The answer reveal policy: when a learner sees the correct answers, the
explanations and the feedback on her choices.

"After every attempt", "only once she has passed or has no attempts left" (the
default, so a retry still tests something) and "never". Her own answers, and
whether each was right, stay hers to see, and in her data export.
"""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from courses import selectors as course_selectors
from courses import services as course_services
from privacy import selectors as privacy_selectors
from quizzes import services
from quizzes.models import QuizPage
from quizzes.tests.factories import make_quiz, right_answer, single, wrong_answer
from quizzes.tests.test_more_views import _form_data

pytestmark = pytest.mark.django_db

EXPLANATION = "Because it centres her choice."
CHOICE_FEEDBACK = "Insist is not it."


def quiz_with(course, **settings) -> QuizPage:
    return make_quiz(
        course=course,
        title="Check your understanding",
        questions=[single(right="Offer a choice", wrong=("Insist", "Ignore"))],
        pass_mark=100,
        **settings,
    )


def attempt_at(learner, quiz, *, right: bool):
    attempt = services.start_attempt(user=learner, quiz=quiz)
    question = attempt.questions[0]
    services.save_answer(
        user=learner,
        attempt=attempt,
        question_key=question["key"],
        answer=right_answer(question)
        if right
        else [next(c["id"] for c in question["choices"] if c["text"] == "Insist")],
    )
    return services.submit_attempt(user=learner, attempt=attempt)


def result_page(client, attempt):
    response = client.get(reverse("quizzes:result", args=[attempt.pk]))
    assert response.status_code == 200
    return response


def assert_revealed(response):
    assertContains(response, "(correct answer)")
    assertContains(response, EXPLANATION)
    assertContains(response, CHOICE_FEEDBACK)


def assert_hidden(response):
    assertNotContains(response, "(correct answer)")
    assertNotContains(response, EXPLANATION)
    assertNotContains(response, CHOICE_FEEDBACK)
    # Her own answer and whether it was right are still hers.
    assertContains(response, "(your choice)")
    assertContains(response, "Not quite")


def test_the_default_waits_until_she_has_passed_or_run_out(
    learner_client, enrolled, course
):
    quiz = quiz_with(course)
    assert quiz.reveal_answers == QuizPage.RevealAnswers.ONCE_PASSED_OR_OUT
    for lesson in course_selectors.live_lessons(course=course):
        course_services.complete_lesson(user=enrolled, lesson=lesson)
    failed = attempt_at(enrolled, quiz, right=False)

    response = result_page(learner_client, failed)
    assert_hidden(response)
    assertContains(response, "shown once you have passed, or have used every attempt")

    passed = attempt_at(enrolled, quiz, right=True)
    assertContains(result_page(learner_client, passed), "(correct answer)")
    # Once she has passed, the earlier attempt's answers are shown too.
    assert_revealed(result_page(learner_client, failed))


def test_the_default_shows_the_answers_once_she_has_no_attempts_left(
    learner_client, enrolled, course
):
    quiz = quiz_with(course, max_attempts=1)

    failed = attempt_at(enrolled, quiz, right=False)

    response = result_page(learner_client, failed)
    assert_revealed(response)
    assertContains(response, "you have used every attempt this quiz allows")
    assertNotContains(response, "Go to the quiz")


def test_after_every_attempt_shows_them_straight_after_a_fail(
    learner_client, enrolled, course
):
    quiz = quiz_with(course, reveal_answers="after_every_attempt")

    failed = attempt_at(enrolled, quiz, right=False)

    assert_revealed(result_page(learner_client, failed))


def test_never_hides_them_even_after_a_pass(learner_client, enrolled, course):
    quiz = quiz_with(course, reveal_answers="never")
    attempt_at(enrolled, quiz, right=False)
    passed = attempt_at(enrolled, quiz, right=True)

    response = result_page(learner_client, passed)

    assertNotContains(response, "(correct answer)")
    assertNotContains(response, EXPLANATION)
    assertContains(response, "This quiz does not show the correct answers")
    assertContains(response, "Your answer was right")


@pytest.mark.parametrize(
    ("policy", "revealed"),
    [("once_passed_or_out", False), ("after_every_attempt", True), ("never", False)],
)
def test_feedback_after_each_question_follows_the_policy(
    learner_client, enrolled, course, policy, revealed
):
    quiz = make_quiz(
        course=course,
        questions=[single(), single()],
        feedback_mode="each",
        reveal_answers=policy,
    )
    learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = quiz.attempts.get()
    first = attempt.questions[0]

    response = learner_client.post(
        reverse("quizzes:take", args=[attempt.pk]) + "?q=1",
        {first["key"]: wrong_answer(first)[0], "action": "next"},
        follow=True,
    )

    assertContains(response, "Not quite")
    assertContains(response, "(your choice)")
    assert ("(correct answer)" in response.content.decode()) is revealed
    assert (first["explanation"] in response.content.decode()) is revealed


@pytest.mark.parametrize(
    ("policy", "right", "revealed"),
    [
        ("once_passed_or_out", False, False),
        ("once_passed_or_out", True, True),
        ("after_every_attempt", False, True),
        ("never", True, False),
    ],
)
def test_visitor_practice_follows_the_policy(client, course, policy, right, revealed):
    quiz = quiz_with(course, open_to_visitors=True, reveal_answers=policy)
    client.get(reverse("quizzes:practice", args=[quiz.pk]))
    (question,) = client.session[f"quiz-practice-{quiz.pk}"]
    answer = right_answer(question) if right else wrong_answer(question)

    response = client.post(
        reverse("quizzes:practice", args=[quiz.pk]), {question["key"]: answer[0]}
    )

    assert response.status_code == 200
    assert ("(correct answer)" in response.content.decode()) is revealed
    assert (EXPLANATION in response.content.decode()) is revealed


def test_her_data_export_keeps_her_answers_whatever_the_policy(enrolled, course):
    quiz = quiz_with(course, reveal_answers="never")
    attempt_at(enrolled, quiz, right=False)

    (exported,) = privacy_selectors.export_for(enrolled)["quiz_attempts"]

    (answer,) = exported["answers"]
    assert answer["your_answer"] == "Insist"
    assert answer["correct"] is False


def test_someone_else_cannot_see_her_result_whatever_the_policy(
    enrolled, other_learner, course
):
    quiz = quiz_with(course, reveal_answers="after_every_attempt")
    attempt = attempt_at(enrolled, quiz, right=False)
    other = Client()
    other.force_login(other_learner)

    response = other.get(reverse("quizzes:result", args=[attempt.pk]))

    assert response.status_code == 404


def test_trainers_choose_the_policy_with_plain_help_text(trainer_client, course):
    quiz = quiz_with(course)

    response = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))

    assertContains(response, "Show the correct answers")
    assertContains(response, "After every attempt")
    assertContains(response, "Only once she has passed, or has no attempts left")
    assertContains(response, "still tests what she knows")


def test_an_unknown_policy_is_refused_in_the_admin(trainer_client, course):
    quiz = quiz_with(course)
    question = quiz.quiz_questions.get()
    data = _form_data(
        quiz,
        **{
            "slug": quiz.slug,
            "reveal_answers": "sometimes",
            "quiz_questions-TOTAL_FORMS": 1,
            "quiz_questions-INITIAL_FORMS": 1,
            "quiz_questions-0-id": question.pk,
            "quiz_questions-0-question": question.question_id,
            "quiz_questions-0-ORDER": 1,
            "quiz_questions-0-DELETE": "",
            "action-publish": "1",
        },
    )

    response = trainer_client.post(
        reverse("wagtailadmin_pages:edit", args=[quiz.pk]), data
    )

    assert response.status_code == 200
    assertContains(response, "Select a valid choice")
    quiz.refresh_from_db()
    assert quiz.reveal_answers == QuizPage.RevealAnswers.ONCE_PASSED_OR_OUT
