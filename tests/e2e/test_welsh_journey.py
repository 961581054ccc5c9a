"""Issue #16's browser journey in Welsh: a learner who reads Kairos in English
switches to Welsh, makes Welsh her language, enrols in the Welsh "Release day"
course, completes its lessons and quiz, downloads her certificate (Welsh, as
`pdftotext` reads it) and checks it by its QR code, in Welsh. axe-core runs on
every page, and every Welsh page says `<html lang="cy">`.

The Welsh strings are written out here, not looked up through gettext, so a
string that lost its Welsh would fail the journey rather than pass in English.
"""

import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from agencies.models import Membership
from certificates.models import Certificate
from courses.models import CoursePage
from kairos_learning.demo_agencies import PROBATION
from kairos_learning.demo_quizzes import MAIN_QUIZ, RELEASE_BANK, RELEASE_QUIZ
from kairos_learning.demo_welsh import COURSE, ON_THE_DAY, PLANNING, QUESTIONS, QUIZ
from tests.e2e.conftest import _missing_or_fail
from tests.e2e.test_certificate_journey import read_certificate

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE_TITLE = COURSE["Release day: supporting women leaving custody"]
LESSONS = (
    PLANNING["Planning for release"],
    ON_THE_DAY["On the day and the weeks after"],
)
QUIZ_TITLE = QUIZ["Release day quiz"]
WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)
# Each Welsh question the "Release day" quiz draws from (its category in the
# demo's question bank), with its right Welsh choices: the English demo's
# answers, through the demo's Welsh.
RIGHT = {
    QUESTIONS[q["text"]]: [QUESTIONS[text] for text, right in q["choices"] if right]
    for q in [*MAIN_QUIZ["questions"], *RELEASE_BANK]
    if q["category"] == RELEASE_QUIZ["draw"][0]
}


def in_welsh(page):
    """The page is Welsh: its language says so, it is under /cy/, and no link
    in its main content leaves the Welsh site."""
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert urlsplit(page.url).path.startswith("/cy/"), page.url
    hrefs = page.locator("main a[href^='/']").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    english = [href for href in hrefs if not href.startswith("/cy/")]
    assert not english, f"{page.url} links out of Welsh: {english}"


def pdf_text(path) -> str:
    """The PDF's text as `pdftotext` (poppler-utils) reads it, whitespace
    collapsed."""
    if not shutil.which("pdftotext"):
        _missing_or_fail("pdftotext not found (apt-get install poppler-utils)")
    result = subprocess.run(  # noqa: S603 (a fixed command on our own file)
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(result.stdout.split())


def test_learner_takes_release_day_in_welsh_and_checks_her_welsh_certificate(
    audited_page, live_server, settings
):
    # The QR code must lead back to this live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("seed_demo", stdout=None)
    learner = UserFactory(full_name="Catrin Hughes", email="catrin@example.org")
    assert learner.preferred_language == "en-gb"
    colleague = Membership.objects.filter(
        agency__name=PROBATION, user__email="learner@kairos.test"
    ).get()
    Membership.objects.create(
        user=learner, agency=colleague.agency, team=colleague.team
    )
    a = audited_page
    page = a.page

    # She signs in on the English site.
    page.goto("/accounts/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    a.audit()
    page.get_by_label("Email address").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    a.audit()

    # The switcher takes her to the same page in Welsh, which offers to make
    # Welsh her language for emails and certificates.
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Cymraeg"
    ).click()
    in_welsh(page)
    expect(page.get_by_text("Wedi mewngofnodi fel")).to_be_visible()
    expect(
        page.get_by_text(
            "Anfon fy negeseuon e-bost a'm tystysgrifau yn Gymraeg o hyn ymlaen?"
        )
    ).to_be_visible()
    a.audit()
    page.get_by_role("button", name="Ie, yn Gymraeg").click()
    expect(
        page.get_by_text(
            "Wedi'u cadw. Byddwn yn anfon eich negeseuon e-bost a'ch tystysgrifau "
            "yn Gymraeg."
        )
    ).to_be_visible()
    in_welsh(page)
    a.audit()
    learner.refresh_from_db()
    assert learner.preferred_language == "cy"

    # The Welsh catalogue, and the Welsh "Release day" course.
    page.get_by_role("navigation", name="Prif").get_by_role(
        "link", name="Cyrsiau", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cyrsiau")
    in_welsh(page)
    a.audit()
    page.get_by_role("link", name=COURSE_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_TITLE)
    in_welsh(page)
    a.audit()
    # Enrolling opens the first lesson; each is marked complete with the
    # Welsh button, and the last leads back to the course.
    page.get_by_role("button", name="Cofrestru ar y cwrs hwn").click()
    for lesson in LESSONS:
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson)
        in_welsh(page)
        a.audit()
        page.get_by_role("button", name=re.compile("^Marcio'n gyflawn a")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_TITLE)
    in_welsh(page)
    a.audit()

    # Its quiz, in Welsh, answered right.
    page.get_by_role("link", name=QUIZ_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUIZ_TITLE)
    in_welsh(page)
    a.audit()
    page.get_by_role("button", name="Dechrau'r cwis").click()
    total = RELEASE_QUIZ["draw"][1]
    for number in range(1, total + 1):
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Cwestiwn {number} o {total}"
        )
        in_welsh(page)
        a.audit()
        question = page.locator("legend").first.inner_text().strip()
        assert question in RIGHT, question
        for choice in RIGHT[question]:
            page.get_by_label(choice, exact=True).check()
        name = "Cadw a pharhau" if number < total else "Adolygu'r atebion"
        page.get_by_role("button", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gwiriwch eich atebion cyn i chi eu cyflwyno"
    )
    in_welsh(page)
    a.audit()
    page.get_by_role("button", name="Cyflwyno fy atebion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Eich canlyniad: {QUIZ_TITLE}"
    )
    expect(
        page.get_by_text("Cawsoch chi 100% (y marc llwyddo yw 60%).")
    ).to_be_visible()
    expect(
        page.get_by_text(QUIZ["Well done: you have passed this quiz."])
    ).to_be_visible()
    in_welsh(page)
    a.audit()

    # Her certificate, in Welsh.
    page.get_by_role("navigation", name="Prif").get_by_role(
        "link", name="Fy nhystysgrifau"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fy nhystysgrifau")
    item = page.locator(".certificate-item").filter(has_text=COURSE_TITLE)
    expect(item.locator(".status")).to_have_text("Dilys")
    in_welsh(page)
    a.audit()
    with page.expect_download() as info:
        item.get_by_role(
            "link", name=re.compile("^Lawrlwytho'r dystysgrif \\(PDF\\)")
        ).click()
    path = info.value.path()
    text = pdf_text(path)
    # Its heading is set in capitals ("TYSTYSGRIF CWBLHAU").
    assert "tystysgrif" in text.lower(), text
    assert "Mae hyn yn tystio bod Catrin Hughes" in text, text
    assert "Diwrnod rhyddhau" in text, text
    assert any(month in text for month in WELSH_MONTHS), text
    assert "This certifies that" not in text, text

    certificate = Certificate.objects.get(
        user=learner, course=CoursePage.objects.get(slug=RELEASE_QUIZ["course_slug"])
    )
    assert certificate.reference in text, text
    _, codes = read_certificate(path)
    # A Welsh certificate's code leads to its Welsh verification page.
    assert codes == [f"{live_server.url}/cy/certificates/verify/{certificate.token}/"]

    # Whoever scans the code is answered in Welsh: the certificate is valid.
    page.goto(urlsplit(codes[0]).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwirio tystysgrif")
    expect(page.get_by_text("Mae'r dystysgrif hon yn ddilys.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(certificate.reference)
    expect(page.get_by_role("main")).to_contain_text(COURSE_TITLE)
    in_welsh(page)
    a.audit()
