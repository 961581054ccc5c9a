"""Support on every page, by keyboard alone, and the quick exit.

WCAG 2.2 3.2.6 (consistent help): the Support link is the first stop after the
skip link on every page. The quick exit leaves for a neutral site and takes the
page out of the back button's history (location.replace).
"""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from courses import services as course_services
from support.models import SupportSettings

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAX_TABS = 3  # the skip link, then Support


def sign_in(audited_page, user):
    a = audited_page
    page = a.page
    page.goto("/accounts/sign-in/")
    a.audit()
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    a.audit()


def focused(page) -> dict:
    return page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href') || ''})"
    )


def tab_to_support(page) -> int:
    """Tab from the top of the page until Support has focus; the Tabs it took."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for tabs in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["text"] == "Support" and element["href"] == "/support/":
            return tabs
    raise AssertionError(f"Support was not reached in {MAX_TABS} Tabs on {page.url}")


def test_support_is_reached_by_keyboard_from_every_page(
    audited_page, learner, course, catalogue, live_server
):
    course_services.enrol(user=learner, course=course)
    lesson = course.get_children().live().first()
    a = audited_page
    page = a.page
    sign_in(a, learner)

    pages = {
        "home": "/",
        "catalogue": catalogue.url,
        "course": course.url,
        "lesson": lesson.url,
        "My learning": "/my-learning/",
    }
    for name, path in pages.items():
        page.goto(path)
        a.audit()
        tabs = tab_to_support(page)
        assert tabs == 2, f"{name}: Support took {tabs} Tabs"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == f"{live_server.url}/support/", name
        expect(page.get_by_role("heading", level=1)).to_have_text("Support")
        a.audit()

    # On the Support page itself it is in the same place, marked as current.
    expect(page.locator("a[aria-current=page]")).to_have_text("Support")
    expect(page.get_by_role("heading", name="Where to find support")).to_be_visible()


@pytest.fixture
def exit_url(home, live_server):
    url = f"{live_server.url}/quick-exit-test/"
    SupportSettings.objects.create(
        site=home.get_site(), quick_exit_enabled=True, quick_exit_url=url
    )
    return url


def test_shift_three_times_leaves_and_back_does_not_return(
    audited_page, catalogue, course, exit_url, live_server
):
    a = audited_page
    page = a.page
    page.goto("/")
    a.audit()
    page.goto(catalogue.url)
    expect(page.get_by_role("link", name="Exit this page")).to_be_visible()
    a.audit()

    # Shift twice, then another key: typing a capital letter is not an exit.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    assert page.url == f"{live_server.url}{catalogue.url}"

    with page.expect_navigation():
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(exit_url)
    a.audit()

    page.go_back()
    # The catalogue's history entry was replaced: back goes to the page before.
    assert page.url == f"{live_server.url}/"


def test_the_exit_link_leaves_and_back_does_not_return(
    audited_page, course, exit_url, live_server
):
    a = audited_page
    page = a.page
    page.goto("/")
    a.audit()
    page.goto(course.url)
    a.audit()
    exit_link = page.get_by_role("link", name="Exit this page")
    expect(exit_link).to_have_attribute("rel", "noreferrer")

    exit_link.click()
    page.wait_for_url(exit_url)
    a.audit()

    page.go_back()
    assert page.url == f"{live_server.url}/"
