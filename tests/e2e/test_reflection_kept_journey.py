"""Nothing she writes is lost: a learner types a reflection, leaves the lesson,
comes back and finds her words; then marks the lesson complete and finds the
note in My reflections. Run with the site's Content-Security-Policy enforced,
so the autosave script is shown to work under it, and axe-core on every page."""

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from courses.models import LessonPage, StepProgress
from reflections.models import CheckIn, Draft, Reflection

from .test_security_journey import sign_in, strict_page  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROMPT = "What would help a woman feel safe at her first appointment?"
WORDS = "Meeting her somewhere she chooses, and saying what happens next."
MORE = " And not rushing her."
CHECK_IN_NOTE = "Steady after this one."


def test_her_reflection_survives_leaving_and_is_saved_when_she_finishes(
    strict_page,  # noqa: F811
    learner,
    course,
):
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    lesson, after = lessons[0], lessons[1]
    lesson.body = [
        ("rich_text", "<p>Think about the first meeting.</p>"),
        ("reflection_prompt", {"prompt": PROMPT}),
    ]
    lesson.save_revision().publish()
    course_services.enrol(user=learner, course=course)

    checked = strict_page
    page = checked.page
    sign_in(page, learner.email)
    page.goto(lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    checked.check()

    # She types; a moment later the page says, quietly, that a draft is kept.
    note = page.get_by_label("Your note", exact=True)
    note.fill(WORDS)
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    assert Draft.objects.get(user=learner, text=WORDS)
    assert not Reflection.objects.exists()

    # She goes to the course page, then comes back: her words are in the box.
    page.get_by_role("link", name="Course overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    checked.check()
    page.goto(lesson.url)
    expect(note).to_have_value(WORDS)
    expect(page.get_by_text("This is your draft from")).to_be_visible()
    checked.check()

    # She adds a line and leaves at once, before the pause that saves a draft:
    # leaving the page sends it.
    note.press("End")
    note.type(MORE)
    page.get_by_role("link", name="Course overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    page.goto(lesson.url)
    expect(note).to_have_value(WORDS + MORE)

    # She checks in and marks the lesson complete: one press keeps it all.
    page.get_by_label("Calm").check()
    page.get_by_label("Anything you want to note for yourself").fill(CHECK_IN_NOTE)
    page.get_by_role("button", name="Mark complete and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(after.title)
    expect(page.get_by_text("What you wrote is saved.")).to_be_visible()
    checked.check()

    page.goto("/reflections/")
    expect(page.get_by_text(WORDS + MORE)).to_be_visible()
    expect(page.get_by_text(CHECK_IN_NOTE)).to_be_visible()
    expect(page.get_by_text("You have no notes yet")).to_have_count(0)
    checked.check()

    assert Reflection.objects.get(user=learner).text == WORDS + MORE
    assert CheckIn.objects.get(user=learner).feeling == "calm"
    assert StepProgress.objects.filter(user=learner, step=lesson).exists()
    assert not Draft.objects.filter(user=learner).exclude(text="").exists()
