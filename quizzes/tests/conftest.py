import pytest

from courses import services as course_services
from quizzes.tests.factories import make_quiz, multiple, single, true_false


@pytest.fixture
def enrolled(learner, course):
    course_services.enrol(user=learner, course=course)
    return learner


@pytest.fixture
def quiz(course):
    return make_quiz(
        course=course,
        title="Check your understanding",
        questions=[single(), multiple(), true_false()],
        pass_mark=60,
    )
