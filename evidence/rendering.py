"""The evidence pack's summary, as a tagged PDF, made the way every PDF of the
platform is (certificates.rendering.write_pdf): the certificates' fonts, the
plain A4 report's styles and the summary's own, and a QR code of its
verification page."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from certificates.rendering import REPORT_STYLESHEET, qr_code_data_uri, write_pdf

STYLESHEET = Path(__file__).resolve().parent / "static" / "evidence" / "summary.css"


def render_summary(context: dict) -> bytes:
    """`evidence/pdf/summary.html` with `context` (and a QR code of its
    `verification_url`) as a tagged PDF."""
    html = render_to_string(
        "evidence/pdf/summary.html",
        {**context, "qr_code": qr_code_data_uri(context["verification_url"])},
    )
    return write_pdf(html, stylesheets=[REPORT_STYLESHEET, STYLESHEET])
