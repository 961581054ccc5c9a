"""A site that fits a phone: every learner page reflows at 320 px wide (WCAG 2.2
1.4.10, nothing scrolls sideways), and the header's menu button works by keyboard.

The pages are the demo learner's, from seed_demo, with a quiz attempt submitted
(its result) and another under way (the question and review pages).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from certificates.models import Certificate
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import CourseIndexPage, CoursePage
from kairos_learning.demo_quizzes import MAIN_QUIZ
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD
from quizzes import services as quiz_services
from quizzes.models import QuizPage

from .conftest import PHONE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROWEST = {"width": 320, "height": 640}
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def sign_in(a, email, next_url="/"):
    page = a.page
    page.goto(f"/accounts/sign-in/?next={next_url}")
    a.audit()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url}")


@pytest.fixture
def demo_learner(db):
    """The demo learner, on the main course with every lesson read, one quiz
    attempt submitted and another under way."""
    call_command("seed_demo", stdout=None)
    learner = get_user_model().objects.get(email="learner@kairos.test")
    course = CoursePage.objects.get(slug=MAIN_QUIZ["course_slug"])
    course_services.enrol(user=learner, course=course)
    lessons = list(course_selectors.live_lessons(course=course))
    for lesson in lessons:
        course_services.complete_lesson(user=learner, lesson=lesson)
    quiz = QuizPage.objects.child_of(course).get()
    submitted = quiz_services.start_attempt(user=learner, quiz=quiz)
    quiz_services.submit_attempt(user=learner, attempt=submitted)
    open_attempt = quiz_services.start_attempt(user=learner, quiz=quiz)
    return {
        "learner": learner,
        "course": course,
        "lesson": lessons[0],
        "quiz": quiz,
        "submitted": submitted,
        "open": open_attempt,
        "certificate": Certificate.objects.filter(user=learner).first(),
    }


def test_no_learner_page_scrolls_sideways_at_320_px(audited_page, demo_learner):
    a = audited_page
    page = a.page
    page.set_viewport_size(NARROWEST)
    demo = demo_learner
    assert demo["certificate"] is not None  # the demo's completed course
    submitted, open_attempt = demo["submitted"].pk, demo["open"].pk
    signed_in = [
        "/",
        CourseIndexPage.objects.get(locale__language_code="en-gb").url,
        demo["course"].url,
        demo["lesson"].url,  # What's ahead
        f"{demo['lesson'].url}?view=lesson",
        f"{demo['lesson'].url}?view=alternative",
        demo["quiz"].url,
        f"/quizzes/attempts/{open_attempt}/",
        f"/quizzes/attempts/{open_attempt}/review/",
        f"/quizzes/attempts/{submitted}/result/",
        "/quizzes/",
        "/quizzes/progress/",
        "/my-learning/",
        "/certificates/",
        "/reflections/",
        "/support/",
        "/join/",
        "/my-data/",
        "/my-data/view/",
        "/my-data/erase/",
        "/certificates/verify/",
        f"/certificates/verify/{demo['certificate'].token}/",
    ]
    signed_out = [
        "/accounts/sign-in/",
        "/accounts/sign-up/",
        "/accounts/password-reset/",
        "/certificates/verify/",
    ]

    wide = {}
    sign_in(a, demo["learner"].email)
    for path in signed_in:
        response = page.goto(path)
        assert response.status == 200, path
        a.audit()  # at a desktop's width and a phone's, then back to 320 px
        wide[path] = page.evaluate(SIDEWAYS)
    page.context.clear_cookies()
    for path in signed_out:
        response = page.goto(path)
        assert response.status == 200, path
        a.audit()
        wide[f"{path} (signed out)"] = page.evaluate(SIDEWAYS)

    assert page.viewport_size == NARROWEST
    assert {path: px for path, px in wide.items() if px > 0} == {}


def test_the_menu_button_opens_and_closes_by_keyboard(audited_page, demo_learner):
    a = audited_page
    page = a.page
    page.set_viewport_size(PHONE)
    sign_in(a, demo_learner["learner"].email, "/my-learning/")
    a.audit()

    header = page.get_by_role("banner")
    menu = header.get_by_role("button", name="Menu")
    my_certificates = header.get_by_role("link", name="My certificates")
    expect(header).to_contain_text("Signed in as Leah Morgan")
    # Folded away: the page starts near the top of a phone's screen.
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-nav")
    expect(my_certificates).to_be_hidden()
    assert header.bounding_box()["height"] < PHONE["height"] * 0.2

    # From the skip link, the keyboard reaches the menu button.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    for _ in range(5):
        page.keyboard.press("Tab")
        if menu.evaluate("button => button === document.activeElement"):
            break
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(my_certificates).to_be_visible()
    a.audit()  # with the menu open
    page.keyboard.press("Tab")
    expect(header.get_by_role("link", name="Courses")).to_be_focused()

    # Escape closes it and puts her back on the button.
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(my_certificates).to_be_hidden()
    expect(menu).to_be_focused()
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")

    # From the open menu to a page.
    page.keyboard.press("Enter")
    my_certificates.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    a.audit()

    # On a wide screen every link shows and there is no button.
    page.set_viewport_size({"width": 1280, "height": 720})
    expect(menu).to_be_hidden()
    expect(header.get_by_role("link", name="My certificates")).to_be_visible()


def test_without_javascript_the_links_show_and_the_button_does_not(
    browser, live_server, audited_page, demo_learner
):
    # Signed in through the audited page, whose session this context borrows.
    a = audited_page
    sign_in(a, demo_learner["learner"].email, "/my-learning/")
    a.audit()
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    try:
        context.add_cookies(a.page.context.cookies())
        page = context.new_page()
        page.goto("/my-learning/")
        header = page.get_by_role("banner")
        expect(header.get_by_role("button", name="Menu")).to_be_hidden()
        expect(header.get_by_role("link", name="My certificates")).to_be_visible()
        expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    finally:
        context.close()
