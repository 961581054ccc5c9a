"""The evidence pack's summary, as a tagged PDF (WeasyPrint), the way
certificates and CPD records are rendered: the certificates' fonts and QR
codes, one font configuration and one compiled stylesheet a process, nothing
fetched from the network."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from certificates.rendering import ASSETS as CERTIFICATE_ASSETS
from certificates.rendering import PDF_VARIANT, qr_code_data_uri

STYLESHEET = Path(__file__).resolve().parent / "static" / "evidence" / "summary.css"

_lock = threading.Lock()


def _offline_fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _stylesheet() -> CSS:
    # The fonts are the certificates' own: url("../certificates/fonts/...")
    # resolves from there, as it does among the collected static files.
    return CSS(
        string=STYLESHEET.read_text(),
        base_url=str(CERTIFICATE_ASSETS) + "/",
        font_config=_font_config(),
        url_fetcher=_offline_fetcher(),
    )


def render_summary(context: dict) -> bytes:
    """`evidence/pdf/summary.html` with `context` (and a QR code of its
    `verification_url`) as a tagged PDF."""
    html = render_to_string(
        "evidence/pdf/summary.html",
        {**context, "qr_code": qr_code_data_uri(context["verification_url"])},
    )
    document = HTML(
        string=html,
        base_url=str(CERTIFICATE_ASSETS) + "/",
        url_fetcher=_offline_fetcher(),
    )
    with _lock:
        return document.write_pdf(
            stylesheets=[_stylesheet()],
            font_config=_font_config(),
            pdf_variant=PDF_VARIANT,
        )
