import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from courses.models import Enrolment

from .conftest import emailed_path

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_up_enrol_complete_every_lesson_and_see_100_percent(
    audited_page, course, catalogue
):
    a = audited_page
    page = a.page

    page.goto("/")
    a.audit()
    page.get_by_role("link", name="Browse the courses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(catalogue.title)
    a.audit()

    page.get_by_role("link", name=course.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    a.audit()

    page.get_by_role("main").get_by_role("link", name="create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    a.audit()
    # A mistake first: the error summary names the field, and nothing is lost.
    page.get_by_label("Full name").fill("Jo Patel")
    page.get_by_label("Email address").fill("jo.patel@probation")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Full name")).to_have_value("Jo Patel")
    a.audit()
    page.get_by_label("Email address").fill("jo.patel@probation.example.org")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    a.audit()

    # The email's link proves the address is hers; there she chooses a password.
    page.goto(emailed_path(mail.outbox[-1].body, "/accounts/sign-up/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a password")
    a.audit()
    page.get_by_label("Password", exact=True).fill("a-long-passphrase-2026")
    page.get_by_label("Password confirmation").fill("not-the-same-passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    a.audit()
    page.get_by_label("Password", exact=True).fill("a-long-passphrase-2026")
    page.get_by_label("Password confirmation").fill("a-long-passphrase-2026")
    page.get_by_role("button", name="Create account").click()

    # Back on the course she came from, signed in.
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    a.audit()
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_text("You are enrolled")).to_be_visible()
    a.audit()

    for number in range(1, 4):
        expect(page.get_by_text(f"Lesson {number} of 3")).to_be_visible()
        if number > 1:
            a.audit()
        button = page.get_by_role("button", name=re.compile("^Mark complete and"))
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")  # keyboard only

    expect(page.get_by_text("you have completed")).to_be_visible()
    expect(page.get_by_text("100% complete")).to_be_visible()
    a.audit()

    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    completed = page.locator("section, ul").filter(has_text=course.title).last
    expect(completed).to_contain_text("100% complete (3 of 3 lessons)")
    a.audit()

    assert Enrolment.objects.get(
        user__email="jo.patel@probation.example.org"
    ).completed_at
