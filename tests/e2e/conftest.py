"""Browser tests: Debian's Chromium driven by Playwright, axe-core on every page,
at a desktop size and at a phone's (390 x 844), with WCAG 2.2 AA's rules (target
size among them) and axe's best practices.

Outside CI the tests skip, saying why, when Chromium or axe-core is missing; in CI
(CI=true) they fail instead, so a green CI run always includes them.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in
# test set-up are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
# WCAG 2.0 to 2.2, levels A and AA (2.2's "target-size" is in wcag22aa), and
# axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
SETTLE_CSS = (
    "*, *::before, *::after "
    "{ transition: none !important; animation: none !important; }"
)


def _missing_or_fail(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Browser tests must run in CI: {reason}")
    pytest.skip(reason)


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if not executable:
        _missing_or_fail("Chromium not found (apt-get install chromium)")
    if not AXE.exists():
        _missing_or_fail("axe-core not installed (npm ci)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt installs it
        _missing_or_fail("Playwright's Python package is not installed")
    from playwright.sync_api import expect

    # The Wagtail admin's pages are heavy for a two-core machine.
    expect.set_options(timeout=20_000)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


class AuditedPage:
    """A Playwright page whose every visited URL must pass an axe-core audit."""

    def __init__(self, page):
        self.page = page
        self.visited: list[str] = []
        self.audited: set[str] = set()
        page.on("framenavigated", self._record)

    def _record(self, frame):
        if frame == self.page.main_frame and frame.url not in self.visited:
            self.visited.append(frame.url)

    def audit(self, *, known=None):
        """Run axe-core on the current page at a desktop size and at a phone's;
        fail on serious or critical issues. `known` is for the Wagtail admin's
        pages only: tests/e2e/admin_axe.py's `known`, the admin's own issues."""
        page = self.page
        page.wait_for_load_state("load")
        # Audit the settled page: a message still fading in (Wagtail animates
        # them) would be measured at half its contrast.
        page.add_style_tag(content=SETTLE_CSS)
        page.add_script_tag(path=str(AXE))
        size = page.viewport_size or DESKTOP
        blocking = []
        try:
            for viewport in (DESKTOP, PHONE):
                page.set_viewport_size(viewport)
                blocking += self._blocking(f"{viewport['width']}px", known)
        finally:
            page.set_viewport_size(size)
        assert not blocking, f"{page.url}\n{json.dumps(blocking, indent=2)}"
        self.audited.add(page.url)

    def _blocking(self, width: str, known=None) -> list[dict]:
        results = self.page.evaluate(
            "async (options) => await axe.run(document, options)", AXE_OPTIONS
        )
        blocking = []
        for violation in results["violations"]:
            nodes = [
                node["target"]
                for node in violation["nodes"]
                if known is None or not known(violation["id"], node["target"])
            ]
            if violation["impact"] in BLOCKING_IMPACTS and nodes:
                blocking.append(
                    {
                        "width": width,
                        "rule": violation["id"],
                        "impact": violation["impact"],
                        "help": violation["help"],
                        "nodes": nodes[:5],
                    }
                )
        return blocking

    def unaudited(self) -> list[str]:
        return [url for url in self.visited if url not in self.audited]


@pytest.fixture
def audited_page(browser, live_server):
    # Playwright injects axe-core and the settling style as inline <script> and
    # <style>, which the site's Content-Security-Policy rightly blocks: these
    # audited contexts bypass it. tests/e2e/test_security_journey.py visits the
    # pages with the policy enforced and fails on any violation.
    context = browser.new_context(
        base_url=live_server.url,
        viewport=DESKTOP,
        locale="en-GB",
        reduced_motion="reduce",
        bypass_csp=True,
    )
    context.set_default_timeout(20_000)
    audited = AuditedPage(context.new_page())
    yield audited
    context.close()
    missed = audited.unaudited()
    assert not missed, (
        f"Pages visited without an accessibility audit: {missed} of {audited.visited}"
    )


def emailed_path(body: str, starting: str) -> str:
    """The path of the one link in an email body whose path starts `starting`,
    to visit on the test server whatever host the email names."""
    paths = re.findall(r"https?://[^/\s]+(" + re.escape(starting) + r"\S*)", body)
    assert len(paths) == 1, body
    return paths[0]
