"""The Welsh catalogue is complete: every string of ours, as makemessages finds
it in the code now, has a Welsh translation, none fuzzy, and the compiled
catalogue Django reads is the one committed."""

import os
import shutil
import subprocess

import polib
import pytest

from core import catalogue


def needs_gettext():
    """makemessages and msgfmt are gettext's: .ci/run installs it; elsewhere,
    without it, these tests skip saying so (the compiled catalogue is committed,
    so the site itself needs no gettext)."""
    if shutil.which("xgettext") and shutil.which("msgfmt"):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("gettext must be installed in CI (apt-get install gettext)")
    pytest.skip("gettext is not installed (apt-get install gettext)")


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_every_string_of_ours_has_welsh(domain):
    needs_gettext()
    missing = catalogue.missing(domain)

    assert not missing, (
        f"{len(missing)} strings have no Welsh in locale/cy/LC_MESSAGES/"
        f"{domain}.po (run `make messages` and translate them): {missing[:20]}"
    )


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_no_entry_is_fuzzy_or_empty(domain):
    po = catalogue.committed(domain)

    assert not [entry.msgid for entry in po.fuzzy_entries()]
    assert not [entry.msgid for entry in po if catalogue.untranslated(entry)]


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_the_compiled_catalogue_matches_the_translations(domain):
    path = catalogue.catalogue_path(domain)
    if not path.exists():
        pytest.skip(f"no {domain} strings yet")
    compiled = {
        catalogue.key(entry): (entry.msgstr, entry.msgstr_plural)
        for entry in polib.mofile(str(path.with_suffix(".mo")))
        if entry.msgid
    }
    written = {
        catalogue.key(entry): (entry.msgstr, entry.msgstr_plural)
        for entry in catalogue.committed(domain)
        if not entry.obsolete
    }

    assert compiled == written, "run `make messages` to compile the catalogue"


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_every_placeholder_survives_translation(domain):
    """msgfmt's own check: %(name)s and {name} placeholders, plural forms."""
    needs_gettext()
    path = catalogue.catalogue_path(domain)
    if not path.exists():
        pytest.skip(f"no {domain} strings yet")

    result = subprocess.run(  # noqa: S603 - fixed arguments
        # gettext's msgfmt, installed by .ci/run
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
