"""A course can keep its order: its quiz opens once the steps before it are done."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import CoursePage
from quizzes import services
from quizzes.models import Attempt
from quizzes.tests.factories import make_quiz, single

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_order(course):
    CoursePage.objects.filter(pk=course.pk).update(quizzes_wait_for_earlier_steps=True)
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def ordered_quiz(in_order):
    return make_quiz(course=in_order, questions=[single()], title="Check yourself")


def lessons(course):
    return list(course_selectors.live_lessons(course=course))


def test_closed_quiz_lists_the_lessons_left_with_links(
    learner_client, enrolled, in_order, ordered_quiz
):
    first, second, third = lessons(in_order)
    course_services.complete_lesson(user=enrolled, lesson=first)

    response = learner_client.get(ordered_quiz.url)

    assertContains(response, "This quiz opens when you have finished the steps")
    assertContains(response, f'<a href="{second.url}">{second.title}</a>', html=True)
    assertContains(response, f'<a href="{third.url}">{third.title}</a>', html=True)
    assertNotContains(response, f'<a href="{first.url}">{first.title}</a>', html=True)
    assertNotContains(response, "Start the quiz")


def test_a_post_cannot_start_a_closed_quiz(
    learner_client, enrolled, in_order, ordered_quiz
):
    response = learner_client.post(
        reverse("quizzes:start", args=[ordered_quiz.pk]), follow=True
    )

    assertContains(response, "This quiz opens when you have finished the steps")
    assert not Attempt.objects.filter(quiz=ordered_quiz).exists()


def test_the_service_refuses_a_closed_quiz(enrolled, in_order, ordered_quiz):
    with pytest.raises(services.NotAllowed, match="finished the steps before it"):
        services.start_attempt(user=enrolled, quiz=ordered_quiz)


def test_the_quiz_opens_once_every_lesson_is_done(
    learner_client, enrolled, in_order, ordered_quiz
):
    for lesson in lessons(in_order):
        course_services.complete_lesson(user=enrolled, lesson=lesson)

    assertContains(learner_client.get(ordered_quiz.url), "Start the quiz")
    attempt = services.start_attempt(user=enrolled, quiz=ordered_quiz)
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_a_quiz_waits_for_a_quiz_above_it_too(enrolled, in_order, ordered_quiz):
    for lesson in lessons(in_order):
        course_services.complete_lesson(user=enrolled, lesson=lesson)
    second = make_quiz(course=in_order, questions=[single()], title="Final check")

    to_do = course_selectors.steps_to_do_before(
        user=enrolled, step=second, course=in_order
    )

    assert [step.pk for step in to_do] == [ordered_quiz.pk]


def test_without_the_setting_the_quiz_is_open_at_any_time(
    learner_client, enrolled, course, quiz
):
    assertContains(learner_client.get(quiz.url), "Start the quiz")
    assert services.start_attempt(user=enrolled, quiz=quiz).pk


def test_the_course_outline_says_when_the_quiz_opens(
    learner_client, enrolled, in_order, ordered_quiz
):
    outline = course_selectors.course_outline(user=enrolled, course=in_order)
    assert [step.pk for step in outline.quizzes[0].to_do] == [
        lesson.pk for lesson in lessons(in_order)
    ]

    response = learner_client.get(in_order.url)

    assertContains(response, "Opens when the lessons are done")
    assertContains(response, "The quiz opens when you have finished the lessons")


def test_an_attempt_already_open_can_be_resumed(learner_client, enrolled, course, quiz):
    """A trainer turning the setting on mid-attempt does not lock her out."""
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    CoursePage.objects.filter(pk=course.pk).update(quizzes_wait_for_earlier_steps=True)
    quiz.refresh_from_db()

    assert services.start_attempt(user=enrolled, quiz=quiz).pk == attempt.pk
