"""A quiz is reachable only where its course is (`courses.selectors.
visible_to_learners`): practice, the quiz list, starting and taking it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from courses import services as course_services
from courses.models import Enrolment
from courses.tests.factories import make_course
from quizzes import services
from quizzes.models import Attempt, QuestionCategory
from quizzes.tests.factories import make_quiz, single

pytestmark = pytest.mark.django_db

SECRET_QUESTION = "Which agency holds the withdrawn protocol?"


@pytest.fixture
def category(db):
    return QuestionCategory.objects.create(name="Withdrawn material")


@pytest.fixture
def hidden_course(catalogue):
    return make_course(catalogue=catalogue, lessons=1, title="Withdrawn course")


@pytest.fixture
def hidden_quiz(hidden_course, category):
    """A live quiz, open to visitors, whose course is then unpublished."""
    quiz = make_quiz(
        course=hidden_course,
        title="Withdrawn quiz",
        questions=[single(text=SECRET_QUESTION)],
        open_to_visitors=True,
        category=category,
    )
    hidden_course.unpublish()
    quiz.refresh_from_db()
    assert quiz.live
    return quiz


def test_a_visitor_cannot_practise_a_quiz_of_an_unpublished_course(client, hidden_quiz):
    """P12, P17: practice is for quizzes learners may reach; the questions of a
    quiz in an unpublished course are not readable."""
    response = client.get(reverse("quizzes:practice", args=[hidden_quiz.pk]))

    assert response.status_code == 404
    assertNotContains(response, SECRET_QUESTION, status_code=404)


def test_the_quiz_list_leaves_out_quizzes_of_unpublished_courses(
    client, course, hidden_quiz, category
):
    """P12, P18: the list shows what learners may reach, by the same rule."""
    make_quiz(course=course, title="Check your understanding", questions=[single()])

    response = client.get(reverse("quizzes:list"))

    assertContains(response, "Check your understanding")
    assertNotContains(response, "Withdrawn quiz")
    assertNotContains(response, category.name)  # no quiz of it to list
    filtered = client.get(reverse("quizzes:list"), {"category": category.pk})
    assertNotContains(filtered, "Withdrawn quiz")


def test_she_cannot_start_a_quiz_of_an_unpublished_course(
    learner_client, learner, hidden_course, hidden_quiz
):
    Enrolment.objects.create(user=learner, course=hidden_course)  # before it went

    response = learner_client.post(reverse("quizzes:start", args=[hidden_quiz.pk]))

    assert response.status_code == 404
    assert not Attempt.objects.filter(user=learner).exists()


def test_an_attempt_open_when_the_course_was_unpublished_can_no_longer_be_taken(
    learner_client, learner, catalogue
):
    course = make_course(catalogue=catalogue, lessons=1, title="Soon withdrawn")
    course_services.enrol(user=learner, course=course)
    quiz = make_quiz(course=course, questions=[single(text=SECRET_QUESTION)])
    attempt = services.start_attempt(user=learner, quiz=quiz)
    course.unpublish()

    take = learner_client.get(reverse("quizzes:take", args=[attempt.pk]))
    submit = learner_client.post(reverse("quizzes:review", args=[attempt.pk]))

    assert take.status_code == 404
    assertNotContains(take, SECRET_QUESTION, status_code=404)
    assert submit.status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_her_result_of_a_withdrawn_course_stays_hers_to_see(
    learner_client, learner, catalogue
):
    course = make_course(catalogue=catalogue, lessons=1, title="Soon withdrawn")
    course_services.enrol(user=learner, course=course)
    quiz = make_quiz(course=course, questions=[single()])
    attempt = services.start_attempt(user=learner, quiz=quiz)
    services.submit_attempt(user=learner, attempt=attempt)
    course.unpublish()

    response = learner_client.get(reverse("quizzes:result", args=[attempt.pk]))

    assert response.status_code == 200
