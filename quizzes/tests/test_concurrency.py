"""Two requests at once, on real connections (CI runs this on PostgreSQL too).

It commits for real, so the database is flushed after it; serialized rollback
puts the migrations' data (the page tree root, groups) back for the next
transactional test.
"""

import threading

import pytest
from django.db import connection

from courses import services as course_services
from quizzes import services
from quizzes.models import Attempt, Response
from quizzes.tests.factories import make_quiz, right_answer, single

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_b11_a_double_submit_at_once_yields_one_graded_attempt(learner, course):
    """B11: two final submits in parallel grade the attempt exactly once."""
    course_services.enrol(user=learner, course=course)
    quiz = make_quiz(course=course, questions=[single(), single(), single()])
    attempt = services.start_attempt(user=learner, quiz=quiz)
    for question in attempt.questions:
        services.save_answer(
            user=learner,
            attempt=attempt,
            question_key=question["key"],
            answer=right_answer(question),
        )
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def submit():
        try:
            mine = Attempt.objects.get(pk=attempt.pk)
            barrier.wait(timeout=10)
            outcomes.append(services.submit_attempt(user=learner, attempt=mine))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(outcomes) == 2
    final = Attempt.objects.get(pk=attempt.pk)
    assert final.status == Attempt.Status.GRADED
    assert final.passed is True
    assert {o.submitted_at for o in outcomes} == {final.submitted_at}
    assert Response.objects.filter(attempt=attempt).count() == 3
    assert Attempt.objects.filter(quiz=quiz).count() == 1
