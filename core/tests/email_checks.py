"""What every email about someone's learning must be, checked the same way by
each app's tests: a plain-text and an HTML part, the link to the page it is
about (absolute, in both parts), British English, nothing that shames."""

from __future__ import annotations

import html as html_lib
import re

from django.conf import settings
from django.utils.html import strip_tags

# Words the content guide keeps out of anything a learner reads.
SHAMING = ("overdue", "late", "fail", "failed", "failure", "wrong", "must", "penalty")
# American spellings we would not write.
AMERICAN = ("enroll", "organization", "behavior", "program ", "center", "color")


def parts(message) -> tuple[str, str]:
    """The plain-text body and the HTML part of one sent email."""
    html = [body for body, kind in message.alternatives if kind == "text/html"]
    assert len(html) == 1, "every email has exactly one HTML part"
    return message.body, html[0]


def check_email(message, *, to: str, link_path: str, says: tuple[str, ...] = ()):
    """The email went to `to`, links to `link_path` absolutely in both parts,
    says each of `says` in both, and reads as the content guide asks."""
    text, html = parts(message)
    assert message.to == [to]
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link_path
    assert link.startswith("http")
    assert link in text
    assert f'href="{link}"' in html
    readable = " ".join(html_lib.unescape(strip_tags(html)).split())
    for phrase in says:
        assert phrase in text, phrase
        assert phrase in readable, phrase
    for body in (message.subject, text, readable):
        words = set(re.findall(r"[a-z]+", body.lower()))
        assert not words & set(SHAMING), words & set(SHAMING)
        assert not [w for w in AMERICAN if w in body.lower()]
    # The plain text is plain: no markup, no escaped entities.
    assert "<" not in text
    assert "&quot;" not in text
    assert "&#" not in text
    assert "<html" in html
    assert 'lang="en-GB"' in html
