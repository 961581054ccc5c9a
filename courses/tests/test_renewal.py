"""Starting a completed course again to renew it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import selectors, services
from courses.models import Enrolment, LessonPage
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from quizzes.tests.factories import make_quiz, right_answer, single

pytestmark = pytest.mark.django_db


@pytest.fixture
def yearly(course):
    course.validity_months = 12
    course.save()
    return course


def finish(user, course):
    services.enrol(user=user, course=course)
    for lesson in LessonPage.objects.live().child_of(course):
        services.complete_lesson(user=user, lesson=lesson)


def pass_quiz(user, quiz):
    attempt = quiz_services.start_attempt(user=user, quiz=quiz)
    for question in attempt.questions:
        quiz_services.save_answer(
            user=user,
            attempt=attempt,
            question_key=question["key"],
            answer=right_answer(question),
        )
    return quiz_services.submit_attempt(user=user, attempt=attempt)


def age_completion(user, course, days):
    moment = timezone.now() - datetime.timedelta(days=days)
    Enrolment.objects.filter(user=user, course=course).update(
        enrolled_at=moment, completed_at=moment
    )


def restart_url(course):
    return reverse("courses:restart", args=[course.pk])


def test_renewal_is_refused_while_the_training_is_current(client, learner, yearly):
    finish(learner, yearly)
    client.force_login(learner)
    response = client.post(restart_url(yearly), follow=True)
    assert "once its renewal opens" in response.content.decode()
    enrolment = Enrolment.objects.get(user=learner, course=yearly)
    assert enrolment.is_complete
    assert enrolment.restarted_at is None
    assert learner.step_progress.count() == 3


def test_a_course_that_never_expires_cannot_be_restarted(client, learner, course):
    finish(learner, course)
    age_completion(learner, course, days=3000)
    client.force_login(learner)
    client.post(restart_url(course))
    assert Enrolment.objects.get(user=learner, course=course).is_complete


def test_renewing_clears_lesson_ticks_and_asks_for_the_quiz_again(
    client, learner, yearly
):
    quiz = make_quiz(course=yearly, questions=[single()])
    finish(learner, yearly)
    pass_quiz(learner, quiz)
    assert Enrolment.objects.get(user=learner, course=yearly).is_complete
    age_completion(learner, yearly, days=340)

    client.force_login(learner)
    response = client.post(restart_url(yearly))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=learner, course=yearly)
    assert not enrolment.is_complete
    assert enrolment.restarted_at
    assert not learner.step_progress.exists()
    outline = selectors.course_outline(user=learner, course=yearly)
    assert outline.completed_count == 0
    assert [s.passed for s in outline.quizzes] == [False]
    assert quiz_selectors.eligibility(user=learner, quiz=quiz).can_start
    my_learning = selectors.learner_courses(user=learner)
    assert [q.passed for q in my_learning[0].quizzes] == [False]

    finish(learner, yearly)
    assert not Enrolment.objects.get(user=learner, course=yearly).is_complete
    pass_quiz(learner, quiz)
    assert Enrolment.objects.get(user=learner, course=yearly).is_complete


def test_restarting_is_only_for_signed_in_learners_by_post(client, learner, yearly):
    assert client.post(restart_url(yearly)).url.startswith(reverse("accounts:login"))
    client.force_login(learner)
    assert client.get(restart_url(yearly)).status_code == 405
    response = client.post(restart_url(yearly), follow=True)
    assert "not enrolled" in response.content.decode()
    missing = reverse("courses:restart", args=[999999])
    assert client.post(missing).status_code == 404
