"""Printed references: easy to read aloud, and a typing mistake is caught."""

import pytest

from certificates import references
from certificates.references import Check


def test_a_reference_is_three_groups_of_four_from_an_unambiguous_alphabet():
    reference = references.generate()
    groups = reference.split("-")
    assert [len(group) for group in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(references.ALPHABET)
    assert not set("0O1IL5S2Z8BUV") & set(references.ALPHABET)


def test_a_reference_checks_whatever_its_spacing_or_case():
    reference = references.generate()
    typed = reference.replace("-", " ").lower()
    assert references.check(typed) == (Check.VALID, reference)
    assert references.check(reference.replace("-", "")) == (Check.VALID, reference)


@pytest.mark.parametrize("attempt", range(50))
def test_every_single_mistyped_character_and_swap_is_caught(attempt):
    compact = references.normalise(references.generate())
    for position, char in enumerate(compact):
        for other in references.ALPHABET:
            if other != char:
                typo = compact[:position] + other + compact[position + 1 :]
                assert references.check(typo)[0] is Check.MISTYPED
        if position + 1 < len(compact) and compact[position + 1] != char:
            swapped = (
                compact[:position]
                + compact[position + 1]
                + char
                + compact[position + 2 :]
            )
            assert references.check(swapped)[0] is Check.MISTYPED


@pytest.mark.parametrize(
    "typed",
    ["", "ABC", "KX7M-4RCT-W9H", "KX7M-4RCT-W9HQQ", "0000-0000-0000", "🙂" * 12],
)
def test_malformed_input_is_mistyped_not_an_error(typed):
    assert references.check(typed) == (Check.MISTYPED, "")
