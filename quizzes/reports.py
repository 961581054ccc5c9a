"""Reads for trainers: the marking queue, submitted attempts and quiz statistics.

Plain selector functions, like `selectors.py`, kept apart because only the admin
views and exports use them. Scores are derived from the stored responses here too,
never kept as a counter (B07).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import grading
from .models import Attempt, QuizPage, Response

AWAITING = Q(is_correct__isnull=True, marks__isnull=True)


def submitted_attempts() -> QuerySet[Attempt]:
    return Attempt.objects.exclude(status=Attempt.Status.IN_PROGRESS)


def _learner_filter(learner_query: str, *, prefix: str = "") -> Q:
    query = (learner_query or "").strip()
    if not query:
        return Q()
    return Q(**{f"{prefix}user__full_name__icontains": query}) | Q(
        **{f"{prefix}user__email__icontains": query}
    )


def marking_queue(*, quiz_id: int | None = None, learner_query: str = ""):
    """Free-text answers waiting for a trainer, oldest submission first (P15, B08).

    Only answers whose attempt is waiting for them: an attempt the marks already
    decided, or one a later attempt replaced, holds no one up. Every list and
    count of answers to mark reads this."""
    responses = (
        Response.objects.filter(AWAITING)
        .filter(attempt__status=Attempt.Status.AWAITING_MARKING)
        .filter(_learner_filter(learner_query, prefix="attempt__"))
        .select_related("attempt__user", "attempt__quiz")
        .order_by("attempt__submitted_at", "attempt_id", "pk")
    )
    if quiz_id:
        responses = responses.filter(attempt__quiz_id=quiz_id)
    return responses


def awaiting_marking_count() -> int:
    return marking_queue().count()


def attempts_awaiting_marking() -> QuerySet[Attempt]:
    """The marking queue: attempts whose result waits on a trainer, oldest
    submission first, with their responses prefetched for `selectors.score`.

    An attempt is AWAITING_MARKING exactly while `grading.outcome` cannot yet
    decide it (`services._settle` keeps the status in step with the rule, as
    `courses.pending` reads it): one she passes or fails whatever the marks is
    GRADED, and one a later attempt replaced is SUPERSEDED, so neither is here.
    """
    return (
        Attempt.objects.filter(status=Attempt.Status.AWAITING_MARKING)
        .select_related("user", "quiz")
        .prefetch_related("responses")
        .order_by("submitted_at", "pk")
    )


def attempts_awaiting_marking_count() -> int:
    """How many attempts the queue holds: one count over a partial index."""
    return Attempt.objects.filter(status=Attempt.Status.AWAITING_MARKING).count()


def next_attempt_to_mark(*, current_id: int | None = None) -> Attempt | None:
    """Where "Save and mark next" goes: the attempt she is marking while
    answers in it still wait, otherwise the oldest attempt in the queue."""
    queue = Attempt.objects.filter(status=Attempt.Status.AWAITING_MARKING)
    if current_id is not None and queue.filter(pk=current_id).exists():
        return queue.get(pk=current_id)
    return queue.order_by("submitted_at", "pk").first()


def filter_by_learner(queryset: QuerySet[Attempt], learner_query: str):
    """Attempts by people whose name or email contains `learner_query`."""
    return queryset.filter(_learner_filter(learner_query))


def snapshot_question(attempt: Attempt, key: str) -> dict | None:
    """The question as she saw it, from the attempt's snapshot."""
    return next((q for q in attempt.questions if q["key"] == key), None)


def attempts_for_staff(*, quiz_id: int | None = None, learner_query: str = ""):
    """Submitted attempts, newest first, with their responses prefetched so
    `selectors.score` needs no further query (P15)."""
    attempts = (
        submitted_attempts()
        .filter(_learner_filter(learner_query))
        .select_related("user", "quiz")
        .prefetch_related("responses")
        .order_by("-submitted_at", "-pk")
    )
    if quiz_id:
        attempts = attempts.filter(quiz_id=quiz_id)
    return attempts


def quiz_choices() -> QuerySet[QuizPage]:
    """Every quiz, drafts included, in tree order: for the filters."""
    return QuizPage.objects.order_by("path")


def quiz_overview() -> QuerySet[QuizPage]:
    """Every quiz with its submitted, marked, passed and awaiting attempt
    counts."""
    submitted = ~Q(attempts__status=Attempt.Status.IN_PROGRESS)
    graded = Q(attempts__status=Attempt.Status.GRADED)
    awaiting = Q(attempts__status=Attempt.Status.AWAITING_MARKING)
    return quiz_choices().annotate(
        attempt_count=Count("attempts", filter=submitted),
        graded_count=Count("attempts", filter=graded),
        passed_count=Count("attempts", filter=graded & Q(attempts__passed=True)),
        awaiting_count=Count("attempts", filter=awaiting),
    )


def results_for(quiz: QuizPage) -> QuizResults:
    """`quiz_results` from the counts `quiz_overview` annotates."""
    return QuizResults(
        attempts=quiz.attempt_count,
        graded=quiz.graded_count,
        passed=quiz.passed_count,
        awaiting_marking=quiz.awaiting_count,
    )


# Quiz results (B13) ------------------------------------------------------------


@dataclass(frozen=True)
class QuizResults:
    attempts: int
    graded: int
    passed: int
    awaiting_marking: int

    @property
    def pass_rate(self) -> int | None:
        """% of marked attempts that passed; None until one is marked."""
        if not self.graded:
            return None
        return grading.percent(Decimal(self.passed), Decimal(self.graded))


def quiz_results(quiz: QuizPage) -> QuizResults:
    totals = (
        submitted_attempts()
        .filter(quiz=quiz)
        .aggregate(
            attempts=Count("pk"),
            graded=Count("pk", filter=Q(status=Attempt.Status.GRADED)),
            passed=Count("pk", filter=Q(status=Attempt.Status.GRADED, passed=True)),
            awaiting=Count("pk", filter=Q(status=Attempt.Status.AWAITING_MARKING)),
        )
    )
    return QuizResults(
        attempts=totals["attempts"],
        graded=totals["graded"],
        passed=totals["passed"],
        awaiting_marking=totals["awaiting"],
    )


@dataclass
class QuestionStatistics:
    key: str
    text: str
    kind: str
    attempts: int = 0
    correct: int = 0
    awaiting_marking: int = 0
    # Written answers left unmarked because the attempt's result was settled
    # without them: neither right nor wrong.
    not_marked: int = 0
    wrong_choices: Counter = field(default_factory=Counter)
    choice_texts: dict = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return self.attempts - self.awaiting_marking - self.not_marked

    @property
    def percent_correct(self) -> int | None:
        """% of marked answers that were right; None if none is marked yet."""
        if not self.decided:
            return None
        return grading.percent(Decimal(self.correct), Decimal(self.decided))

    @property
    def most_chosen_wrong_answer(self) -> str:
        if not self.wrong_choices:
            return ""
        # Most chosen first; a tie goes to the choice seen first.
        choice_id, _ = self.wrong_choices.most_common(1)[0]
        return self.choice_texts.get(choice_id, "")


def _choice_identity(choice: dict):
    """The same choice across attempts. Snapshot ids may be random per attempt;
    the bank's choice id, when the snapshot keeps it, is not."""
    return choice.get("choice_id") or choice["id"]


def question_statistics(quiz: QuizPage) -> list[QuestionStatistics]:
    """Per question of a quiz's submitted attempts: answers, % correct and the
    most chosen wrong answer (B13). Two queries, whatever the number of attempts.

    Questions are keyed by the snapshot key, so a question keeps one row even if
    it was edited between attempts; its latest wording is shown.
    """
    attempts = (
        submitted_attempts()
        .filter(quiz=quiz)
        .order_by("submitted_at", "pk")
        .prefetch_related("responses")
    )
    stats: dict[str, QuestionStatistics] = {}
    for attempt in attempts:
        shown = {q["key"]: q for q in attempt.questions}
        for question in attempt.questions:
            row = stats.setdefault(
                question["key"],
                QuestionStatistics(
                    key=question["key"], text=question["text"], kind=question["kind"]
                ),
            )
            row.text = question["text"]
            for choice in question["choices"]:
                row.choice_texts[_choice_identity(choice)] = choice["text"]
        for response in attempt.responses.all():
            question = shown.get(response.question_key)
            if question is None:
                continue
            row = stats[question["key"]]
            row.attempts += 1
            if response.is_correct:
                row.correct += 1
            elif response.is_correct is None and response.marks is None:
                if attempt.status == Attempt.Status.AWAITING_MARKING:
                    row.awaiting_marking += 1
                else:
                    row.not_marked += 1
            if question["kind"] == grading.FREE_TEXT:
                continue
            wrong = {
                choice["id"]: _choice_identity(choice)
                for choice in question["choices"]
                if not choice["correct"]
            }
            row.wrong_choices.update(wrong[c] for c in response.answer if c in wrong)
    return list(stats.values())


CSV_HEADER = [
    _("Question"),
    _("Kind"),
    _("Answers"),
    _("Correct"),
    _("Awaiting marking"),
    # xgettext:no-python-format
    _("% correct"),
    _("Most chosen wrong answer"),
]


def _safe_cell(value) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{text}"
    return text


def question_statistics_csv(quiz: QuizPage) -> list[list[str]]:
    """The statistics table as CSV rows, header first (B13)."""
    rows = [[str(name) for name in CSV_HEADER]]
    for row in question_statistics(quiz):
        rows.append(
            [
                _safe_cell(row.text),
                row.kind,
                str(row.attempts),
                str(row.correct),
                str(row.awaiting_marking),
                "" if row.percent_correct is None else str(row.percent_correct),
                _safe_cell(row.most_chosen_wrong_answer),
            ]
        )
    return rows
