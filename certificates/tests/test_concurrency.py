"""Two completions racing to issue the same certificate, on real connections
(CI runs this on PostgreSQL as well as SQLite)."""

import threading

import pytest
from django.db import connection

from certificates import services
from certificates.models import Certificate
from courses import services as course_services
from courses.models import Enrolment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_issues_at_once_for_one_completion_make_one_certificate(learner, course):
    course_services.enrol(user=learner, course=course)
    enrolment = Enrolment.objects.get(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=enrolment.enrolled_at)
    barrier = threading.Barrier(4)
    outcomes, errors = [], []

    def issue():
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.issue_for_enrolment(enrolment.pk))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Certificate.objects.count() == 1
    certificate = Certificate.objects.get()
    assert {issued for issued, _ in outcomes} == {certificate}
    assert sum(created for _, created in outcomes) == 1
