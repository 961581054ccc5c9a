"""The Wagtail admin's own serious accessibility issues that this project cannot
fix, each with its reason: the one allow-list for browser tests that audit the
admin (`AuditedPage.audit(known=known)`). Nothing else is allowed, and nothing
here applies to the public site.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Known:
    rule: str  # axe-core's rule id
    target: str  # a CSS selector axe reports for the element, as reported
    reason: str


KNOWN: tuple[Known, ...] = ()


def known(rule: str, target: list[str]) -> bool:
    """Whether axe's finding of `rule` on the element at `target` is listed."""
    return any(
        entry.rule == rule and entry.target in " ".join(target) for entry in KNOWN
    )
