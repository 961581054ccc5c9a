"""Uploaded text files, checked in full before any of it is used.

A check of the first few kilobytes lets through whatever follows them (a NUL
after byte 4,096 was stored in a name). `read_text_upload` reads the whole
file once and refuses it, with a message saying what to do, unless every byte
passes: its size, its encoding (UTF-8, with or without a byte-order mark), no
NUL anywhere, no line longer than the limit and no more lines than the limit.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SAVE_AS_CSV = gettext_lazy(
    "In Excel, use Save As and choose “CSV UTF-8”, then upload that file."
)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_text_upload(
    data: bytes | str,
    *,
    max_bytes: int,
    max_lines: int | None = None,
    max_line_chars: int | None = None,
) -> str:
    """The text of an uploaded file, or UploadRefused saying why it cannot be
    read. `max_lines` counts every line, the header and blank lines included."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        raise UploadRefused(
            _("The file is larger than %(size)s. Split it into smaller files.")
            % {"size": _size(max_bytes)}
        )
    if b"\0" in data:
        # Before decoding: a zero byte is a NUL in UTF-8, and the mark of a
        # spreadsheet or UTF-16 file saved instead of CSV.
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise UploadRefused(
            _(
                "This file is not plain text. Line %(line)s has an invisible NUL "
                "character. %(advice)s"
            )
            % {"line": line, "advice": SAVE_AS_CSV}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UploadRefused(
            _(
                "Line %(line)s is not UTF-8 text. Save the file as CSV (UTF-8) and "
                "upload it again."
            )
            % {"line": line}
        ) from None
    lines = text.splitlines()
    if max_lines is not None and len(lines) > max_lines:
        raise UploadRefused(
            _(
                "The file has %(lines)s lines; at most %(limit)s are read at once. "
                "Split it into smaller files."
            )
            % {"lines": _number(len(lines)), "limit": _number(max_lines)}
        )
    if max_line_chars is not None:
        for number, line in enumerate(lines, start=1):
            if len(line) > max_line_chars:
                raise UploadRefused(
                    _(
                        "Line %(line)s is %(length)s characters long; a line can "
                        "have at most %(limit)s. Check the file is the right one, "
                        "saved as CSV."
                    )
                    % {
                        "line": number,
                        "length": _number(len(line)),
                        "limit": _number(max_line_chars),
                    }
                )
    return text


def _size(max_bytes: int) -> str:
    if max_bytes % (1024 * 1024) == 0:
        return _("%(size)s MB") % {"size": max_bytes // (1024 * 1024)}
    return _("%(size)s KB") % {"size": max_bytes // 1024}
