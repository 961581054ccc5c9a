"""No English left: every page a learner or a manager may open, asked for in
Welsh, shows no string of ours in English (issue 16).

The pages are the access matrix's rows (tests/test_access_matrix.py): each URL
outside the admin that the learner or the manager of her whole agency may GET,
asked for at its /cy/ address in the matrix's world. "English of ours" is read
from the Welsh catalogue: every msgid whose Welsh differs, cut at its
placeholders and tags into runs of at least two words. A page in Welsh must
contain none of them. Course content is the world's own (English, untranslated)
and names no catalogue string.
"""

from __future__ import annotations

import html
import re
from functools import cache as memoise

import pytest
from django.core.cache import cache

from core import catalogue, languages
from tests.access_matrix.outcomes import OK, OWN, body
from tests.access_matrix.world import PERSONAS
from tests.test_access_matrix import MATRIX, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

READERS = ("learner", "agency_manager")
# Rows whose English is right in Welsh, and why.
IN_HER_LANGUAGE = {
    # A certificate is in the language it was issued in (hers, English here),
    # whoever downloads it: certificates/tests/test_languages.py has the Welsh.
    "certificates:download",
    "agencies:person_certificate",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[\w.]*\}|<[^>]+>|&\w+;")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
ATTRIBUTE = re.compile(r'\s(?:aria-label|alt|title|placeholder)="([^"]*)"')
TAG = re.compile(r"<[^>]+>")


def _words(text: str) -> str:
    return " ".join(text.split())


# Words too common to tell a leftover from a name or a course's own text.
COMMON = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "her",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "than",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "you",
        "your",
        "rather",
        "must",
        "course",
    }
)


def _telling(piece: str) -> bool:
    """Two or more words, and (for a piece cut out of a longer sentence) at
    least two that are not common words."""
    return len([word for word in piece.split() if word.lower() not in COMMON]) >= 2


@memoise
def english_of_ours() -> frozenset[str]:
    """Runs of two or more English words from the catalogue, where the Welsh
    differs (a name such as "Kairos Learning" reads the same in both): a whole
    msgid, or the telling pieces between its placeholders and tags."""
    runs = set()
    for entry in catalogue.committed("django"):
        welsh = entry.msgstr or " ".join(entry.msgstr_plural.values())
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            pieces = PLACEHOLDER.split(msgid)
            for piece in pieces:
                piece = _words(piece).strip(" .,:;()–-“”")
                whole = len(pieces) == 1 and len(piece.split()) >= 2
                if (whole or _telling(piece)) and piece not in welsh:
                    runs.add(piece)
    return frozenset(runs)


def readable_text(response) -> str:
    """What she reads or hears: the text, and the labels screen readers speak."""
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return _words(body(response))
    page = SCRIPT_OR_STYLE.sub(" ", response.content.decode())
    labels = " | ".join(ATTRIBUTE.findall(page))
    return _words(html.unescape(TAG.sub(" | ", page) + " | " + labels))


def _cases():
    for key, spec in sorted(MATRIX.items()):
        if spec.url.name.startswith("wagtail") or key == "javascript-catalog":
            # The catalogue script holds the English msgids as its keys.
            continue
        if key in IN_HER_LANGUAGE:
            continue
        for persona in READERS:
            if spec.get[PERSONAS.index(persona)] in (OK, OWN):
                yield pytest.param(key, persona, id=f"{key}-{persona}")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(("key", "persona"), list(_cases()))
def test_a_welsh_page_has_no_english_of_ours(world, client, key, persona):  # noqa: F811
    spec = MATRIX[key]
    path = spec.url.path(world)
    if path.startswith("/admin/"):
        pytest.skip("the admin's language is each person's own admin setting")
    client.force_login(world.users[persona])

    response = client.get(languages.in_language(path, languages.WELSH))

    assert response.status_code == 200, (path, response.status_code)
    text = readable_text(response)
    english = sorted(run for run in english_of_ours() if run in text)
    assert not english, f"{path} in Welsh, as {persona}, still shows: {english}"
