"""Results that settle, in the browser, on the demo quiz (eight choice questions
worth one mark each and a written answer worth two; pass mark 70%).

- 3 of 8 right (30%): even full marks on the written answer make 50%, so the
  fail settles at once, kindly, without showing the answers; 8 of 8 (80%) is a
  pass whatever the written answer gets, so it settles at once too, and the
  course, My learning and the certificate follow.
- 6 of 8 right (60%): the written answer decides (60% to 80%). She sees her score
  so far and "waiting for a trainer to mark" on the result page, the course page
  and My learning, with no way to start again; the trainer marks it in the
  admin; she then sees her pass, and My learning and her certificate follow.
"""

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

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTIONS = {q["text"]: q for q in MAIN_QUIZ["questions"]}
TOTAL = len(QUESTIONS)
ESSAY = (
    "Ask her where she would feel safest to meet, and offer a choice of times and "
    "places."
)


@pytest.fixture
def demo(db):
    """The demo site; the demo learner enrolled with every lesson read."""
    call_command("seed_demo", stdout=None)
    course = CoursePage.objects.get(slug=MAIN_QUIZ["course_slug"])
    learner = get_user_model().objects.get(email="learner@kairos.test")
    course_services.enrol(user=learner, course=course)
    for lesson in course_selectors.live_lessons(course=course):
        course_services.complete_lesson(user=learner, lesson=lesson)
    return course


def sign_in(audited, email: str, next_url: str):
    page = audited.page
    page.goto(f"/accounts/sign-in/?next={next_url}")
    audited.audit()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def take_quiz(audited, *, right: int):
    """Answer the first `right` choice questions right and the others wrong,
    write the essay, and submit."""
    page = audited.page
    choice_number = 0
    for number in range(1, TOTAL + 1):
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Question {number} of {TOTAL}"
        )
        audited.audit()
        question = QUESTIONS[page.locator("legend").first.inner_text()]
        if question["kind"] == "free_text":
            page.get_by_label("Your answer").fill(ESSAY)
        else:
            choice_number += 1
            wanted = choice_number <= right
            texts = [text for text, correct in question["choices"] if correct == wanted]
            for text in texts if question["kind"] == "multiple" else texts[:1]:
                page.get_by_label(text, exact=True).check()
        name = "Save and continue" if number < TOTAL else "Review answers"
        page.get_by_role("button", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    audited.audit()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your result: {MAIN_QUIZ['title']}"
    )


def test_an_auto_settled_fail_then_an_auto_settled_pass(audited_page, demo):
    a = audited_page
    page = a.page
    sign_in(a, "learner@kairos.test", demo.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.title)
    a.audit()
    page.get_by_role("link", name=MAIN_QUIZ["title"], exact=True).click()
    a.audit()
    page.get_by_role("button", name="Start the quiz").click()

    take_quiz(a, right=3)

    # Settled at once: her score, kindly, with a way forward, and no answers.
    main = page.locator("main")
    expect(main).to_contain_text("You scored 30% (the pass mark is 70%).")
    expect(main).to_contain_text("Your written answer could not change this result")
    expect(main).to_contain_text("That is all right")
    expect(main).not_to_contain_text("waiting for a trainer")
    expect(main).not_to_contain_text("(correct answer)")
    expect(main).to_contain_text("shown once you have passed")
    assert main.inner_text().lower().count("try again") == 1
    for word in ("failed", "Failed", "Wrong"):
        expect(main).not_to_contain_text(word)
    a.audit()

    page.get_by_role("link", name="Go to the quiz").click()
    expect(page.get_by_role("cell", name="Not passed yet", exact=True)).to_be_visible()
    a.audit()
    page.get_by_role("button", name="Try again").click()
    take_quiz(a, right=8)

    # 80% is a pass whatever the written answer gets: no waiting for marking.
    expect(main).to_contain_text("You scored 80% (the pass mark is 70%).")
    expect(main).to_contain_text("That is enough to pass")
    expect(main).not_to_contain_text("waiting for a trainer")
    # Passed: the correct answers and explanations are shown now.
    expect(main.get_by_text("(correct answer)").first).to_be_visible()
    a.audit()

    page.goto("/my-learning/")
    expect(page.get_by_role("heading", name="Completed")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Completed on")
    expect(page.locator("main")).not_to_contain_text("Resume:")
    a.audit()
    page.get_by_role("link", name=f"Your certificate for {demo.title}").click()
    expect(page.locator("main")).to_contain_text(demo.title)
    a.audit()


def test_a_pass_settled_after_a_trainer_marks_the_written_answer(audited_page, demo):
    a = audited_page
    page = a.page
    main = page.locator("main")
    quiz_url = f"{demo.url}{MAIN_QUIZ['slug']}/"
    sign_in(a, "learner@kairos.test", quiz_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(MAIN_QUIZ["title"])
    a.audit()
    page.get_by_role("button", name="Start the quiz").click()

    take_quiz(a, right=6)

    # Not decided yet: her score so far and what is waiting.
    expect(main).to_contain_text("Your score so far is 60% (the pass mark is 70%).")
    expect(main).to_contain_text("1 written answer is waiting for a trainer to mark")
    expect(main.get_by_role("link", name="Go to the quiz")).to_have_count(0)
    a.audit()

    # The quiz page, the course page and My learning say so, and offer no retake.
    page.goto(quiz_url)
    expect(
        page.get_by_role("heading", name="Waiting for a trainer to mark")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_have_count(0)
    expect(page.get_by_role("button", name="Resume the quiz")).to_have_count(0)
    a.audit()
    page.goto(demo.url)
    expect(main).to_contain_text(
        f"{MAIN_QUIZ['title']}: waiting for a trainer to mark."
    )
    expect(main).to_contain_text("Your score so far is 60%")
    expect(main).not_to_contain_text("Resume:")
    a.audit()
    page.goto("/my-learning/")
    expect(main).to_contain_text(
        f"{MAIN_QUIZ['title']}: waiting for a trainer to mark."
    )
    expect(main).to_contain_text("1 written answer decides your result")
    expect(main).not_to_contain_text("Resume:")
    a.audit()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))  # the home page
    a.audit()

    # The trainer marks it in the admin.
    sign_in(a, "trainer@kairos.test", "/admin/quizzes/marking/")
    expect(page.get_by_text("1 attempt waiting to be marked")).to_be_visible()
    a.audit()
    page.locator("table.listing").get_by_role("link", name="Mark").click()
    a.audit()
    # The marks field has the focus: she types straight away.
    expect(page.get_by_label("Marks (0 to 2)")).to_be_focused()
    page.keyboard.type("2")
    page.get_by_label("Comment for the learner").fill("A real choice for her.")
    page.get_by_role("button", name="Save and mark next").click()
    # Nothing else waits: back to the queue, with her result.
    expect(page.get_by_text("scored 80% and passed")).to_be_visible()
    expect(page.get_by_text("Nothing else is waiting to be marked")).to_be_visible()
    expect(page.get_by_text("No attempts are waiting to be marked")).to_be_visible()
    a.audit()
    page.context.clear_cookies()

    # She sees her pass; My learning and her certificate follow.
    sign_in(a, "learner@kairos.test", "/my-learning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(main).to_contain_text("Completed on")
    expect(main).not_to_contain_text("waiting for a trainer")
    a.audit()
    page.goto("/quizzes/progress/")
    row = page.get_by_role("row").filter(has_text=f"{MAIN_QUIZ['title']}, attempt 1")
    expect(row.get_by_role("cell", name="Passed", exact=True)).to_be_visible()
    a.audit()
    page.get_by_role("link", name=f"{MAIN_QUIZ['title']}, attempt 1").click()
    expect(main).to_contain_text("You scored 80% (the pass mark is 70%).")
    expect(main).to_contain_text("A real choice for her.")
    a.audit()
    page.goto("/my-learning/")
    page.get_by_role("link", name=f"Your certificate for {demo.title}").click()
    expect(page.locator("main")).to_contain_text(demo.title)
    a.audit()
