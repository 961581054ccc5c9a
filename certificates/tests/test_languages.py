"""Certificates in her language (issue 16, point 4): a Welsh learner's
certificate is printed in Welsh, with the Welsh course title and Welsh month
names; a bilingual design prints Welsh and English side by side; the QR code
leads to the Welsh verification page, which answers in the visitor's language;
and the PDF's fonts have the letters Welsh needs."""

import ctypes
import io
import shutil
import subprocess
import tempfile

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Locale

from certificates import rendering, services
from certificates.models import Certificate, CertificateSettings

from .conftest import complete, pdf_qr_codes

pytestmark = pytest.mark.django_db

WELSH_TITLE = "Ymateb i gamfanteisio"


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils), or as PDFium does
    where poppler is not installed; its lines joined, since where a line wraps
    depends on the widths of random references."""
    return " ".join(_pdf_text(data).split())


def _pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(data)
            pdf.flush()
            return subprocess.run(  # noqa: S603 (a fixed command on our own file)
                ["pdftotext", pdf.name, "-"],  # noqa: S607
                capture_output=True,
                check=True,
            ).stdout.decode()
    return pypdfium2.PdfDocument(io.BytesIO(data))[0].get_textpage().get_text_range()


def welsh_date(day) -> str:
    with translation.override("cy"):
        return date_format(day, "j F Y")


def english_date(day) -> str:
    with translation.override("en-gb"):
        return date_format(day, "j F Y")


def translate_to_welsh(page, title: str):
    """The page's live Welsh translation, as a trainer makes it."""
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    translated = page.copy_for_translation(welsh, copy_parents=True)
    translated.title = title
    translated.save_revision().publish()
    return translated


@pytest.fixture
def welsh_learner(learner):
    learner.preferred_language = "cy"
    learner.save(update_fields=["preferred_language"])
    return learner


@pytest.fixture
def welsh_certificate(django_capture_on_commit_callbacks, welsh_learner, yearly_course):
    translate_to_welsh(yearly_course, WELSH_TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        complete(welsh_learner, yearly_course)
    return welsh_learner.certificates.get()


def bilingual(home):
    design = CertificateSettings.for_site(home.get_site())
    design.languages = CertificateSettings.Languages.BILINGUAL
    design.save()
    return design


def test_her_certificate_is_issued_in_her_language_with_the_welsh_title(
    welsh_certificate,
):
    assert welsh_certificate.language == "cy"
    assert welsh_certificate.course_title == "Responding to exploitation"
    assert welsh_certificate.course_title_welsh == WELSH_TITLE


def test_a_welsh_certificate_reads_in_welsh(welsh_certificate):
    text = pdf_text(welsh_certificate.pdf.read())
    completed_on = timezone.localdate(welsh_certificate.completed_at)
    assert "Tystysgrif" in text or "TYSTYSGRIF" in text
    assert WELSH_TITLE in text
    assert welsh_date(completed_on) in text  # Welsh month names
    assert welsh_date(welsh_certificate.expires_on) in text
    assert "CERTIFICATE OF COMPLETION" not in text.upper()
    assert "Responding to exploitation" not in text


def test_a_welsh_certificate_is_signed_and_footed_in_welsh(welsh_certificate):
    """The design's own wording has a Welsh version: the signatory and footer."""
    text = " ".join(pdf_text(welsh_certificate.pdf.read()).split())
    assert "Tîm hyfforddi Kairos" in text
    assert "cefnogi menywod, hyfforddi'r asiantaethau" in text
    assert "Kairos training team" not in text
    assert "supporting women, training the agencies" not in text


def test_an_english_learners_certificate_is_as_before(certificate):
    assert certificate.language == "en-gb"
    text = pdf_text(certificate.pdf.read())
    assert "Responding to exploitation" in text
    assert english_date(certificate.expires_on) in text


def test_an_english_certificate_keeps_the_english_title_when_a_welsh_one_exists(
    django_capture_on_commit_callbacks, learner, yearly_course
):
    translate_to_welsh(yearly_course, WELSH_TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, yearly_course)
    text = pdf_text(learner.certificates.get().pdf.read())
    assert "Responding to exploitation" in text
    assert WELSH_TITLE not in text


def test_a_welsh_certificates_qr_code_leads_to_the_welsh_verification_page(
    welsh_certificate, settings
):
    data = welsh_certificate.pdf.read()
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    token = welsh_certificate.token
    assert pdf_qr_codes(data) == [f"{base}/cy/certificates/verify/{token}/"]
    assert f"{base}/cy/certificates/verify/" in pdf_text(data)


def test_a_bilingual_certificate_has_welsh_then_english(welsh_certificate, home):
    bilingual(home)
    services.render(welsh_certificate, force=True)
    data = welsh_certificate.pdf.read()
    text = pdf_text(data)
    completed_on = timezone.localdate(welsh_certificate.completed_at)
    assert "Tystysgrif" in text or "TYSTYSGRIF" in text
    assert "CERTIFICATE OF COMPLETION" in text.upper()
    assert welsh_date(completed_on) in text
    assert english_date(completed_on) in text
    # Welsh on the left: read first.
    assert text.index(WELSH_TITLE) < text.index("Responding to exploitation")
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    assert len(document) == 1  # one page
    document.close()


def test_an_english_learner_gets_a_bilingual_certificate_too(certificate, home):
    bilingual(home)
    services.render(certificate, force=True)
    text = pdf_text(certificate.pdf.read())
    assert "Tystysgrif" in text or "TYSTYSGRIF" in text
    assert "Responding to exploitation" in text


def test_each_part_of_a_bilingual_certificate_says_its_language():
    design = CertificateSettings(languages=CertificateSettings.Languages.BILINGUAL)
    certificate = Certificate(
        learner_name="Siân Wyn",
        course_title="Release day",
        course_title_welsh="Diwrnod rhyddhau",
        cpd_hours=1,
        completed_at=timezone.now(),
        reference="KX7M-4RCT-W9HQ",
        language="en-gb",
    )
    html = render_to_string(
        "certificates/pdf/certificate.html",
        {
            "certificate": certificate,
            "parts": rendering.parts(certificate, design=design),
            "first": rendering.parts(certificate, design=design)[0],
            "bilingual": True,
            "completed_on": timezone.localdate(),
            "design": design,
        },
    )
    assert '<html lang="cy">' in html
    assert '<section class="certificate__body" lang="cy">' in html
    assert '<section class="certificate__body" lang="en-GB">' in html
    assert html.index('lang="cy"') < html.index('lang="en-GB"')


def test_a_reissue_keeps_the_language_it_was_issued_in(
    welsh_certificate, trainer, django_capture_on_commit_callbacks
):
    welsh_certificate.user.preferred_language = "en-gb"
    welsh_certificate.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        replacement = services.reissue(
            certificate=welsh_certificate, by=trainer, reason="Name corrected"
        )
    replacement.refresh_from_db()
    assert replacement.language == "cy"
    assert replacement.course_title_welsh == WELSH_TITLE
    assert WELSH_TITLE in pdf_text(replacement.pdf.read())


def test_the_verification_page_answers_in_the_visitors_language(
    client, welsh_certificate
):
    token = welsh_certificate.token
    welsh = client.get(f"/cy/certificates/verify/{token}/")
    english = client.get(f"/certificates/verify/{token}/")
    assert welsh.status_code == english.status_code == 200
    welsh_page, english_page = welsh.content.decode(), english.content.decode()
    assert '<html lang="cy"' in welsh_page
    assert "dystysgrif hon yn ddilys." in welsh_page
    assert WELSH_TITLE in welsh_page
    # The language it was issued in, named in the visitor's.
    assert "<dt>Iaith y dystysgrif</dt><dd>Cymraeg</dd>" in welsh_page
    assert "This certificate is valid." in english_page
    assert "Responding to exploitation" in english_page
    assert "<dt>Issued in</dt><dd>Welsh</dd>" in english_page


def test_checking_by_reference_answers_in_welsh(client, welsh_certificate):
    with translation.override("cy"):
        url = reverse("certificates:verify_reference")
    assert url.startswith("/cy/")
    form = client.get(url).content.decode()
    assert "Gwirio tystysgrif Kairos" in form
    found = client.post(
        url, {"reference": welsh_certificate.reference, "surname": "Morgan"}
    ).content.decode()
    assert "dystysgrif hon yn ddilys." in found
    missing = client.post(url, {"reference": "", "surname": ""}).content.decode()
    assert "Rhowch y cyfeirnod" in missing


def test_her_cpd_record_pdf_is_in_the_language_she_reads(
    learner_client, welsh_certificate
):
    with translation.override("cy"):
        url = reverse("certificates:cpd_record_pdf")
    assert url.startswith("/cy/")
    response = learner_client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Cofnod DPP" in text
    assert WELSH_TITLE in text
    assert "/cy/certificates/verify/" in text


def test_her_email_is_in_welsh_with_the_welsh_title(welsh_certificate):
    [email] = [m for m in mail.outbox if WELSH_TITLE in m.subject]
    assert email.subject == f"Da iawn: rydych chi wedi cwblhau “{WELSH_TITLE}”"
    assert "Lawrlwytho eich tystysgrif" in email.alternatives[0][0]


def test_the_design_sample_shows_the_bilingual_design(trainer_client, home):
    bilingual(home)
    with translation.override("en-gb"):
        url = reverse("certificates_admin:design_sample")
    response = trainer_client.get(url)
    text = pdf_text(response.content)
    assert "Tystysgrif" in text or "TYSTYSGRIF" in text
    assert "CERTIFICATE OF COMPLETION" in text.upper()


def _fonts_of(data: bytes) -> dict[str, set[str]]:
    """{character: the names of the fonts it is printed in}."""
    page = pypdfium2.PdfDocument(io.BytesIO(data))[0]
    text_page = page.get_textpage()
    fonts: dict[str, set[str]] = {}
    for index in range(text_page.count_chars()):
        name = ctypes.create_string_buffer(200)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(
            text_page.raw, index, name, 200, ctypes.byref(flags)
        )
        char = text_page.get_text_range(index, 1)
        fonts.setdefault(char, set()).add(name.value.decode().split("+")[-1])
    return fonts


def test_welsh_letters_print_in_atkinson_hyperlegible_not_as_empty_boxes():
    html = '<html lang="cy"><body><p>Ŵ ŷ ŵyr Ŷ</p><p><b>ŵ ŷ</b></p></body></html>'
    fonts = _fonts_of(rendering.write_pdf(html, stylesheets=[rendering.STYLESHEET]))
    for letter in "Ŵŷŵ":
        assert fonts[letter] <= {
            "Atkinson-Hyperlegible-Next",
            "Atkinson-Hyperlegible-Next-Bold",
        }, letter
    # The letters around them stay in Atkinson Hyperlegible itself.
    assert fonts["y"] == {"Atkinson-Hyperlegible"}
    assert fonts["r"] == {"Atkinson-Hyperlegible"}
