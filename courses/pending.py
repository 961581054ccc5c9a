"""Steps whose result waits on someone else: a quiz whose written answers a
trainer has still to mark.

`courses` knows nothing of quizzes, so the app that owns a kind of step
registers, in its `AppConfig.ready`, a source that says which of her steps are
waiting and what she has so far. The course page and My learning read it
through `selectors.course_outline` and `selectors.learner_courses`, so they show
"waiting for a trainer to mark" instead of inviting her to start the step again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PendingStep:
    """Her work on a step, submitted and waiting for someone else."""

    step_id: int
    submitted_at: datetime.datetime
    # Her provisional score, the pass mark, and how many answers still wait.
    percent: int
    pass_mark: int
    waiting_answers: int
    # Where she can see what she has so far (never a way to start again).
    url: str


Source = Callable[..., Iterable[PendingStep]]
_sources: list[Source] = []


def register(source: Source) -> None:
    """Add a source (from an `AppConfig.ready`): `source(user=..., step_ids=...)`
    returns her pending steps among those ids. The same one twice is added
    once."""
    if source not in _sources:
        _sources.append(source)


def pending_steps(*, user, step_ids: Iterable[int]) -> dict[int, PendingStep]:
    """Her pending steps among `step_ids`, by step id; no query when there are
    no ids to ask about."""
    ids = set(step_ids)
    if not ids:
        return {}
    found: dict[int, PendingStep] = {}
    for source in _sources:
        for pending in source(user=user, step_ids=ids):
            found[pending.step_id] = pending
    return found
