"""Generations: one cache counter per kind of cached reading, moved on when what
was read changes, so every entry cached under the old number is never read
again (no need to find and delete each one).

A counter starts at the current time in milliseconds, so one that was lost (a
cache restart, or a bump that failed while Redis was down; the degrading cache
deletes every `...:generation` key when Redis answers again) starts above any
number it had before.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

SUFFIX = ":generation"


def _seed() -> int:
    return time.time_ns() // 1_000_000


def current(name: str) -> int:
    key = name + SUFFIX
    generation = cache.get(key)
    if generation is None:
        generation = _seed()
        cache.add(key, generation, None)
    return generation


def bump(name: str) -> None:
    """Move the generation on now, and again once the change commits: a reader
    between the two could otherwise cache what the database held before the
    change under the new number."""
    _incr(name + SUFFIX)
    transaction.on_commit(lambda: _incr(name + SUFFIX))


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there (or the cache is down): start afresh
        cache.set(key, _seed(), None)
