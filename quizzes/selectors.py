"""Reads for quizzes: eligibility, scores, results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import locales
from courses import selectors as course_selectors
from courses.pending import PendingStep
from courses.visibility import visible_to_learners

from . import grading, timing
from .models import Attempt, QuestionCategory, QuizPage, TimeAdjustment


@dataclass(frozen=True)
class Eligibility:
    can_start: bool
    reason: str
    attempts_used: int
    attempts_left: int | None
    next_start_at: datetime | None
    open_attempt: Attempt | None
    # The course steps she must finish before this quiz opens, when its course
    # keeps its order (courses.selectors.steps_to_do_before).
    steps_to_do: tuple = ()
    # She has passed since she (re)started the course.
    passed: bool = False
    # An attempt of hers waits for a trainer, who will decide its result.
    waiting: Attempt | None = None


@dataclass(frozen=True)
class Score:
    """An attempt's marks so far, and what they decide."""

    marks: Decimal
    possible: Decimal
    percent: int
    # Answers still waiting for a trainer, and the marks they are worth.
    awaiting_marking: int
    awaiting_points: Decimal
    # `grading.outcome`: True or False once decided, None while the answers
    # waiting for a trainer could still go either way.
    outcome: bool | None

    @property
    def decided(self) -> bool:
        return self.outcome is not None


def live_quizzes(*, course):
    return QuizPage.objects.live().child_of(course).order_by("path")


def attempts_of(*, user, quiz: QuizPage) -> list[Attempt]:
    """Every attempt she has made at the quiz, oldest first, with answers: at
    the English (source) quiz, in whichever language she took them."""
    return list(
        Attempt.objects.filter(user=user, quiz_id=locales.record_pk(quiz))
        .prefetch_related("responses")
        .order_by("number")
    )


def eligibility(
    *,
    user,
    quiz: QuizPage,
    now: datetime | None = None,
    state: course_selectors.StepState | None = None,
    attempts: list[Attempt] | None = None,
) -> Eligibility:
    """May she start (or resume) an attempt now? If not, why, and when can she.

    `state` (her StepState on the quiz) and `attempts` (`attempts_of`) may be
    given when the page has read them already."""
    now = now or timezone.now()
    if state is None:
        state = course_selectors.step_state(user=user, step=quiz, course=quiz.course)
    if attempts is None:
        attempts = attempts_of(user=user, quiz=quiz)
    if state.started_at:
        # A learner renewing the course takes the quiz afresh.
        attempts = [
            a
            for a in attempts
            if a.submitted_at is None or a.submitted_at >= state.started_at
        ]
    attempts = list(attempts)
    open_attempt = next(
        (a for a in attempts if a.status == Attempt.Status.IN_PROGRESS), None
    )
    submitted = [a for a in attempts if a.status != Attempt.Status.IN_PROGRESS]
    used = len(submitted)
    left = None if quiz.max_attempts is None else max(0, quiz.max_attempts - used)
    if open_attempt:
        return Eligibility(True, "", used, left, None, open_attempt)
    if state.done:
        return Eligibility(
            False,
            _("You have passed this quiz."),
            used,
            left,
            None,
            None,
            passed=True,
        )
    waiting = next(
        (a for a in submitted if a.status == Attempt.Status.AWAITING_MARKING), None
    )
    if waiting:
        # Her result is not decided yet: a retake now could be one too many.
        return Eligibility(
            False,
            _(
                "Your answers are waiting for a trainer to mark. Your result will "
                "show here once they are marked."
            ),
            used,
            left,
            None,
            None,
            waiting=waiting,
        )
    to_do = course_selectors.steps_to_do_before(
        user=user, step=quiz, course=quiz.course
    )
    if to_do:
        return Eligibility(
            False,
            _("This quiz opens when you have finished the steps before it."),
            used,
            left,
            None,
            None,
            tuple(to_do),
        )
    if left == 0:
        return Eligibility(
            False,
            _("You have used every attempt this quiz allows."),
            used,
            0,
            None,
            None,
        )
    if submitted and quiz.min_wait_minutes:
        next_start = submitted[-1].submitted_at + timedelta(
            minutes=quiz.min_wait_minutes
        )
        if next_start > now:
            return Eligibility(
                False,
                _("You can try again after a short break."),
                used,
                left,
                next_start,
                None,
            )
    return Eligibility(True, "", used, left, None, None)


def score(attempt: Attempt) -> Score:
    """The score, derived from the stored responses every time (one query, or
    none when the responses were prefetched), and whether it decides the result
    yet. Every page, and the settling of an attempt, reads the outcome here."""
    responses = list(attempt.responses.all())
    points = {q["key"]: Decimal(q["points"]) for q in attempt.questions}
    possible = sum(points.values(), Decimal(0))
    marks = sum((r.marks for r in responses if r.marks is not None), Decimal(0))
    awaiting = [r for r in responses if r.is_correct is None and r.marks is None]
    awaiting_points = sum(
        (points.get(r.question_key, Decimal(0)) for r in awaiting), Decimal(0)
    )
    return Score(
        marks=marks,
        possible=possible,
        percent=grading.percent(marks, possible),
        awaiting_marking=len(awaiting),
        awaiting_points=awaiting_points,
        outcome=grading.outcome(
            marks=marks,
            possible=possible,
            awaiting_points=awaiting_points,
            pass_mark=attempt.pass_mark,
        ),
    )


def answers_revealed(*, quiz: QuizPage, rules: Eligibility | None) -> bool:
    """May she see the correct answers, the explanations and the feedback on
    each choice (the quiz's reveal policy)? `rules` is her `eligibility` on the
    quiz now; None during an attempt (feedback after each question), when she
    has neither passed nor run out of attempts."""
    policy = quiz.reveal_answers
    if policy == QuizPage.RevealAnswers.AFTER_EVERY_ATTEMPT:
        return True
    if policy == QuizPage.RevealAnswers.ONCE_PASSED_OR_OUT and rules is not None:
        return rules.passed or (rules.attempts_left == 0 and not rules.open_attempt)
    return False


def practice_reveals_answers(*, quiz: QuizPage, passed: bool) -> bool:
    """The reveal policy for a visitor's practice, which has no attempt limit."""
    policy = quiz.reveal_answers
    if policy == QuizPage.RevealAnswers.AFTER_EVERY_ATTEMPT:
        return True
    return policy == QuizPage.RevealAnswers.ONCE_PASSED_OR_OUT and passed


def waiting_for_marking(*, user, step_ids) -> list[PendingStep]:
    """Her quizzes among `step_ids` with an attempt waiting for a trainer, with
    her provisional score: the source `courses.pending` reads for the course
    page and My learning (registered in apps.py). One query, and one more for
    the answers when there is any."""
    attempts = (
        Attempt.objects.filter(
            user=user, quiz_id__in=step_ids, status=Attempt.Status.AWAITING_MARKING
        )
        .only("pk", "quiz_id", "number", "submitted_at", "pass_mark", "questions")
        .prefetch_related("responses")
        .order_by("quiz_id", "-number")
    )
    latest: dict[int, Attempt] = {}
    for attempt in attempts:
        latest.setdefault(attempt.quiz_id, attempt)
    found = []
    for quiz_id, attempt in latest.items():
        result = score(attempt)
        found.append(
            PendingStep(
                step_id=quiz_id,
                submitted_at=attempt.submitted_at,
                percent=result.percent,
                pass_mark=attempt.pass_mark,
                waiting_answers=result.awaiting_marking,
                url=reverse("quizzes:result", args=[attempt.pk]),
            )
        )
    return found


def question_count(*, quiz: QuizPage) -> int:
    """How many questions each attempt serves (cached per published revision)."""
    key = f"quizzes:question-count:{quiz.pk}:{quiz.live_revision_id}"
    count = cache.get(key)
    if count is None:
        quiz = locales.canonical(quiz)  # an attempt draws from the source quiz
        pool = quiz.quiz_questions.count() + sum(d.count for d in quiz.draws.all())
        count = min(pool, quiz.questions_per_attempt or pool)
        cache.set(key, count, 60 * 60 * 24)
    return count


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


def published_quizzes(*, category_id: int | None = None, request=None):
    """The quizzes a learner may reach, for the quiz list, optionally one
    category and its sub-categories."""
    quizzes = visible_to_learners(QuizPage.objects.all(), request=request)
    quizzes = quizzes.select_related("category")
    if category_id:
        quizzes = quizzes.filter(
            models.Q(category_id=category_id)
            | models.Q(category__parent_id=category_id)
        )
    return quizzes.order_by("title")


def progress_by_category(*, user) -> list[dict]:
    """Her correct / possible marks and % per question category, over every
    marked answer she has given."""
    totals: dict[str, list[Decimal]] = {}
    attempts = (
        Attempt.objects.filter(user=user)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .prefetch_related("responses")
    )
    for attempt in attempts:
        marks = {r.question_key: r.marks for r in attempt.responses.all()}
        for question in attempt.questions:
            if marks.get(question["key"]) is None:
                continue  # awaiting marking
            name = question.get("category") or "Uncategorised"
            correct, possible = totals.setdefault(name, [Decimal(0), Decimal(0)])
            totals[name] = [
                correct + marks[question["key"]],
                possible + Decimal(question["points"]),
            ]
    return [
        {
            "category": name,
            "correct": correct.normalize(),
            "possible": possible.normalize(),
            "percent": grading.percent(correct, possible),
        }
        for name, (correct, possible) in sorted(totals.items())
    ]


def all_attempts(*, user):
    return (
        Attempt.objects.filter(user=user)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .select_related("quiz")
        .prefetch_related("responses")
        .order_by("-submitted_at")
    )


def categories_with_quizzes(*, request=None):
    """The categories the quiz list offers: those with a quiz a learner may
    reach, in them or in a sub-category."""
    quizzes = visible_to_learners(QuizPage.objects.all(), request=request)
    return QuestionCategory.objects.filter(
        models.Q(quizzes__in=quizzes) | models.Q(children__quizzes__in=quizzes)
    ).distinct()


def first_unanswered(attempt: Attempt) -> int | None:
    """The number (from 1) of the first question without an answer, if any."""
    answered = {r.question_key for r in attempt.responses.all() if r.answer}
    for number, question in enumerate(attempt.questions, start=1):
        if question["key"] not in answered:
            return number
    return None


# Time on timed quizzes ---------------------------------------------------------


@dataclass(frozen=True)
class TimeLimit:
    """The time she has on one quiz: the quiz's own limit and hers with the
    adjustment agreed for her (both None when the quiz is untimed)."""

    usual: timedelta | None
    hers: timedelta | None
    multiplier: str
    pending: bool

    @property
    def adjusted(self) -> bool:
        return bool(self.usual and self.multiplier)

    @property
    def multiplier_label(self) -> str:
        return (
            TimeAdjustment.Multiplier(self.multiplier).label if self.multiplier else ""
        )

    @property
    def usual_text(self) -> str:
        return timing.describe(self.usual) if self.usual else ""

    @property
    def hers_text(self) -> str:
        return timing.describe(self.hers) if self.hers else ""


def time_adjustment_of(user) -> TimeAdjustment | None:
    """Her adjustment row (agreed, asked for, or both), if she has one."""
    if not user.is_authenticated:
        return None
    return TimeAdjustment.objects.filter(user=user).first()


def time_multiplier(user) -> str:
    """The multiplier agreed for her ("" for none): one query."""
    adjustment = time_adjustment_of(user)
    return adjustment.multiplier if adjustment else ""


def time_limit_for(*, user, quiz: QuizPage) -> TimeLimit:
    """How long she has on this quiz (`timing.effective_time_limit`): no query
    when the quiz is untimed."""
    minutes = quiz.time_limit_minutes
    if not minutes:
        return TimeLimit(None, None, "", False)
    adjustment = time_adjustment_of(user)
    multiplier = adjustment.multiplier if adjustment else ""
    return TimeLimit(
        usual=timing.effective_time_limit(minutes=minutes, multiplier=""),
        hers=timing.effective_time_limit(minutes=minutes, multiplier=multiplier),
        multiplier=multiplier,
        pending=bool(adjustment and adjustment.is_pending),
    )
