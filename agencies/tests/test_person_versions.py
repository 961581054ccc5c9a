"""The person page and the exports say which version of a course each person
completed."""

import csv
import io

import pytest
from django.urls import reverse

from courses.models import LessonPage
from courses.tests.factories import complete_course, publish_course_on, publish_on

pytestmark = pytest.mark.django_db


def test_a_course_republished_after_she_completed_it_shows_her_earlier_version(
    client, manager, course, alice, bella, django_capture_on_commit_callbacks
):
    publish_course_on(course, "2026-11-26")
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(user=alice.user, course=course)
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    lesson.body = [("rich_text", "<p>Revised after the 2026 review.</p>")]
    publish_on(lesson, "2026-12-03")
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(user=bella.user, course=course)

    client.force_login(manager)
    hers = client.get(reverse("agencies:person", args=[alice.pk])).content.decode()
    assert "(version of 26 November 2026)" in hers
    assert "3 December 2026" not in hers
    theirs = client.get(reverse("agencies:person", args=[bella.pk])).content.decode()
    assert "(version of 3 December 2026)" in theirs


def test_another_agencys_manager_sees_nothing_of_her(
    client, other_manager, course, alice, django_capture_on_commit_callbacks
):
    publish_course_on(course, "2026-11-26")
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(user=alice.user, course=course)
    client.force_login(other_manager)
    assert client.get(reverse("agencies:person", args=[alice.pk])).status_code == 404


def test_the_export_names_the_version_each_person_completed(
    client, manager, assigned, alice, bella, django_capture_on_commit_callbacks
):
    publish_course_on(assigned, "2026-11-26")
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(user=alice.user, course=assigned)
    lesson = LessonPage.objects.child_of(assigned).order_by("path").first()
    lesson.body = [("rich_text", "<p>Revised after the 2026 review.</p>")]
    publish_on(lesson, "2026-12-03")
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(user=bella.user, course=assigned)

    client.force_login(manager)
    response = client.get(reverse("agencies:export_csv"))
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    versions = {row["Person"]: row["Course version"] for row in rows}
    assert versions["Alice Adams"] == "version of 26 November 2026"
    assert versions["Bella Brown"] == "version of 3 December 2026"


def test_the_export_names_the_version_someone_taking_the_course_now_will_complete(
    client, manager, assigned, alice
):
    """Republishing one lesson makes a new version, for the rows of people who
    have not completed it as for completions (one rule, courses.versions)."""
    publish_course_on(assigned, "2026-11-26")
    lesson = LessonPage.objects.child_of(assigned).order_by("path").first()
    lesson.body = [("rich_text", "<p>Revised after the 2026 review.</p>")]
    publish_on(lesson, "2026-12-03")

    client.force_login(manager)
    response = client.get(reverse("agencies:export_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    versions = {
        row["Person"]: row["Course version"]
        for row in csv.DictReader(io.StringIO(text))
    }
    assert versions["Alice Adams"] == "version of 3 December 2026"
