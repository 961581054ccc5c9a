"""Her CPD record as a spreadsheet: one row per completed course, one column
per fact, every text cell spreadsheet-safe, dates as ISO dates (2026-11-26)
that spreadsheets read as dates, hours as numbers."""

from __future__ import annotations

import csv
import io

from core.spreadsheets import spreadsheet_safe

from .selectors import CpdEntry

HEADER = (
    "Course",
    "Completed on",
    "CPD hours",
    "Course version",
    "Content fingerprint",
    "Certificate reference",
    "Certificate status",
)


def rows(entries: list[CpdEntry]):
    yield HEADER
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
