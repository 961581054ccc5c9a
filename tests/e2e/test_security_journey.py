"""The public site under its real Content-Security-Policy, in Chromium.

The other browser tests bypass the policy so that axe-core can be injected; here
nothing is bypassed: every main public page loads with no policy violation and no
CSP error in the console, keyboard navigation and the quick exit still work, and
axe-core (evaluated through the DevTools protocol, which the policy does not
govern) still finds no serious accessibility issue.
"""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Site

from accounts.tests.factories import PASSWORD
from courses import services as course_services
from support.models import SupportSettings

from .conftest import AXE, BLOCKING_IMPACTS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class StrictPage:
    """A page with the policy enforced that records every violation."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or "Content-Security-Policy" in text
        ):
            self.console_errors.append(text)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")

    def check(self):
        """No violation on this page, and no serious accessibility issue."""
        page = self.page
        page.wait_for_load_state("load")
        header = page.evaluate(
            "async () => (await fetch(location.href)).headers"
            ".get('content-security-policy')"
        )
        assert header, f"{page.url} has no Content-Security-Policy"
        assert "unsafe-inline" not in header
        assert self.violations() == [], page.url
        assert self.console_errors == [], page.url
        page.evaluate(AXE.read_text())
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        blocking = [
            {"rule": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        assert not blocking, f"{page.url}\n{json.dumps(blocking, indent=2)}"
        assert self.violations() == [], f"axe caused a violation on {page.url}"


@pytest.fixture
def strict_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", reduced_motion="reduce"
    )
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    yield StrictPage(context.new_page())
    context.close()


@pytest.fixture
def quick_exit_on(home):
    support = SupportSettings.for_site(Site.objects.get(is_default_site=True))
    support.quick_exit_enabled = True
    support.save()


def sign_in(page, email):
    page.goto(reverse("accounts:login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_detector_sees_a_blocked_inline_script(strict_page, home):
    """Not a test that cannot fail: an inline script is blocked and reported."""
    page = strict_page.page
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }"
    )

    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran === undefined")
    assert "script-src" in strict_page.violations()[0]


def test_public_pages_load_without_a_policy_violation(
    strict_page, course, learner, quick_exit_on
):
    page = strict_page.page
    lesson = course.get_children().live().first()
    course_services.enrol(user=learner, course=course)

    for url in [
        "/",
        course.get_parent().url,
        course.url,
        reverse("accounts:login"),
        reverse("accounts:sign_up"),
        reverse("accounts:password_reset"),
        reverse("support:index"),
        reverse("certificates:verify_reference"),
    ]:
        page.goto(url)
        strict_page.check()

    sign_in(page, learner.email)
    strict_page.check()
    page.goto(lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    strict_page.check()
    page.goto(reverse("courses:my_learning"))
    strict_page.check()


def test_keyboard_navigation_and_quick_exit_work_under_the_policy(
    strict_page, home, quick_exit_on
):
    page = strict_page.page
    page.goto("/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto("/")
    sign_in_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Sign in"
    )
    for _ in range(12):
        page.keyboard.press("Tab")
        if sign_in_link.evaluate("el => el === document.activeElement"):
            break
    expect(sign_in_link).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert strict_page.violations() == []

    # The quick exit's script (a file, not inline) runs: Shift three times.
    exit_url = page.get_by_role("link", name="Exit this page").get_attribute("href")
    page.route(exit_url + "**", lambda route: route.fulfill(body="<p>Weather</p>"))
    with page.expect_navigation(url=exit_url + "**"):
        for _ in range(3):
            page.keyboard.press("Shift")
    assert strict_page.console_errors == []


def test_an_editor_sees_the_userbar_without_a_policy_violation(
    strict_page, course, trainer
):
    """Wagtail's userbar, shown only to editors, loads its files from this site."""
    page = strict_page.page
    sign_in(page, trainer.email)

    page.goto(course.url)
    expect(page.locator("wagtail-userbar")).to_be_attached()

    page.wait_for_load_state("networkidle")
    assert strict_page.violations() == []
    assert strict_page.console_errors == []
