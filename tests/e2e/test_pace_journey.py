"""Trauma-informed delivery in the browser: a content note with a choice, the
alternative route that still completes, and a break in the middle of a quiz."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from courses import services as course_services
from courses.models import ContentNoteTopic, Enrolment, LessonPage
from quizzes.models import Response
from quizzes.tests.factories import make_quiz, single

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(a, email, next_url):
    page = a.page
    page.goto(f"/accounts/sign-in/?next={next_url}")
    a.audit()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_content_note_alternative_route_and_a_break_mid_quiz(
    audited_page, learner, course
):
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    noted = lessons[-1]
    noted.content_topics.add(ContentNoteTopic.objects.get(name="Self-harm"))
    noted.body = [("rich_text", "<p>Detailed accounts of self-harm.</p>")]
    noted.alternative_summary = "<p>The key points, without the accounts.</p>"
    noted.alternative_task = "Note one way you could respond calmly."
    noted.save()
    quiz = make_quiz(
        course=course,
        questions=[single(text="First question?"), single(text="Second question?")],
        layout="one_per_page",
    )
    course_services.enrol(user=learner, course=course)
    for lesson in lessons[:-1]:
        course_services.complete_lesson(user=learner, lesson=lesson)

    a = audited_page
    page = a.page
    sign_in(a, learner.email, noted.url)

    # What's ahead: named before any of the material, with three choices.
    expect(page.get_by_role("heading", name="What's ahead")).to_be_visible()
    expect(page.get_by_text("Self-harm")).to_be_visible()
    expect(page.get_by_text("Detailed accounts of self-harm.")).to_have_count(0)
    a.audit()
    link = page.get_by_role("link", name="Take the alternative route")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The key points, without the accounts.")).to_be_visible()
    expect(page.get_by_text("Detailed accounts of self-harm.")).to_have_count(0)
    a.audit()
    button = page.get_by_role("button", name="Mark complete and finish")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    a.audit()
    assert learner.step_progress.filter(step=noted).exists()

    # The quiz: answer the first question, then take a break.
    page.get_by_role("link", name=quiz.title, exact=True).click()
    expect(page.get_by_text("No time limit")).to_be_visible()
    a.audit()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 2")
    a.audit()
    page.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Save and take a break").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your place is saved")
    a.audit()
    page.get_by_role("link", name="Go to my learning").click()
    a.audit()

    # Coming back: straight to the quiz, welcomed back, her answer still there.
    page.goto(course.url)
    expect(page.get_by_text("You took a break at")).to_be_visible()
    a.audit()
    page.get_by_role("link", name="Pick up where you left off").click()
    expect(page.get_by_text("Welcome back")).to_be_visible()
    a.audit()
    page.get_by_role("button", name="Resume the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 2 of 2")
    a.audit()
    assert (
        Response.objects.filter(attempt__user=learner).exclude(answer=[]).count() == 1
    )
    page.get_by_role("button", name="Back").click()
    expect(page.locator("input[type=radio]:checked")).to_have_count(1)
    a.audit()
    assert Enrolment.objects.filter(user=learner, course=course).exists()
