"""A trainer starts a course and gets a first lesson and an empty quiz to fill;
then publishes a finished course with its lessons and quizzes in one action,
and a learner's view of the catalogue shows it live."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Page

from courses.models import CoursePage, LessonPage
from courses.tests.test_authoring import new_course
from quizzes.models import QuizPage
from tests.e2e.test_trainer_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_new_course_starts_with_a_lesson_and_a_quiz_to_fill(
    audited_page, trainer, catalogue, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # her own Save draft, no race
    a = audited_page
    page = a.page
    sign_in(a, trainer, f"/admin/pages/add/courses/coursepage/{catalogue.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("New: Course")
    # Each field says what learners will see; topics are checkboxes.
    expect(
        page.get_by_text("Shown to learners under the title on the course")
    ).to_be_visible()
    expect(
        page.locator("#id_content_topics input[type=checkbox]").first
    ).to_be_attached()
    a.audit()
    page.locator("#id_title").fill("Safety planning with women")
    page.locator("#id_summary").fill("Planning for safety with a woman, at her pace.")
    page.locator("#id_estimated_minutes").fill("40")
    page.locator("#id_audience").fill("Probation officers")

    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messages")).to_contain_text(
        "has a first lesson and an empty quiz, as drafts"
    )
    a.audit()
    course = CoursePage.objects.get(title="Safety planning with women")
    steps = [p.specific for p in Page.objects.child_of(course).order_by("path")]
    assert [type(step) for step in steps] == [LessonPage, QuizPage]
    assert not any(step.live for step in [course, *steps])


def test_trainer_publishes_a_course_with_its_lessons_and_quizzes_in_one_go(
    audited_page, trainer, catalogue
):
    course = new_course(catalogue, lessons=2)
    a = audited_page
    page = a.page
    sign_in(a, trainer, f"/admin/pages/{course.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(course.title)
    a.audit()

    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Publish course with its lessons and quizzes"
        ).click()
    expect(page.get_by_role("main")).to_contain_text("Step 1 (lesson, draft)")
    a.audit()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish 4 pages").click()

    expect(page.locator(".messages")).to_contain_text(
        "is live, with its lessons and quizzes (4 pages)"
    )
    a.audit()
    course.refresh_from_db()
    assert course.live
    assert Page.objects.child_of(course).live().count() == 3

    page.goto(catalogue.url)
    expect(page.get_by_role("main")).to_contain_text("Safety planning")
    a.audit()
