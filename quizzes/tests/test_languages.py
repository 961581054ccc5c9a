"""A quiz in Welsh: the attempt is at the English (source) quiz, keeps the
language it was taken in, shows the Welsh questions, and is marked exactly as
the same answers in English."""

import random

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from courses import locales
from courses import services as course_services
from courses.translating import segments_of, translate
from quizzes import selectors, services
from quizzes.models import Attempt, Question, QuizPage
from quizzes.tests.factories import make_quiz, multiple, single, true_false

pytestmark = pytest.mark.django_db


def welsh_words(instance):
    return {text: f"[cy] {text}" for text in segments_of(instance)}


@pytest.fixture
def welsh_quiz(course):
    """The course's quiz, its questions and the pages above it in Welsh."""
    quiz = make_quiz(
        course=course,
        title="Check your understanding",
        questions=[single(), multiple(), true_false()],
        pass_mark=60,
    )
    catalogue = course.get_parent().specific
    home = catalogue.get_parent().specific
    for item in quiz.quiz_questions.all():
        translate(item.question, "cy", welsh_words(item.question))
    for page in (home, catalogue, course, quiz):
        translate(page, "cy", welsh_words(page))
    return quiz.get_translation(locales.locale_id("cy"))


def take(user, quiz, *, language, picks):
    """Start an attempt in a language, choose the choices of the source
    questions numbered in `picks` (question index → authored choice indexes),
    submit, and return the attempt."""
    with translation.override(language):
        attempt = services.start_attempt(
            user=user,
            quiz=quiz,
            rng=random.Random(4),
        )
    for number, question in enumerate(attempt.questions):
        source = Question.objects.get(pk=question["question_id"])
        chosen = {source.choices.all()[i].pk for i in picks[number]}
        services.save_answer(
            user=user,
            attempt=attempt,
            question_key=question["key"],
            answer=[c["id"] for c in question["choices"] if c["choice_id"] in chosen],
        )
    return services.submit_attempt(user=user, attempt=attempt)


@pytest.mark.parametrize(
    "picks",
    [
        {0: [0], 1: [0, 1], 2: [0]},  # every answer right
        {0: [1], 1: [0], 2: [1]},  # some right, some not
        {0: [2], 1: [2], 2: [1]},  # none right
    ],
)
def test_a_welsh_attempt_is_marked_the_same_as_an_english_one(
    welsh_quiz, course, learner, other_learner, picks
):
    english_quiz = QuizPage.objects.get(pk=locales.record_pk(welsh_quiz))
    course_services.enrol(user=learner, course=course)
    course_services.enrol(user=other_learner, course=course)

    in_welsh = take(learner, welsh_quiz, language="cy", picks=picks)
    in_english = take(other_learner, english_quiz, language="en-gb", picks=picks)

    assert selectors.score(in_welsh) == selectors.score(in_english)
    assert in_welsh.passed == in_english.passed


def test_an_attempt_in_welsh_records_its_language_and_shows_welsh_questions(
    welsh_quiz, course, learner
):
    course_services.enrol(user=learner, course=course)

    attempt = take(
        learner, welsh_quiz, language="cy", picks={0: [0], 1: [0, 1], 2: [0]}
    )

    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.language == "cy"
    # At the English quiz: one record, whichever language she takes it in.
    assert attempt.quiz_id == locales.record_pk(welsh_quiz)
    assert all(q["text"].startswith("[cy] ") for q in attempt.questions)
    assert all(
        c["text"].startswith("[cy] ") for q in attempt.questions for c in q["choices"]
    )
    # Her pass completes the English quiz step.
    assert attempt.passed
    state = selectors.course_selectors.step_state(
        user=learner, step=welsh_quiz, course=welsh_quiz.course
    )
    assert state.done


def test_the_welsh_quiz_page_shows_her_english_attempts(
    welsh_quiz, course, learner, client
):
    course_services.enrol(user=learner, course=course)
    english_quiz = QuizPage.objects.get(pk=locales.record_pk(welsh_quiz))
    take(learner, english_quiz, language="en-gb", picks={0: [0], 1: [0, 1], 2: [0]})
    client.force_login(learner)

    response = client.get(welsh_quiz.url)

    assert response.status_code == 200
    assertContains(response, "[cy] Check your understanding")
    rules = response.context["rules"]
    assert rules.passed


def test_her_welsh_attempt_is_shown_with_the_welsh_quiz_and_course(
    welsh_quiz, course, learner, client
):
    """The take, review and result pages under /cy/ name the Welsh quiz and
    link to the Welsh quiz and course, though the attempt is the English
    quiz's (found by the Welsh browser journey)."""
    course_services.enrol(user=learner, course=course)
    client.force_login(learner)
    with translation.override("cy"):
        attempt = services.start_attempt(
            user=learner, quiz=welsh_quiz, rng=random.Random(4)
        )
        take_url = reverse("quizzes:take", args=[attempt.pk])
        review_url = reverse("quizzes:review", args=[attempt.pk])
        result_url = reverse("quizzes:result", args=[attempt.pk])
    welsh_course = welsh_quiz.get_parent().specific
    assert welsh_course.url.startswith("/cy/")

    for url in (take_url, review_url):
        response = client.get(url)
        assertContains(response, "[cy] Check your understanding")
        assertNotContains(response, "<title>Check your understanding")

    client.post(review_url)
    response = client.get(result_url)

    assertContains(response, "[cy] Check your understanding")
    assertContains(response, f'href="{welsh_course.url}"')
    assertNotContains(response, f'href="{course.url}"')


def test_the_switcher_on_an_attempt_links_to_the_same_attempt(
    welsh_quiz, course, learner, client
):
    """An attempt's page names its quiz, but the switcher translates the page
    she is on: the same question, not the quiz's own page."""
    course_services.enrol(user=learner, course=course)
    client.force_login(learner)
    with translation.override("cy"):
        attempt = services.start_attempt(
            user=learner, quiz=welsh_quiz, rng=random.Random(4)
        )
        welsh_take = reverse("quizzes:take", args=[attempt.pk])
    english_take = welsh_take.removeprefix("/cy")

    response = client.get(welsh_take)

    assertContains(
        response, f'<a href="{english_take}" hreflang="en-GB" lang="en-GB">English</a>'
    )
