"""Her last two steps of a course finished at the same moment (two tabs, or a
quiz marked as she reads the last lesson), on real connections: the course is
completed once, whichever comes second. Runs on SQLite and, with DATABASE_URL,
on PostgreSQL, where each request would otherwise miss the other's step."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from courses import selectors, services
from courses.models import Enrolment, LessonPage
from courses.tests.factories import make_course

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROUNDS = 8


def _race(*jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # the outcome is what the test reads
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def test_the_last_two_lessons_at_once_complete_the_course_once(catalogue):
    course = make_course(catalogue=catalogue, title="Listening", lessons=3)
    first, *last_two = [step.specific for step in selectors.live_steps(course=course)]
    assert all(isinstance(lesson, LessonPage) for lesson in last_two)
    for _ in range(ROUNDS):
        learner = UserFactory()
        services.enrol(user=learner, course=course)
        services.complete_lesson(user=learner, lesson=first)

        results = _race(
            *(
                lambda lesson=lesson, learner=learner: services.complete_lesson(
                    user=learner, lesson=lesson
                )
                for lesson in last_two
            )
        )

        assert not [r for r in results if isinstance(r, Exception)], results
        assert sum(r.course_completed_now for r in results) == 1
        assert Enrolment.objects.get(user=learner, course=course).is_complete
