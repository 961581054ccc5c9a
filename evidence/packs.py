"""Writing a ZIP whose every file is listed, with its SHA-256 and size, in a
`manifest.json` at the end: anyone holding the ZIP can check that nothing in it
was changed or left out.

Files go into the ZIP as they are read, a chunk at a time, and the ZIP itself
is written to a temporary file, so memory stays flat however large the pack.
PDFs are stored as they are (they are compressed already); the spreadsheet, the
summary and the manifest are deflated. No database access here.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

READ_CHUNK = 64 * 1024
MAX_NAME = 150  # characters in a file's name, before ".pdf"
EN_DASH = "\u2013"
# Characters no file name may hold on Windows, macOS or Linux, and control
# characters (a pasted name may hold a tab or worse).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")


def safe_name_part(text: str) -> str:
    """Text as part of a file name: no path separators or characters a file
    system refuses, spaces collapsed, no leading or trailing dots."""
    text = unicodedata.normalize("NFC", text or "")
    text = _UNSAFE.sub(" ", text)
    text = _SPACES.sub(" ", text).strip().strip(".").strip()
    return text


def certificate_file_name(
    *, learner_name: str, course_title: str, reference: str
) -> str:
    """`Surname Forename, en dash, Course, en dash, Reference.pdf`: a folder
    of them sorts by surname, as an inspector's list does."""
    words = (learner_name or "").split()
    person = " ".join([words[-1], *words[:-1]]) if words else "Unnamed"
    parts = [safe_name_part(person), safe_name_part(course_title)]
    stem = f" {EN_DASH} ".join(part for part in parts if part)
    ending = f" {EN_DASH} {safe_name_part(reference)}"
    stem = stem[: MAX_NAME - len(ending)].rstrip()
    return f"{stem}{ending}.pdf"


@dataclass(frozen=True)
class Entry:
    name: str
    sha256: str
    size: int

    def as_json(self) -> dict:
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


class PackWriter:
    """A ZIP written to `file`, remembering each file's hash for the manifest."""

    def __init__(self, file: IO[bytes], *, when: datetime.datetime):
        self.zip = zipfile.ZipFile(file, "w", allowZip64=True)
        self.entries: list[Entry] = []
        self._names: set[str] = set()
        self._date_time = when.timetuple()[:6]

    def unique(self, name: str) -> str:
        """`name`, or `name (2)`, `name (3)`... if the ZIP already has it
        (compared as Windows and macOS would, ignoring case)."""
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        candidate, number = name, 1
        while candidate.casefold() in self._names:
            number += 1
            candidate = f"{stem} ({number}){dot}{extension}"
        self._names.add(candidate.casefold())
        return candidate

    def _info(self, name: str, *, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        return info

    def add_stream(
        self, name: str, stream: IO[bytes], *, compress: bool, size: int = 0
    ) -> Entry:
        """Copy a readable file into the ZIP a chunk at a time."""
        name = self.unique(name)
        info = self._info(name, compress=compress)
        info.file_size = size  # lets zipfile choose ZIP64 for a large file
        digest, written = hashlib.sha256(), 0
        with self.zip.open(info, "w") as target:
            while chunk := stream.read(READ_CHUNK):
                digest.update(chunk)
                target.write(chunk)
                written += len(chunk)
        entry = Entry(name, digest.hexdigest(), written)
        self.entries.append(entry)
        return entry

    def add_bytes(self, name: str, data: bytes, *, compress: bool = True) -> Entry:
        name = self.unique(name)
        self.zip.writestr(self._info(name, compress=compress), data)
        entry = Entry(name, hashlib.sha256(data).hexdigest(), len(data))
        self.entries.append(entry)
        return entry

    def finish(self, manifest: dict) -> tuple[dict, str]:
        """Write `manifest.json` (the manifest given, with every file so far)
        and close the ZIP. Returns the manifest and its SHA-256."""
        manifest = {**manifest, "files": [e.as_json() for e in self.entries]}
        data = manifest_bytes(manifest)
        self.zip.writestr(self._info("manifest.json", compress=True), data)
        self.zip.close()
        return manifest, hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    """The SHA-256 and size of a readable file, read a chunk at a time."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(READ_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
