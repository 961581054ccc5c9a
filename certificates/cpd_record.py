"""Her CPD record as a spreadsheet: one row per completed course, one column
per fact, every text cell spreadsheet-safe, dates as ISO dates (2026-11-26)
that spreadsheets read as dates, hours as numbers."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _

from core.spreadsheets import spreadsheet_safe

from .selectors import CpdEntry

HEADER = (
    _("Course"),
    _("Completed on"),
    _("CPD hours"),
    _("Course version"),
    _("Content fingerprint"),
    _("Certificate reference"),
    _("Certificate status"),
)


def rows(entries: list[CpdEntry]):
    yield tuple(str(title) for title in HEADER)
    for entry in entries:
        yield (
            spreadsheet_safe(entry.course_title),
            entry.completed_on.isoformat(),
            f"{entry.cpd_hours.normalize():f}",
            spreadsheet_safe(entry.version),
            entry.fingerprint,
            entry.reference,
            entry.certificate_status,
        )


def as_csv(entries: list[CpdEntry]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows(entries))
    return buffer.getvalue()
