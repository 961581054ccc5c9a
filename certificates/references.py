"""Printed certificate references: short, easy to read aloud, self-checking.

A reference is eleven random characters and a check character, printed in three
groups of four (e.g. ``KX7M-4RCT-W9HQ``). The alphabet leaves out characters that
are easily confused (0/O/D/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B, U/V). It has a prime
number of characters, and the characters are weighted 1 to 12 so that the
weighted sum is a multiple of 19: one mistyped character anywhere, or two
neighbours swapped, always breaks the check. A mistyped reference can then be
told apart from one that does not exist.
"""

from __future__ import annotations

import secrets
from enum import Enum

ALPHABET = "ACEFHJKMNPRTWXY3479"
_BASE = len(ALPHABET)  # 19, a prime
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
RANDOM_LENGTH = 11
LENGTH = RANDOM_LENGTH + 1
GROUP = 4


class Check(Enum):
    VALID = "valid"
    MISTYPED = "mistyped"


def _weighted_sum(chars: str) -> int:
    return sum(weight * _VALUES[char] for weight, char in enumerate(chars, start=1))


def check_character(body: str) -> str:
    """The character that makes the weighted sum of body + it a multiple of 19."""
    total = _weighted_sum(body)
    weight = len(body) + 1
    return ALPHABET[(-total * pow(weight, -1, _BASE)) % _BASE]


def display(compact: str) -> str:
    """KX7M4RCTW9HQ -> KX7M-4RCT-W9HQ."""
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return display(body + check_character(body))


def normalise(typed: str) -> str:
    """What a person typed, without spaces or hyphens, in capitals."""
    return "".join(ch for ch in typed.upper() if ch not in " -\u2010\u2011\u2013\t")


def check(typed: str) -> tuple[Check, str]:
    """(VALID, the reference as stored) or (MISTYPED, "")."""
    compact = normalise(typed)
    if len(compact) != LENGTH or any(ch not in _VALUES for ch in compact):
        return Check.MISTYPED, ""
    if _weighted_sum(compact) % _BASE:
        return Check.MISTYPED, ""
    return Check.VALID, display(compact)
