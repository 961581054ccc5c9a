"""The editor's live preview panel, in Chromium with the site's real policy (no
bypass): the demo trainer types into a lesson and a quiz without publishing and
the panel shows her draft; a public page still refuses to be framed.

The admin pages are audited with axe-core (they have no policy, so axe can be
injected); the admin's own known issues are those in tests/e2e/admin_axe.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage
from kairos_learning.demo_quizzes import MAIN_QUIZ
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD
from quizzes.models import QuizPage

from .admin_axe import known
from .conftest import DESKTOP, AuditedPage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LESSON_DRAFT = "A draft introduction only the trainer has seen"
QUIZ_DRAFT = "A draft quiz introduction, not yet published"


@pytest.fixture
def strict_page(browser, live_server):
    """A page with the site's headers enforced: nothing bypassed."""
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="en-GB"
    )
    context.set_default_timeout(20_000)
    audited = AuditedPage(context.new_page())
    yield audited
    context.close()
    missed = audited.unaudited()
    assert not missed, f"Admin pages visited without an audit: {missed}"


def sign_in_to_the_admin(audited, next_url: str):
    page = audited.page
    page.goto(f"/admin/login/?next={next_url}")
    audited.audit(known=known)
    page.locator("#id_username").fill("trainer@kairos.test")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def preview_shows(audited, *, title: str, field: str, draft: str):
    """Open the preview panel of the open editor, type `draft` into `field`,
    press the panel's Refresh, and see the draft in the panel's frame."""
    page = audited.page
    toggle = page.get_by_role("button", name="Toggle preview")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    panel = page.frame_locator("#w-preview-iframe")
    expect(panel.get_by_role("heading", level=1)).to_have_text(title)  # as saved
    page.locator(field).fill(draft)
    page.get_by_role("button", name="Refresh").click()
    expect(panel.get_by_text(draft)).to_be_visible()
    audited.audit(known=known)
    return panel


def close_preview(page):
    """Close the panel (the admin would reopen it on the next editor)."""
    page.get_by_role("button", name="Toggle preview").click()
    expect(page.locator("#w-preview-iframe")).to_be_hidden()


def test_the_preview_panel_shows_drafts_and_public_pages_refuse_frames(
    strict_page, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # nothing saved unless she saves
    # The panel updates when she presses Refresh. (Updating as she types waits
    # for the editor's unsaved-changes check, which on a fast load can take
    # her first edit for the page as loaded: a race, not what is tested here.)
    settings.WAGTAIL_AUTO_UPDATE_PREVIEW_INTERVAL = 0
    call_command("seed_demo", stdout=None)
    assert get_user_model().objects.filter(email="trainer@kairos.test").exists()
    course = CoursePage.objects.get(slug=MAIN_QUIZ["course_slug"])
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    quiz = QuizPage.objects.child_of(course).first()
    a = strict_page
    page = a.page

    sign_in_to_the_admin(a, f"/admin/pages/{lesson.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(lesson.title)
    panel = preview_shows(a, title=lesson.title, field="#id_intro", draft=LESSON_DRAFT)
    expect(panel.get_by_text("Lesson 1 of")).to_be_visible()
    close_preview(page)

    page.goto(f"/admin/pages/{quiz.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(quiz.title)
    panel = preview_shows(a, title=quiz.title, field="#id_intro", draft=QUIZ_DRAFT)
    expect(panel.get_by_text("Preview: this is one draw of the quiz")).to_be_visible()

    # Nothing was published or saved: learners still see the published pages.
    lesson.refresh_from_db()
    quiz.refresh_from_db()
    assert lesson.intro != LESSON_DRAFT
    assert not lesson.has_unpublished_changes
    assert quiz.intro != QUIZ_DRAFT

    # A public page, framed by the same admin page, is refused by the browser.
    frame = (
        page.evaluate_handle(
            """url => new Promise(resolve => {
            const frame = document.createElement("iframe");
            frame.title = "Framing check";
            frame.addEventListener("load", () => resolve(frame));
            frame.src = url;
            document.body.append(frame);
        })""",
            course.url,
        )
        .as_element()
        .content_frame()
    )
    assert frame.url.startswith("chrome-error://"), frame.url
    assert course.title not in frame.content()
    # And the headers that refuse it, for any browser.
    response = page.request.get(course.url)
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
