"""The course order and reasonable adjustments, in the browser: the demo quiz is
closed until the lessons are done, with links to them; the learner asks for more
time, her manager agrees 1.5 times, and the learner sees her time before she
starts and the countdown while she takes the quiz."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import CoursePage
from kairos_learning.demo_quizzes import MAIN_QUIZ
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD
from quizzes.models import Attempt, QuizPage, TimeAdjustment

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(audited, email: str, next_url: str):
    page = audited.page
    page.context.clear_cookies()
    page.goto(f"/accounts/sign-in/?next={next_url}")
    audited.audit()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_closed_until_the_lessons_are_done_then_more_time_agreed(audited_page):
    call_command("seed_demo", stdout=None)
    course = CoursePage.objects.get(slug=MAIN_QUIZ["course_slug"])
    assert course.quizzes_wait_for_earlier_steps  # on for the demo course
    quiz = QuizPage.objects.live().child_of(course).get()
    # The demo quiz is untimed: give it a 20-minute limit for this journey.
    QuizPage.objects.filter(pk=quiz.pk).update(time_limit_minutes=20)
    learner = get_user_model().objects.get(email="learner@kairos.test")
    course_services.enrol(user=learner, course=course)
    lessons = list(course_selectors.live_lessons(course=course))
    a = audited_page
    page = a.page

    # No lesson done: the quiz says what is left, with links, and cannot start.
    sign_in(a, "learner@kairos.test", quiz.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)
    expect(
        page.get_by_text("This quiz opens when you have finished the steps before it")
    ).to_be_visible()
    for lesson in lessons:
        expect(page.get_by_role("link", name=lesson.title, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Start the quiz")).to_have_count(0)
    a.audit()
    page.get_by_role("link", name=lessons[0].title, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(lessons[0].url)))
    a.audit()

    for lesson in lessons:
        course_services.complete_lesson(user=learner, lesson=lesson)

    # She asks for more time from the quiz page, without a reason.
    page.goto(quiz.url)
    expect(page.get_by_text("20 minutes, shown as you go")).to_be_visible()
    a.audit()
    page.get_by_role("link", name="Ask for more time on timed quizzes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "More time on timed quizzes"
    )
    a.audit()
    page.get_by_role("button", name="Ask for more time").click()
    expect(page.get_by_text("You have asked for more time")).to_be_visible()
    a.audit()

    # Her manager agrees 1.5 times on the dashboard.
    sign_in(a, "manager@kairos.test", "/agency/")
    expect(
        page.get_by_role("heading", name="Requests for more time on timed quizzes")
    ).to_be_visible()
    a.audit()
    page.get_by_label("Time on timed quizzes for Leah Morgan").select_option("1.5")
    page.get_by_role("button", name="Agree more time for Leah Morgan").click()
    expect(
        page.get_by_text("Leah Morgan now has 1.5 times the usual time")
    ).to_be_visible()
    a.audit()
    assert TimeAdjustment.objects.get(user=learner).multiplier == "1.5"

    # She sees her time before she starts, and the countdown as she goes.
    sign_in(a, "learner@kairos.test", quiz.url)
    expect(
        page.get_by_text("You have 1.5 times the usual time: 30 minutes")
    ).to_be_visible()
    a.audit()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Question 1"))
    attempt = Attempt.objects.get(user=learner, quiz=quiz)
    assert 29 * 60 <= (attempt.deadline - attempt.started_at).total_seconds() <= 1800
    expect(
        page.get_by_text(re.compile(r"Finish by \d\d:\d\d \(UK time\)"))
    ).to_be_visible()
    countdown = page.locator("#timer-left")
    expect(countdown).to_have_text(re.compile(r"Time left: (30:00|29:\d\d)"))
    # The warnings go to a polite live region; the countdown itself is not one.
    expect(page.locator("#timer [aria-live=polite]")).to_have_count(1)
    expect(countdown).not_to_have_attribute("aria-live", "polite")
    a.audit()
    toggle = page.get_by_role("button", name="Hide the timer")
    toggle.click()
    expect(countdown).to_be_hidden()
    expect(page.get_by_role("button", name="Show the timer")).to_have_attribute(
        "aria-expanded", "false"
    )
    page.get_by_role("button", name="Show the timer").click()
    expect(countdown).to_be_visible()
    a.audit()
