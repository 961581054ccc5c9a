"""Reads for quizzes: eligibility, scores, results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from . import grading
from .models import Attempt, QuizPage


@dataclass(frozen=True)
class Eligibility:
    can_start: bool
    reason: str
    attempts_used: int
    attempts_left: int | None
    next_start_at: datetime | None
    open_attempt: Attempt | None


@dataclass(frozen=True)
class Score:
    marks: Decimal
    possible: Decimal
    percent: int
    awaiting_marking: int


def live_quizzes(*, course):
    return QuizPage.objects.live().child_of(course).order_by("path")


def eligibility(*, user, quiz: QuizPage, now: datetime | None = None) -> Eligibility:
    """May she start (or resume) an attempt now? If not, why, and when can she."""
    now = now or timezone.now()
    attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
    open_attempt = next(
        (a for a in attempts if a.status == Attempt.Status.IN_PROGRESS), None
    )
    submitted = [a for a in attempts if a.status != Attempt.Status.IN_PROGRESS]
    used = len(submitted)
    left = None if quiz.max_attempts is None else max(0, quiz.max_attempts - used)
    if open_attempt:
        return Eligibility(True, "", used, left, None, open_attempt)
    if any(a.passed for a in submitted):
        return Eligibility(False, "You have passed this quiz.", used, left, None, None)
    if left == 0:
        return Eligibility(
            False, "You have used every attempt this quiz allows.", used, 0, None, None
        )
    if submitted and quiz.min_wait_minutes:
        next_start = submitted[-1].submitted_at + timedelta(
            minutes=quiz.min_wait_minutes
        )
        if next_start > now:
            return Eligibility(
                False,
                "You can try again after a short break.",
                used,
                left,
                next_start,
                None,
            )
    return Eligibility(True, "", used, left, None, None)


def score(attempt: Attempt) -> Score:
    """The score, derived from the stored responses every time."""
    possible = sum(Decimal(q["points"]) for q in attempt.questions)
    totals = attempt.responses.aggregate(marks=Sum("marks"))
    awaiting = attempt.responses.filter(
        is_correct__isnull=True, marks__isnull=True
    ).count()
    marks = totals["marks"] or Decimal(0)
    return Score(marks, possible, grading.percent(marks, possible), awaiting)


def passed_quiz_ids(*, user, quiz_ids) -> set[int]:
    return set(
        Attempt.objects.filter(
            user=user, quiz_id__in=quiz_ids, passed=True
        ).values_list("quiz_id", flat=True)
    )


def attempt_history(*, user, quiz: QuizPage):
    return Attempt.objects.filter(user=user, quiz=quiz).exclude(
        status=Attempt.Status.IN_PROGRESS
    )


def question_count(*, quiz: QuizPage) -> int:
    """How many questions each attempt serves."""
    pool = quiz.quiz_questions.count() + sum(d.count for d in quiz.draws.all())
    if quiz.questions_per_attempt:
        return min(pool, quiz.questions_per_attempt)
    return pool


def preview_questions(*, quiz: QuizPage) -> list[dict]:
    """One draw of the quiz, as a learner would see it, for the trainer's preview."""
    import random

    from .services import draw_questions, snapshot

    rng = random.Random()  # noqa: S311 - a preview, not a secret
    return [snapshot(q, rng) for q in draw_questions(quiz=quiz, rng=rng)]


def question_images(questions: list[dict]) -> dict:
    """The figures of snapshot questions, in one query."""
    from wagtail.images import get_image_model

    ids = {q["image_id"] for q in questions if q.get("image_id")}
    if not ids:
        return {}
    return {image.pk: image for image in get_image_model().objects.filter(pk__in=ids)}
