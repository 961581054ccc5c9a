"""The training record written out as evidence, in CSV and XLSX.

One column per fact, the same columns in both formats and in the manager's and
the Kairos-wide exports. Dates are dates: ISO (2026-11-26) in CSV so any
spreadsheet reads them, real date cells in XLSX shown as "26 November 2026".
The workbook opens on "About this export": whose record, who exported it and
when, the date statuses were worked out for, the filters, and what each status
means. Rows are written as they are read (openpyxl's write-only mode, then a
temporary file), so memory stays flat however many rows there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import spreadsheet_safe

from .selectors import DASHBOARD_LABELS, STATUS_ORDER, ExportRow, Status

XLSX_DATE_FORMAT = "d mmmm yyyy"  # 26 November 2026
XLSX_HOURS_FORMAT = "0.0"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = "Training"
ABOUT_SHEET = "About this export"


@dataclass(frozen=True)
class Column:
    heading: str
    field: str
    width: int  # in characters, for XLSX


COLUMNS = (
    Column("Person", "person", 26),
    Column("Email", "email", 30),
    Column("Agency", "agency", 26),
    Column("Team", "team", 18),
    Column("Course", "course", 40),
    Column("Course version", "course_version", 26),
    Column("Status", "status", 15),
    Column("Dashboard label", "label", 26),
    Column("Due date", "due_date", 18),
    Column("Agreed extension", "agreed_extension", 18),
    Column("Completed on", "completed_on", 18),
    Column("Expires on", "expires_on", 18),
    Column("Certificate reference", "certificate_reference", 22),
    Column("Verification URL", "verification_url", 60),
    Column("CPD hours", "cpd_hours", 11),
)
HEADINGS = [column.heading for column in COLUMNS]


@dataclass(frozen=True)
class About:
    """What an export is: the first sheet of the workbook, in words."""

    report: str  # "Staff training report"
    agency: str  # the agency's name, or "All agencies"
    exported_by: str
    exported_at: datetime.datetime
    as_at: datetime.date
    filters: list[str]  # each filter applied, in words; empty for none

    def lines(self) -> list[tuple[str, str | datetime.date]]:
        exported_at = timezone.localtime(self.exported_at)
        lines: list[tuple[str, str | datetime.date]] = [
            ("Report", self.report),
            ("Agency", self.agency),
            ("Exported by", self.exported_by),
            ("Exported", f"{exported_at:%-d %B %Y at %H:%M} (UK time)"),
            ("Statuses as at", self.as_at),
            (
                "Filters applied",
                "; ".join(self.filters)
                or "None: every assigned course of everyone in the report.",
            ),
            (
                "Rows",
                f'One row per person per assigned course, on the sheet "{DATA_SHEET}".',
            ),
            (
                "Course version",
                "The course as it was last published, named by that date.",
            ),
            (
                "Verification URL",
                "The certificate's own page, as its QR code links to: it shows "
                "whether the certificate is valid today.",
            ),
        ]
        lines.append(("", ""))
        lines.append(("Status", "What it means"))
        for status in STATUS_ORDER:
            label, shown = Status.LABELS[status], DASHBOARD_LABELS[status]
            heading = label if shown == label else f"{label} (dashboard: {shown})"
            lines.append((heading, Status.DEFINITIONS[status]))
        return lines


# CSV -------------------------------------------------------------------------------


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return spreadsheet_safe(str(value))


def csv_rows(rows: Iterable[ExportRow]) -> Iterator[list[str]]:
    """The heading, then each row, as CSV cells."""
    yield HEADINGS
    for row in rows:
        yield [_csv_value(getattr(row, column.field)) for column in COLUMNS]


# XLSX ------------------------------------------------------------------------------


def _xlsx_cell(sheet, value, *, bold=False, wrap=False):
    if isinstance(value, str):
        # Control characters (a pasted name, a typed search) cannot be stored
        # in a workbook: left out rather than failing the export.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text stays text, exactly as typed: a name starting with "=" is never
        # a formula.
        cell.data_type = "s"
    elif isinstance(value, datetime.date):
        cell.number_format = XLSX_DATE_FORMAT
    elif isinstance(value, Decimal):
        cell.number_format = XLSX_HOURS_FORMAT
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _write_about(workbook: Workbook, about: About) -> None:
    sheet = workbook.create_sheet(ABOUT_SHEET)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    sheet.append([_xlsx_cell(sheet, ABOUT_SHEET, bold=True)])
    for heading, value in about.lines():
        sheet.append(
            [
                _xlsx_cell(sheet, heading, bold=True, wrap=True),
                _xlsx_cell(sheet, value, wrap=True),
            ]
        )


def write_xlsx(rows: Iterable[ExportRow], about: About, file: IO[bytes]) -> int:
    """Write the workbook to `file`; returns how many rows it holds."""
    workbook = Workbook(write_only=True)  # rows go to disk as they are written
    _write_about(workbook, about)
    sheet = workbook.create_sheet(DATA_SHEET)
    # Set before the first row: write-only sheets write these ahead of the rows.
    for number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, heading, bold=True) for heading in HEADINGS])
    count = 0
    for row in rows:
        sheet.append(
            [
                _xlsx_cell(sheet, value if value != "" else None)
                for value in (getattr(row, column.field) for column in COLUMNS)
            ]
        )
        count += 1
    # The filter is written after the rows, when the sheet is saved.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    workbook.save(file)
    return count
