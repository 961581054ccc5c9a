"""The course pages read a course's steps, tags and course from the cache: what
a learner sees still follows every publish, unpublish, new page and deletion at
once."""

import pytest
from django.urls import reverse

from courses import services
from courses.tests.factories import LessonPageFactory, make_course
from quizzes.tests.factories import QuizPageFactory

pytestmark = pytest.mark.django_db


def _outline(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    outline = response.context["outline"]
    return [s.lesson.title for s in outline.lessons], [
        s.quiz.title for s in outline.quizzes
    ]


def test_the_outline_follows_new_unpublished_and_deleted_steps(
    learner_client, learner, catalogue
):
    course = make_course(catalogue=catalogue, title="Listening", lessons=2)
    services.enrol(user=learner, course=course)
    assert _outline(learner_client, course) == (
        ["Listening lesson 1", "Listening lesson 2"],
        [],
    )

    added = LessonPageFactory(parent=course, title="Listening lesson 3")
    quiz = QuizPageFactory(parent=course, title="Check")
    assert _outline(learner_client, course) == (
        ["Listening lesson 1", "Listening lesson 2", "Listening lesson 3"],
        ["Check"],
    )

    added.unpublish()
    quiz.delete()
    assert _outline(learner_client, course) == (
        ["Listening lesson 1", "Listening lesson 2"],
        [],
    )


def test_a_renamed_course_shows_its_new_title_on_its_lessons(
    learner_client, learner, catalogue
):
    course = make_course(catalogue=catalogue, title="Listening", lessons=1)
    services.enrol(user=learner, course=course)
    lesson = course.get_children().first()
    assert "Listening" in learner_client.get(lesson.url).content.decode()

    course.title = "Listening well"
    course.save_revision().publish()

    assert "Listening well" in learner_client.get(lesson.url).content.decode()


def test_my_learning_follows_a_new_step(learner_client, learner, catalogue):
    course = make_course(catalogue=catalogue, title="Listening", lessons=1)
    services.enrol(user=learner, course=course)
    url = reverse("courses:my_learning")
    assert "0 of 1" in learner_client.get(url).content.decode()

    LessonPageFactory(parent=course, title="Listening lesson 2")

    assert "0 of 2" in learner_client.get(url).content.decode()
