"""She completes a course, the email takes her straight to her certificate, and
she chooses which emails she gets on her settings page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts import notifications
from accounts.tests.factories import PASSWORD
from courses import selectors as course_selectors
from courses import services as course_services

from .conftest import emailed_path

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_completion_email_opens_her_certificate_and_she_can_turn_it_off(
    audited_page, learner, course, live_server, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    course_services.enrol(user=learner, course=course)
    *earlier, last = course_selectors.live_lessons(course=course)
    for lesson in earlier:
        course_services.complete_lesson(user=learner, lesson=lesson)
    a = audited_page
    page = a.page

    page.goto(f"/accounts/sign-in/?next={last.url}")
    a.audit()
    page.get_by_label("Email address").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(last.title)
    a.audit()
    mail.outbox.clear()
    page.get_by_role("button", name=re.compile("^Mark complete and")).click()
    expect(page.get_by_text("You completed this course on")).to_be_visible()
    a.audit()

    # The email's link is her certificate itself, on this server.
    [email] = mail.outbox
    assert email.to == [learner.email]
    assert course.title in email.subject
    certificate = learner.certificates.get()
    path = f"/certificates/{certificate.pk}/download/"
    pdf = page.request.get(emailed_path(email.body, path))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"

    # My learning's link goes to the certificate too, not to a list.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My learning"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    a.audit()
    link = page.get_by_role(
        "link", name=f"Download your certificate for {course.title}"
    )
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"

    # She turns off the completion emails from the header.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Settings"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your settings")
    a.audit()
    choice = page.get_by_label(str(notifications.Kind.COURSE_COMPLETED.label))
    expect(choice).to_be_checked()
    choice.uncheck()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.get_by_role("status")).to_contain_text("Your email choices are saved.")
    expect(
        page.get_by_label(str(notifications.Kind.COURSE_COMPLETED.label))
    ).not_to_be_checked()
    expect(
        page.get_by_label(str(notifications.Kind.ANSWERS_MARKED.label))
    ).to_be_checked()
    a.audit()
    assert notifications.turned_off(user=learner) == {"course_completed"}
