"""The PDF itself: what it says, its QR code, its metadata and its tagging."""

import io

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from django.urls import reverse

from certificates import rendering, services
from certificates.models import CertificateSettings

from .conftest import pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


def test_the_pdf_shows_name_course_dates_hours_and_reference(certificate):
    text = pdf_text(certificate.pdf.read())
    assert "Leah Morgan" in text
    assert "Responding to exploitation" in text
    assert certificate.reference in text
    assert f"{certificate.completed_at:%-d %B %Y}" in text
    assert f"{certificate.expires_on:%-d %B %Y}" in text
    assert "2.5" in text


def test_the_qr_code_decodes_to_the_verification_url(certificate, settings):
    codes = pdf_qr_codes(certificate.pdf.read())
    path = reverse("certificates:verify", kwargs={"token": certificate.token})
    assert codes == [settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path]


def test_the_pdf_is_a4_landscape_tagged_with_metadata_and_fonts_embedded(certificate):
    document = pypdfium2.PdfDocument(io.BytesIO(certificate.pdf.read()))
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    assert len(document) == 1
    metadata = document.get_metadata_dict()
    assert metadata["Title"] == "Certificate of completion: Responding to exploitation"
    assert metadata["Author"] == "Kairos"
    assert certificate.reference in metadata["Subject"]
    # Tagged for assistive technology, with a structure tree for the page.
    page = document[0]
    assert pdfium_c.FPDFCatalog_IsTagged(document.raw)
    tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
    assert pdfium_c.FPDF_StructTree_CountChildren(tree) > 0
    pdfium_c.FPDF_StructTree_Close(tree)
    # Selectable text, in fonts that travel inside the file.
    text_objects = [
        obj for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT
    ]
    assert text_objects
    assert all(
        pdfium_c.FPDFFont_GetIsEmbedded(pdfium_c.FPDFTextObj_GetFont(obj.raw))
        for obj in text_objects
    )
    page.close()
    document.close()


def test_trainers_branding_appears_on_the_next_render(certificate, home):
    design = CertificateSettings.for_site(home.get_site())
    design.signatory_name = "Dr Ruth Adeyemi"
    design.signatory_role = "Head of Training, Kairos"
    design.footer_text = "Registered charity in England and Wales."
    design.accent_colour = "#1e6b3a"
    design.save()
    services.render(certificate, force=True)
    text = pdf_text(certificate.pdf.read())
    assert "Dr Ruth Adeyemi" in text
    assert "Head of Training, Kairos" in text
    assert "Registered charity in England and Wales." in text


def test_rendering_fetches_nothing_from_the_network():
    fetcher = rendering._offline_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://fonts.example.com/font.woff2")


def test_one_font_configuration_and_stylesheet_serve_every_render(certificate):
    services.render(certificate, force=True)
    font_config, stylesheet = rendering._font_config(), rendering._stylesheet()
    services.render(certificate, force=True)
    assert rendering._font_config() is font_config
    assert rendering._stylesheet() is stylesheet
