"""The Welsh catalogue (locale/cy) checked against the code: every string of
ours collected fresh by makemessages, and what is missing, fuzzy, untranslated
or not compiled. The completeness test and `make messages` both rely on it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

LANGUAGE = "cy"
DOMAINS = ("django", "djangojs")
# What makemessages must not read: dependencies, generated files, tests.
IGNORED = ["*/tests/*", "tests/*", "bench/*", "staticfiles/*", "static/wagtail*"]
SOURCE_DIRS_SKIPPED = {
    ".venv",
    ".git",
    "node_modules",
    "staticfiles",
    "locale",
    "media",
    "private-media",
    "bench",
    "tests",
    "test-results",
    "docs",
}


def catalogue_path(domain: str = "django") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def committed(domain: str = "django") -> polib.POFile:
    path = catalogue_path(domain)
    return polib.pofile(str(path)) if path.exists() else polib.POFile()


def fresh(domain: str = "django") -> polib.POFile:
    """What makemessages collects from the code as it is now, without touching
    the committed catalogue: it runs over links to the source in a scratch
    directory."""
    base = Path(settings.BASE_DIR)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for entry in base.iterdir():
            if entry.name in SOURCE_DIRS_SKIPPED or entry.name.startswith("."):
                continue
            (scratch / entry.name).symlink_to(entry)
        locale = scratch / "scratch-locale"
        (locale / LANGUAGE / "LC_MESSAGES").mkdir(parents=True)
        cwd = os.getcwd()
        try:
            os.chdir(scratch)
            with override_settings(LOCALE_PATHS=[str(locale)]):
                call_command(
                    "makemessages",
                    locale=[LANGUAGE],
                    domain=domain,
                    symlinks=True,
                    ignore_patterns=IGNORED,
                    no_obsolete=True,
                    verbosity=0,
                )
        finally:
            os.chdir(cwd)
        produced = locale / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
        if not produced.exists():
            return polib.POFile()
        kept = Path(tempfile.mkstemp(suffix=".po")[1])
        shutil.copy(produced, kept)
    try:
        return polib.pofile(str(kept))
    finally:
        kept.unlink()


def key(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def missing(domain: str = "django") -> list[str]:
    """Strings in the code with no Welsh: new, untranslated or fuzzy."""
    ours = {
        key(entry): entry
        for entry in committed(domain)
        if not entry.obsolete and "fuzzy" not in entry.flags
    }
    return sorted(
        entry.msgid
        for entry in fresh(domain)
        if key(entry) not in ours or untranslated(ours[key(entry)])
    )
