import re
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from certificates import references
from certificates.models import Certificate
from courses import selectors as course_selectors
from courses import services as course_services

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def read_certificate(path) -> tuple[str, list[str]]:
    """The PDF's first page: its text, whitespace collapsed, and its QR codes."""
    pdf = pypdfium2.PdfDocument(path)
    try:
        page = pdf[0]
        text = " ".join(page.get_textpage().get_text_range().split())
        image = page.render(scale=3).to_pil()
        return text, [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    finally:
        pdf.close()


def mistype(reference: str) -> str:
    """The reference with its first character swapped for another valid one."""
    wrong = next(char for char in references.ALPHABET if char != reference[0])
    return wrong + reference[1:]


def test_learner_completes_a_course_downloads_and_verifies_her_certificate(
    audited_page, learner, course, live_server, settings
):
    # The QR code must lead back to this live server.
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

    button = page.get_by_role("button", name=re.compile("^Mark complete and"))
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # keyboard only
    expect(page.get_by_text(f"you have completed “{course.title}”")).to_be_visible()
    expect(page.get_by_text("You completed this course on")).to_be_visible()
    a.audit()

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My certificates"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    item = page.locator(".certificate-item").filter(has_text=course.title)
    expect(item.locator(".status")).to_have_text("Valid")
    a.audit()
    reference = item.locator("dt", has_text="Reference").locator("+ dd").inner_text()
    assert references.check(reference) == (references.Check.VALID, reference)

    with page.expect_download() as info:
        item.get_by_role("link", name=re.compile("^Download certificate")).click()
    download = info.value
    assert download.suggested_filename == f"Kairos certificate {reference}.pdf"
    text, codes = read_certificate(download.path())
    assert learner.full_name in text
    assert course.title in text
    assert reference in text

    certificate = Certificate.objects.get(user=learner, course=course)
    assert codes == [f"{live_server.url}/certificates/verify/{certificate.token}/"]
    assert urlsplit(codes[0]).path == f"/certificates/verify/{certificate.token}/"

    # Whoever scans the code sees that it is genuine.
    page.goto(codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate check")
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(reference)
    a.audit()

    # Or she checks it by hand: reference and surname.
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Check a Kairos certificate"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check a Kairos certificate"
    )
    a.audit()
    page.get_by_label("Certificate reference").fill(reference)
    page.get_by_label("Learner's surname").fill(certificate.surname)
    page.get_by_role("button", name="Check certificate").click()
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(learner.full_name)
    a.audit()

    # One wrong character is caught as a typing mistake.
    page.get_by_role("link", name="Check another certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check a Kairos certificate"
    )
    a.audit()
    page.get_by_label("Certificate reference").fill(mistype(reference))
    page.get_by_label("Learner's surname").fill(certificate.surname)
    page.get_by_role("button", name="Check certificate").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "This reference has a typing mistake"
    )
    expect(page.get_by_label("Certificate reference")).to_have_value(mistype(reference))
    a.audit()
