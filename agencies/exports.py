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
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
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
# Sheet names and headings are in the language of the person exporting: lazy,
# and made text when the file is written.
DATA_SHEET = gettext_lazy("Training")
ABOUT_SHEET = gettext_lazy("About this export")


@dataclass(frozen=True)
class Column:
    heading: str
    field: str
    width: int  # in characters, for XLSX


COLUMNS = (
    Column(pgettext_lazy("export column", "Person"), "person", 26),
    Column(pgettext_lazy("export column", "Email"), "email", 30),
    Column(pgettext_lazy("export column", "Agency"), "agency", 26),
    Column(pgettext_lazy("export column", "Team"), "team", 18),
    Column(pgettext_lazy("export column", "Course"), "course", 40),
    Column(pgettext_lazy("export column", "Course version"), "course_version", 26),
    Column(pgettext_lazy("export column", "Status"), "status", 15),
    Column(pgettext_lazy("export column", "Dashboard label"), "label", 26),
    Column(pgettext_lazy("export column", "Due date"), "due_date", 18),
    Column(pgettext_lazy("export column", "Agreed extension"), "agreed_extension", 18),
    Column(pgettext_lazy("export column", "Completed on"), "completed_on", 18),
    Column(pgettext_lazy("export column", "Expires on"), "expires_on", 18),
    Column(
        pgettext_lazy("export column", "Certificate reference"),
        "certificate_reference",
        22,
    ),
    Column(pgettext_lazy("export column", "Verification URL"), "verification_url", 60),
    Column(pgettext_lazy("export column", "CPD hours"), "cpd_hours", 11),
)


def headings() -> list[str]:
    """The column headings, in the language active now."""
    return [str(column.heading) for column in COLUMNS]


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
        """The sheet's lines, in the language active now (the exporter's)."""
        exported_at = timezone.localtime(self.exported_at)
        lines: list[tuple[str, str | datetime.date]] = [
            (_("Report"), str(self.report)),
            (pgettext("about an export", "Agency"), str(self.agency)),
            (_("Exported by"), self.exported_by),
            (
                _("Exported"),
                _("%(date)s at %(time)s (UK time)")
                % {
                    "date": date_format(exported_at, "j F Y"),
                    "time": time_format(exported_at, "H:i"),
                },
            ),
            (_("Statuses as at"), self.as_at),
            (
                _("Filters applied"),
                "; ".join(str(words) for words in self.filters)
                or _("None: every assigned course of everyone in the report."),
            ),
            (
                _("Rows"),
                _('One row per person per assigned course, on the sheet "%(sheet)s".')
                % {"sheet": DATA_SHEET},
            ),
            (
                pgettext("export column", "Course version"),
                _("The course as it was last published, named by that date."),
            ),
            (
                pgettext("export column", "Verification URL"),
                _(
                    "The certificate's own page, as its QR code links to: it shows "
                    "whether the certificate is valid today."
                ),
            ),
        ]
        lines.append(("", ""))
        lines.append((pgettext("export column", "Status"), _("What it means")))
        for status in STATUS_ORDER:
            label, shown = str(Status.LABELS[status]), str(DASHBOARD_LABELS[status])
            heading = (
                label
                if shown == label
                else _("%(status)s (dashboard: %(label)s)")
                % {"status": label, "label": shown}
            )
            lines.append((heading, str(Status.DEFINITIONS[status])))
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
    yield headings()
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
    sheet = workbook.create_sheet(str(ABOUT_SHEET))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    sheet.append([_xlsx_cell(sheet, str(ABOUT_SHEET), bold=True)])
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
    sheet = workbook.create_sheet(str(DATA_SHEET))
    # Set before the first row: write-only sheets write these ahead of the rows.
    for number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, heading, bold=True) for heading in headings()])
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
