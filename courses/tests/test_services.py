import pytest
from django.db import IntegrityError, transaction

from accounts.tests.factories import UserFactory
from courses import selectors, services
from courses.models import Enrolment, StepProgress
from courses.tests.factories import LessonPageFactory, make_course

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(selectors.live_lessons(course=course))


def test_enrol_creates_one_enrolment_and_enrolling_twice_keeps_it(learner, course):
    first, created = services.enrol(user=learner, course=course)
    again, created_again = services.enrol(user=learner, course=course)

    assert created is True
    assert created_again is False
    assert first.pk == again.pk
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_enrol_in_an_unpublished_course_is_refused(learner, course):
    course.unpublish()

    with pytest.raises(services.CourseUnavailable):
        services.enrol(user=learner, course=course)
    assert not Enrolment.objects.exists()


def test_completing_a_lesson_without_enrolling_is_refused_and_saves_nothing(
    learner, course
):
    with pytest.raises(services.NotEnrolled):
        services.complete_lesson(user=learner, lesson=lessons_of(course)[0])
    assert not StepProgress.objects.exists()


def test_completing_a_lesson_twice_records_it_once(learner, course):
    services.enrol(user=learner, course=course)
    lesson = lessons_of(course)[0]

    first = services.complete_lesson(user=learner, lesson=lesson)
    second = services.complete_lesson(user=learner, lesson=lesson)

    assert first.newly_completed_lesson is True
    assert second.newly_completed_lesson is False
    assert StepProgress.objects.filter(user=learner, step=lesson).count() == 1


def test_course_completes_once_when_every_lesson_is_done(learner, course):
    services.enrol(user=learner, course=course)
    *first_lessons, last = lessons_of(course)
    for lesson in first_lessons:
        assert not services.complete_lesson(
            user=learner, lesson=lesson
        ).course_completed_now

    result = services.complete_lesson(user=learner, lesson=last)

    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert result.course_completed_now is True
    assert enrolment.completed_at is not None
    recorded_at = enrolment.completed_at
    # Completing again (or a racing second request) never records it again.
    assert (
        services.complete_lesson(user=learner, lesson=last).course_completed_now
        is False
    )
    assert services.complete_course_if_finished(user=learner, course=course) is False
    enrolment.refresh_from_db()
    assert enrolment.completed_at == recorded_at


def test_a_course_with_no_lessons_is_never_complete(learner, catalogue):
    empty = make_course(catalogue=catalogue, lessons=0)
    services.enrol(user=learner, course=empty)

    assert services.complete_course_if_finished(user=learner, course=empty) is False


def test_draft_lessons_do_not_count_towards_completion(learner, course):
    LessonPageFactory(parent=course, title="Still being written", live=False)
    services.enrol(user=learner, course=course)
    for lesson in lessons_of(course):
        services.complete_lesson(user=learner, lesson=lesson)

    assert Enrolment.objects.get(user=learner, course=course).is_complete


def test_a_lesson_of_an_unpublished_course_cannot_be_completed(learner, course):
    services.enrol(user=learner, course=course)
    lesson = lessons_of(course)[0]
    course.live = False
    course.save()

    with pytest.raises(services.CourseUnavailable):
        services.complete_lesson(user=learner, lesson=lesson)
    assert not StepProgress.objects.exists()


def test_database_refuses_a_second_enrolment_row(learner, course):
    Enrolment.objects.create(user=learner, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=learner, course=course)


def test_database_refuses_a_second_progress_row(learner, course):
    lesson = lessons_of(course)[0]
    StepProgress.objects.create(user=learner, step=lesson, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        StepProgress.objects.create(user=learner, step=lesson, course=course)


def test_progress_is_per_learner(learner, course):
    other = UserFactory()
    services.enrol(user=learner, course=course)
    services.enrol(user=other, course=course)
    services.complete_lesson(user=learner, lesson=lessons_of(course)[0])

    assert selectors.course_outline(user=learner, course=course).completed_count == 1
    assert selectors.course_outline(user=other, course=course).completed_count == 0
