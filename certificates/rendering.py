"""Certificate PDFs, rendered with WeasyPrint from a Django template.

One font configuration and one compiled stylesheet serve every render in the
process: building them per render was slower and grew memory without limit
(ARCHITECTURE.md). Nothing is fetched from the network: fonts ship with the app,
images are read from storage and embedded, and the URL fetcher refuses anything
but files and data URLs.
"""

from __future__ import annotations

import base64
import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .models import WELSH, Certificate, CertificateSettings

ASSETS = Path(__file__).resolve().parent / "static" / "certificates"
FONTS = ASSETS / "fonts.css"  # first in every PDF's stylesheets
STYLESHEET = ASSETS / "certificate.css"
REPORT_STYLESHEET = ASSETS / "report.css"  # a plain A4 report: the CPD record
PDF_VARIANT = "pdf/ua-1"  # tagged, with the structure PDF/UA asks for

_lock = threading.Lock()


def _offline_fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _stylesheet(path: Path = STYLESHEET) -> CSS:
    """A stylesheet compiled once a process (its url()s relative to itself)."""
    return CSS(
        filename=str(path),
        font_config=_font_config(),
        url_fetcher=_offline_fetcher(),
    )


def write_pdf(html: str, *, stylesheets: list[Path]) -> bytes:
    """HTML rendered as a tagged PDF with the certificates' fonts, then the
    stylesheets given, nothing fetched from the network: every PDF of the
    platform (certificates, CPD records, evidence summaries) is made here.
    Relative URLs in the HTML resolve among the certificates' assets."""
    document = HTML(
        string=html, base_url=str(ASSETS) + "/", url_fetcher=_offline_fetcher()
    )
    with _lock:
        return document.write_pdf(
            stylesheets=[_stylesheet(path) for path in (FONTS, *stylesheets)],
            font_config=_font_config(),
            pdf_variant=PDF_VARIANT,
        )


def qr_code_data_uri(url: str) -> str:
    """An SVG QR code for the URL, as a data URI (segno, error correction M)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _image_data_uri(image, spec: str) -> str | None:
    """A small rendition of a Wagtail image, embedded so nothing is fetched."""
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode("ascii")
    mime = {"png": "image/png", "gif": "image/gif", "webp": "image/webp"}.get(
        Path(rendition.file.name).suffix.lstrip(".").lower(), "image/jpeg"
    )
    return f"data:{mime};base64,{data}"


@dataclass(frozen=True)
class Part:
    """The certificate's words in one language: all of them, or one half of a
    bilingual certificate."""

    code: str  # Django's language code ("cy", "en-gb")
    lang: str  # BCP 47, for the lang attribute ("cy", "en-GB")
    course_title: str
    lookup_url: str


def parts(certificate: Certificate, *, design: CertificateSettings) -> list[Part]:
    """The languages a certificate is printed in: the one it was issued in, or
    Welsh then English (left, then right) for a bilingual design."""
    from .services import lookup_url

    if design.languages == CertificateSettings.Languages.BILINGUAL:
        codes = [WELSH, settings.LANGUAGE_CODE]
    else:
        codes = [certificate.language or settings.LANGUAGE_CODE]
    return [
        Part(
            code=code,
            lang=translation.to_locale(code).replace("_", "-"),
            course_title=certificate.title_in(code),
            lookup_url=lookup_url(code),
        )
        for code in codes
    ]


def render_pdf(
    certificate: Certificate,
    *,
    design: CertificateSettings,
    verify_url: str,
) -> bytes:
    """The certificate as a one-page tagged PDF, its words in the language it was
    issued in (each part in its own: `{% language %}` in the template, so dates
    are in that language too), or in Welsh and English side by side."""
    languages = parts(certificate, design=design)
    with translation.override(languages[0].code):
        html = render_to_string(
            "certificates/pdf/certificate.html",
            {
                "certificate": certificate,
                "parts": languages,
                "first": languages[0],
                "bilingual": len(languages) > 1,
                "completed_on": timezone.localdate(certificate.completed_at),
                "design": design,
                "logo": _image_data_uri(design.logo, "max-480x160|format-png"),
                "signature": _image_data_uri(
                    design.signature, "max-480x160|format-png"
                ),
                "qr_code": qr_code_data_uri(verify_url),
            },
        )
    return write_pdf(html, stylesheets=[STYLESHEET])


def render_cpd_record(*, learner_name: str, entries, total_hours, lookup_url) -> bytes:
    """Her CPD record as a tagged PDF: one row per completed course."""
    html = render_to_string(
        "certificates/pdf/cpd_record.html",
        {
            "learner_name": learner_name,
            "entries": entries,
            "total_hours": total_hours,
            "lookup_url": lookup_url,
            "today": timezone.localdate(),
        },
    )
    return write_pdf(html, stylesheets=[REPORT_STYLESHEET])
