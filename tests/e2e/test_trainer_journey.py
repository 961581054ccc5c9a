import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from courses.models import LessonPage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(audited_page, user, next_url):
    a = audited_page
    a.page.goto(f"/accounts/sign-in/?next={next_url}")
    a.audit()
    a.page.get_by_label("Email address").fill(user.email)
    a.page.get_by_label("Password").fill(PASSWORD)
    a.page.get_by_role("button", name="Sign in").click()


def test_trainer_writes_and_publishes_a_lesson_in_the_wagtail_admin(
    audited_page, trainer, course, settings
):
    # Wagtail's autosave would race the publish button on a loaded machine; the
    # journey here is the trainer's own save and publish.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    a = audited_page
    page = a.page
    sign_in(a, trainer, f"/admin/pages/{course.pk}/add_subpage/")

    # A course takes lessons and quizzes: she chooses a lesson.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Create a page in")
    a.audit()
    page.get_by_role("link", name="Lesson", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New: Lesson")
    a.audit()
    page.locator("#id_title").fill("Release day: the first hour")
    page.locator("#id_intro").fill("What helps in the first hour after release.")

    # A new lesson opens with an empty rich text block, ready to type into.
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    editor.press_sequentially("Meet her at the gate if she wants you there.")
    expect(editor).to_contain_text("Meet her at the gate")
    # Draftail saves to its hidden input a moment after typing stops.
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile("Meet her at the gate")
    )

    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    # Wagtail lists the course's pages with a confirmation.
    expect(page.locator(".messages")).to_contain_text("created and published")
    a.audit()

    lesson = LessonPage.objects.get(title="Release day: the first hour")
    assert lesson.live
    assert lesson.get_parent().pk == course.pk
    assert "Meet her at the gate" in str(lesson.body)

    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value("Release day: the first hour")
    a.audit()

    # Learners now see it in the course's list of lessons.
    page.goto(course.url)
    expect(page.get_by_role("main")).to_contain_text("Release day: the first hour")
    a.audit()
