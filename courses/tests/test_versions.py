"""Which version of a course she completed, kept in her completion history."""

import datetime
import importlib

import pytest
from django.utils import timezone

from courses import selectors, services, versions
from courses.models import Completion, Enrolment, LessonPage
from courses.tests.factories import complete_course, publish_course_on, publish_on

pytestmark = pytest.mark.django_db


def publish(page, *, on: str):
    publish_on(page, on)


@pytest.fixture
def published_course(course):
    """The course and its lessons published through revisions on 26 November 2026."""
    return publish_course_on(course, "2026-11-26")


def first_lesson(course):
    return LessonPage.objects.child_of(course).order_by("path").first()


def test_a_completion_records_the_version_she_completed(learner, published_course):
    complete_course(user=learner, course=published_course)
    completion = Completion.objects.get(user=learner, course=published_course)
    enrolment = Enrolment.objects.get(user=learner, course=published_course)
    assert completion.completed_at == enrolment.completed_at
    assert completion.course_revision_id == published_course.live_revision_id
    assert completion.version_label == "version of 26 November 2026"
    assert len(completion.fingerprint) == 64
    assert len(completion.short_fingerprint) == 12
    lessons = list(LessonPage.objects.child_of(published_course).order_by("path"))
    assert completion.steps == [
        {
            "page_id": lesson.pk,
            "revision_id": lesson.live_revision_id,
            "title": lesson.title,
        }
        for lesson in lessons
    ]
    assert not completion.backfilled


def test_a_republished_course_shows_each_completer_her_own_version(
    learner, other_learner, published_course
):
    complete_course(user=learner, course=published_course)
    lesson = first_lesson(published_course)
    lesson.body = [("rich_text", "<p>Revised after the 2026 review.</p>")]
    publish(lesson, on="2026-12-03")
    complete_course(user=other_learner, course=published_course)

    hers = selectors.completion_version(
        user_id=learner.pk,
        course_id=published_course.pk,
        completed_at=Enrolment.objects.get(user=learner).completed_at,
    )
    theirs = selectors.completion_version(
        user_id=other_learner.pk,
        course_id=published_course.pk,
        completed_at=Enrolment.objects.get(user=other_learner).completed_at,
    )
    assert hers.version_label == "version of 26 November 2026"
    assert theirs.version_label == "version of 3 December 2026"
    assert hers.fingerprint != theirs.fingerprint
    assert hers.steps[0]["revision_id"] != theirs.steps[0]["revision_id"]


def test_the_fingerprint_changes_with_the_content_and_not_otherwise(published_course):
    before = versions.published_version(published_course)
    # Published again with nothing changed: a new revision, the same content.
    publish(published_course, on="2026-11-28")
    publish(first_lesson(published_course), on="2026-11-28")
    again = versions.published_version(published_course)
    assert again.fingerprint == before.fingerprint
    assert again.course_revision_id != before.course_revision_id
    assert again.published_at > before.published_at

    # A draft saved but not published changes nothing she can read.
    lesson = first_lesson(published_course)
    lesson.title = "A draft title"
    lesson.save_revision()
    assert (
        versions.published_version(published_course).fingerprint == before.fingerprint
    )

    lesson = first_lesson(published_course)
    lesson.title = "Understanding trauma, revised"
    publish(lesson, on="2026-11-29")
    assert (
        versions.published_version(published_course).fingerprint != before.fingerprint
    )


def test_the_course_page_content_counts_too(published_course):
    before = versions.published_version(published_course).fingerprint
    published_course.summary = "A new summary for the 2027 cohort."
    publish(published_course, on="2026-12-01")
    assert versions.published_version(published_course).fingerprint != before


def test_starting_again_keeps_every_completion(learner, published_course):
    published_course.validity_months = 12
    publish(published_course, on="2026-11-26")
    first_at = timezone.now() - datetime.timedelta(days=400)
    complete_course(user=learner, course=published_course, at=first_at)
    Enrolment.objects.filter(user=learner).update(enrolled_at=first_at)
    services.restart_course(user=learner, course=published_course)
    complete_course(user=learner, course=published_course)

    history = list(selectors.completion_history(user=learner))
    assert len(history) == 2
    assert history[1].completed_at == first_at
    assert history[0].completed_at == Enrolment.objects.get(user=learner).completed_at


def test_completing_twice_at_once_keeps_one_completion(learner, published_course):
    complete_course(user=learner, course=published_course)
    assert not services.complete_course_if_finished(
        user=learner, course=published_course
    )
    assert Completion.objects.filter(user=learner).count() == 1


def test_completion_versions_reads_many_in_one_query(
    learner, other_learner, published_course, django_assert_num_queries
):
    complete_course(user=learner, course=published_course)
    complete_course(user=other_learner, course=published_course)
    keys = [
        (e.user_id, e.course_id, e.completed_at)
        for e in Enrolment.objects.filter(course=published_course)
    ] + [(learner.pk, published_course.pk, None)]
    with django_assert_num_queries(1):
        found = selectors.completion_versions(keys)
    assert set(found) == set(keys[:2])


def test_a_completion_never_recorded_has_no_version(learner, course):
    assert (
        selectors.completion_version(
            user_id=learner.pk, course_id=course.pk, completed_at=timezone.now()
        )
        is None
    )


def test_the_backfill_keeps_a_completion_for_each_completed_enrolment(
    learner, other_learner, published_course
):
    from django.apps import apps

    backfill = importlib.import_module(
        "courses.migrations.0009_backfill_completion_history"
    ).backfill
    complete_course(user=learner, course=published_course)
    services.enrol(user=other_learner, course=published_course)  # not complete
    Completion.objects.all().delete()  # as before versions were recorded

    backfill(apps, None)
    backfill(apps, None)  # running it again adds nothing

    completion = Completion.objects.get()
    assert completion.user == learner
    assert completion.backfilled
    assert completion.completed_at == Enrolment.objects.get(user=learner).completed_at
    now = versions.published_version(published_course)
    assert completion.fingerprint == now.fingerprint
    assert completion.version_label == "version of 26 November 2026"
    assert completion.steps == now.steps
