"""Issue 18: the Open Badges credential of her certificate, downloaded as a badge
image from My certificates and checked on the public verification page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from courses import selectors as course_selectors
from courses import services as course_services

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_she_downloads_her_badge_and_anyone_can_check_it(
    audited_page, learner, course, live_server, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    course_services.enrol(user=learner, course=course)
    for lesson in course_selectors.live_lessons(course=course):
        course_services.complete_lesson(user=learner, lesson=lesson)
    a = audited_page
    page = a.page

    page.goto("/accounts/sign-in/?next=/certificates/")
    a.audit()
    page.get_by_label("Email address").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    a.audit()
    item = page.locator(".certificate-item").filter(has_text=course.title)
    linkedin = item.get_by_role("link", name=re.compile("^Add to LinkedIn"))
    expect(linkedin).to_have_attribute(
        "href", re.compile(r"^https://www\.linkedin\.com/profile/add\?")
    )

    with page.expect_download() as info:
        item.get_by_role("link", name=re.compile("^Download badge image")).click()
    download = info.value
    assert download.suggested_filename.endswith(".png")
    badge = download.path()

    # Anyone (signed out) checks it from the certificate verification page.
    page.context.clear_cookies()
    page.goto("/certificates/verify/")
    a.audit()
    page.get_by_role("link", name="Check an Open Badges credential").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check an Open Badges credential"
    )
    a.audit()
    page.get_by_label("Or upload the badge image").set_input_files(badge)
    page.get_by_role("button", name="Check credential").click()
    expect(page.get_by_text("This credential is valid.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text(course.title)
    a.audit()

    # Pasted garbage is answered with a clear message, not an error page.
    page.get_by_label("Paste the credential").fill("not a credential")
    page.get_by_role("button", name="Check credential").click()
    expect(page.get_by_text("This credential is not valid.")).to_be_visible()
    expect(page.get_by_text("not a credential we can read")).to_be_visible()
    a.audit()
