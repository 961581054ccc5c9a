from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import CoursePage, Enrolment
from kairos_learning.demo_quizzes import MAIN_QUIZ
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD
from quizzes import services as quiz_services
from quizzes.models import Attempt

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTIONS = {q["text"]: q for q in MAIN_QUIZ["questions"]}


def answer(page, question: dict, *, right: bool):
    if question["kind"] == "free_text":
        if right:
            page.get_by_label("Your answer").fill(
                "Ask her where she would feel safest to meet, and offer a choice "
                "of times."
            )
        return
    choices = [text for text, correct in question["choices"] if correct == right]
    for text in choices if question["kind"] == "multiple" else choices[:1]:
        page.get_by_label(text, exact=True).check()


def take_quiz(audited, *, right: bool):
    page = audited.page
    for number in range(1, len(QUESTIONS) + 1):
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Question {number} of {len(QUESTIONS)}"
        )
        audited.audit()
        legend = page.locator("legend").first.inner_text()
        answer(page, QUESTIONS[legend], right=right)
        name = "Save and continue" if number < len(QUESTIONS) else "Review answers"
        page.get_by_role("button", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    audited.audit()
    page.get_by_role("button", name="Submit my answers").click()


def test_learner_fails_the_demo_quiz_passes_it_and_completes_the_course(audited_page):
    """B14, B16: keyboard-reachable, labelled quiz forms pass axe-core; a fail is
    kind; passing completes the course."""
    call_command("seed_demo", stdout=None)
    course = CoursePage.objects.get(slug=MAIN_QUIZ["course_slug"])
    learner = Enrolment._meta.get_field("user").related_model.objects.get(
        email="learner@kairos.test"
    )
    course_services.enrol(user=learner, course=course)
    for lesson in course_selectors.live_lessons(course=course):
        course_services.complete_lesson(user=learner, lesson=lesson)
    a = audited_page
    page = a.page

    page.goto(f"/accounts/sign-in/?next={course.url}")
    a.audit()
    page.get_by_label("Email address").fill("learner@kairos.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    a.audit()

    page.get_by_role("link", name=MAIN_QUIZ["title"], exact=True).click()
    expect(page.get_by_text("No time limit: take as long as you need")).to_be_visible()
    a.audit()
    page.get_by_role("button", name="Start the quiz").click()
    take_quiz(a, right=False)

    # A fail is told kindly, with a way forward, and says "try again" once.
    expect(page.get_by_text("That is all right")).to_be_visible()
    assert page.locator("main").inner_text().lower().count("try again") == 1
    a.audit()
    page.get_by_role("link", name="Go to the quiz").click()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    a.audit()
    page.get_by_role("button", name="Try again").click()
    take_quiz(a, right=True)
    # Every choice right is 80%: a pass whatever the written answer gets, so
    # the result settles at once (tests/e2e/test_quiz_settle_journey.py has the
    # attempts that wait for a trainer).
    expect(page.get_by_text("That is enough to pass")).to_be_visible()
    a.audit()

    # A trainer may still mark the written answer, for her feedback.
    attempt = Attempt.objects.get(user=learner, number=2)
    written = attempt.responses.get(is_correct__isnull=True)
    trainer = Enrolment._meta.get_field("user").related_model.objects.get(
        email="trainer@kairos.test"
    )
    quiz_services.mark_response(
        marker=trainer, response=written, marks=Decimal(2), comment="A real choice."
    )

    page.goto(course.url)
    expect(page.get_by_text("100% complete")).to_be_visible()
    expect(page.get_by_text("You completed this course on")).to_be_visible()
    a.audit()
