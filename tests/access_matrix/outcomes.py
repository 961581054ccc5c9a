"""What a response means to the person who asked, in one word."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import reverse

OK = "OK"  # 2xx: the page, the file, "being prepared"
REDIRECT = "REDIRECT"  # 3xx the view's normal behaviour (not a sign-in page)
LOGIN = "LOGIN"  # 302 to a sign-in page of the site (ours, or Wagtail's /_util/login/)
ADMIN_LOGIN = "ADMIN_LOGIN"  # 302 to the Wagtail admin's sign-in page
ADMIN_DENIED = "ADMIN_DENIED"  # 302 to the admin home: "you do not have permission"
BAD_REQUEST = "BAD_REQUEST"  # 400: the form was empty or wrong
FORBIDDEN = "FORBIDDEN"  # 403
NOT_FOUND = "NOT_FOUND"  # 404
NOT_ALLOWED = "NOT_ALLOWED"  # 405: wrong method
# Expected only: a 200 that must not show the learner's name, email or notes.
OWN = "OWN"

REFUSALS = frozenset(
    {LOGIN, ADMIN_LOGIN, ADMIN_DENIED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED}
)


def outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path in (reverse("accounts:login"), reverse("wagtailcore_login")):
            return LOGIN
        if path == reverse("wagtailadmin_login"):
            return ADMIN_LOGIN
        if path == reverse("wagtailadmin_home") and _has_denied_message(response):
            return ADMIN_DENIED
        return REDIRECT
    return {
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
        405: NOT_ALLOWED,
    }.get(status, str(status))


def _has_denied_message(response) -> bool:
    request = response.wsgi_request
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return any("permission" in str(message) for message in storage._queued_messages)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def body(response) -> str:
    """The text a person would read: for a spreadsheet (a zip of XML, where no
    marker could ever match the raw bytes), every cell's value; for a PDF
    (compressed), the text of every page."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type", "").split(";")[0].strip() == XLSX:
        return _xlsx_text(content)
    if response.get("Content-Type", "").split(";")[0].strip() == "application/pdf":
        return _pdf_text(content)
    return content.decode("utf-8", errors="replace")


def _pdf_text(content: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(content))
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return "\n".join(
            "\t".join("" if value is None else str(value) for value in values)
            for sheet in workbook.worksheets
            for values in sheet.iter_rows(values_only=True)
        )
    finally:
        workbook.close()


def snapshot(app_labels: frozenset[str]) -> dict:
    """Every row of the models of our apps, and the people: what a refused POST
    must leave exactly as it was."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in app_labels
        or model._meta.label in {"wagtailcore.Page", "auth.Group"}
    ]
    state = {}
    for model in models:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in {"last_login"}
        ]
        state[model._meta.label] = list(
            model.objects.order_by("pk").values_list(*fields)
        )
    return state
