"""Writes for quizzes: start, answer, submit, mark. Grading happens only here."""

from __future__ import annotations

import random
import secrets
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit  # audit log (issue 6)
from core import languages as core_languages
from courses import locales
from courses import selectors as course_selectors
from courses import services as course_services

from . import grading, selectors, timing
from .models import Attempt, Question, QuizPage, Response


class QuizError(Exception):
    """A request the learner cannot make; the message is safe to show her."""

    message = gettext_lazy("That could not be done.")

    def __init__(self, message: str | None = None):
        self.message = message or self.message
        super().__init__(self.message)


class NotAllowed(QuizError):
    message = gettext_lazy("You cannot start this quiz now.")


class AttemptClosed(QuizError):
    message = gettext_lazy(
        "This attempt has already been submitted, so answers can no longer change."
    )


class TimeUp(QuizError):
    message = gettext_lazy(
        "The time for this attempt has run out, so that answer was not saved."
    )


class InvalidAnswer(QuizError):
    message = gettext_lazy("That answer does not belong to this question.")


class AnswerChangedSince(QuizError):
    message = gettext_lazy(
        "This answer was saved from the page since, so this draft was not kept."
    )


# Building an attempt ---------------------------------------------------------


def draw_questions(*, quiz: QuizPage, rng: random.Random) -> list[Question]:
    """The questions for one attempt: the fixed ones, then the draws, shuffled and
    cut to the quiz's size when it asks for that. Draws take English (source)
    questions only: a translation is shown in place of its source
    (`translations_of`), never drawn beside it."""
    fixed = [item.question for item in quiz.quiz_questions.select_related("question")]
    chosen = {question.pk for question in fixed}
    drawn: list[Question] = []
    for draw in quiz.draws.select_related("category"):
        pool = [
            q
            for q in Question.objects.filter(
                category=draw.category, locale_id=locales.default_locale_id()
            ).order_by("pk")
            if q.pk not in chosen
        ]
        picked = rng.sample(pool, min(draw.count, len(pool)))
        chosen.update(q.pk for q in picked)
        drawn.extend(picked)
    questions = fixed + drawn
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    if quiz.questions_per_attempt:
        questions = questions[: quiz.questions_per_attempt]
    return questions


def translations_of(questions: list[Question], language: str) -> dict:
    """The questions' translations into a language, with their choices, by
    translation key: two queries, none in English."""
    target = locales.locale_id(language)
    if target is None or target == locales.default_locale_id() or not questions:
        return {}
    return {
        question.translation_key: question
        for question in Question.objects.filter(
            translation_key__in=[q.translation_key for q in questions],
            locale_id=target,
        ).prefetch_related("choices")
    }


def snapshot(
    question: Question, rng: random.Random, shown: Question | None = None
) -> dict:
    """The question as she is shown it, kept with her attempt. `question` is the
    English (source) question, whose ids, points and right answers mark her
    answer; `shown` its translation in her language, whose words she reads.
    A choice is shown in her language when its translation (the choice with
    the same translation key) exists. So an answer in Welsh is marked exactly
    as the same answer in English."""
    choices = list(question.choices.all())
    words = {}
    if shown is not None:
        words = {choice.translation_key: choice for choice in shown.choices.all()}
    shown = shown or question

    def shown_choice(choice):
        return words.get(choice.translation_key, choice)

    if question.choice_order == Question.ChoiceOrder.ALPHABETICAL:
        choices.sort(key=lambda choice: shown_choice(choice).text.casefold())
    elif question.choice_order == Question.ChoiceOrder.SHUFFLED:
        rng.shuffle(choices)
    return {
        "key": question.key,
        "question_id": question.pk,
        "kind": question.kind,
        "text": shown.text,
        "image_id": question.image_id,
        "image_alt": shown.image_alt or question.image_alt,
        "explanation": shown.explanation,
        "points": question.points,
        "category_id": question.category_id,
        "category": str(question.category) if question.category_id else "",
        # Choice ids are random per attempt: database ids could hint at the
        # authored (often correct-first) order.
        "choices": [
            {
                "id": f"c{secrets.token_hex(6)}",
                "choice_id": choice.pk,
                "text": shown_choice(choice).text,
                "correct": choice.is_correct,
                "feedback": shown_choice(choice).feedback,
            }
            for choice in choices
        ],
    }


def _check_course_access(*, user, quiz: QuizPage) -> None:
    course = quiz.course
    if not course.live:
        raise NotAllowed(_("This quiz is not available."))
    if not course_selectors.is_enrolled(user=user, course=course):
        raise NotAllowed(_("Enrol in this course before you take its quiz."))


def start_attempt(
    *,
    user,
    quiz: QuizPage,
    now: datetime | None = None,
    rng: random.Random | None = None,
    language: str | None = None,
) -> Attempt:
    """Start an attempt, or return the one she left open (her place is kept).

    Her attempts at the quiz are locked while the rules are read and the new
    attempt is written, so a submit or a mark of one of them either finishes
    before the rules are read or waits until the new attempt is saved.

    The attempt is at the English (source) quiz, in either language; it keeps
    the language she takes it in (`language`, else the one being spoken), and
    shows her the questions in it where they are translated.
    """
    now = now or timezone.now()
    if not quiz.live:
        raise NotAllowed(_("This quiz is not available."))
    quiz = locales.canonical(quiz)
    language = core_languages.supported(language or translation.get_language())
    _check_course_access(user=user, quiz=quiz)
    with transaction.atomic():
        _lock_attempts(user=user, quiz=quiz)
        # She is at work on the course again: a break she took in it is over.
        course_services.end_break(user=user, course=quiz.course)
        rules = selectors.eligibility(user=user, quiz=quiz, now=now)
        if rules.open_attempt:
            attempt = rules.open_attempt
            if timing.is_time_up(attempt.deadline, now=now):
                submit_attempt(user=user, attempt=attempt, now=now)
                return start_attempt(
                    user=user, quiz=quiz, now=now, rng=rng, language=language
                )
            return attempt
        if not rules.can_start:
            raise NotAllowed(rules.reason)
        rng = rng or random.SystemRandom()
        drawn = draw_questions(quiz=quiz, rng=rng)
        shown = translations_of(drawn, language)
        questions = [snapshot(q, rng, shown.get(q.translation_key)) for q in drawn]
        if not questions:
            raise NotAllowed(_("This quiz has no questions yet."))
        # Her time: the quiz's limit with the adjustment agreed for her.
        deadline = timing.deadline_for(
            started_at=now,
            minutes=quiz.time_limit_minutes,
            multiplier=selectors.time_multiplier(user),
        )
        try:
            with transaction.atomic():
                return Attempt.objects.create(
                    user=user,
                    quiz=quiz,
                    # Numbered across renewals: attempts before a restart still
                    # count.
                    number=Attempt.objects.filter(user=user, quiz=quiz).count() + 1,
                    deadline=deadline,
                    pass_mark=quiz.pass_mark,
                    questions=questions,
                    language=language,
                )
        except IntegrityError:
            # Her first start twice at once (there was no attempt to lock): the
            # other request's attempt is hers.
            return Attempt.objects.get(
                user=user, quiz=quiz, status=Attempt.Status.IN_PROGRESS
            )


# Locking -----------------------------------------------------------------------
#
# Every write to an attempt reads its state from a row locked for the rest of the
# transaction (or, for submit, changes it in one conditional UPDATE), never from
# an Attempt loaded earlier in the request. On PostgreSQL the lock is SELECT ...
# FOR UPDATE; on SQLite select_for_update does nothing, but every transaction
# begins IMMEDIATE (settings), so writers already take turns and the state read
# inside the transaction is the state the write lands on.


def _locked_attempt(attempt_id: int) -> Attempt:
    """The attempt as it is now, locked until the transaction ends."""
    return Attempt.objects.select_for_update().get(pk=attempt_id)


def _lock_attempts(*, user, quiz: QuizPage) -> None:
    """Lock her attempts at a quiz, in a fixed order (no deadlock with another
    request locking the same rows)."""
    list(
        Attempt.objects.select_for_update()
        .filter(user=user, quiz=quiz)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# Answering -------------------------------------------------------------------


def _question(attempt: Attempt, key: str) -> dict:
    for question in attempt.questions:
        if question["key"] == key:
            return question
    raise InvalidAnswer(_("That question is not part of this attempt."))


def _clean_answer(question: dict, answer: list[str]) -> list[str]:
    if question["kind"] == grading.FREE_TEXT:
        text = (answer[0] if answer else "").strip()
        if len(text) > 10_000:
            raise InvalidAnswer(
                _("That answer is too long: please keep it under 10,000 characters.")
            )
        return [text] if text else []
    valid = {choice["id"] for choice in question["choices"]}
    chosen = list(dict.fromkeys(answer))
    if any(choice not in valid for choice in chosen):
        raise InvalidAnswer
    if question["kind"] != grading.MULTIPLE and len(chosen) > 1:
        raise InvalidAnswer(_("Choose one answer for this question."))
    return chosen


def _require_open(*, user, attempt: Attempt, now: datetime) -> None:
    """Refuse a write to an attempt that is not hers, closed or out of time.
    `attempt` must come from `_locked_attempt` in the write's transaction."""
    if attempt.user_id != user.pk:
        raise QuizError(_("This attempt is not yours."))
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise AttemptClosed
    if timing.is_time_up(attempt.deadline, now=now):
        raise TimeUp


def _write_answer(
    *, attempt: Attempt, question_key: str, answer: list[str], flagged: bool
) -> Response:
    """Write one answer to a locked, open attempt."""
    question = _question(attempt, question_key)
    if attempt.quiz.feedback_mode == QuizPage.FeedbackMode.EACH and (
        Response.objects.filter(attempt=attempt, question_key=question_key)
        .exclude(answer=[])
        .exists()
    ):
        raise InvalidAnswer(
            _(
                "You have already seen the feedback for this question, so its answer "
                "stays as it is."
            )
        )
    response, _created = Response.objects.update_or_create(
        attempt=attempt,
        question_key=question_key,
        defaults={"answer": _clean_answer(question, answer), "flagged": flagged},
    )
    return response


def save_answer(
    *,
    user,
    attempt: Attempt,
    question_key: str,
    answer: list[str],
    flagged: bool = False,
    expected: list[str] | None = None,
    now: datetime | None = None,
) -> Response:
    """Save (or change) her answer to one question of an open attempt.

    `expected` is for autosave: the answer her page last knew was saved. The
    answer is then changed only if it is still that, checked under the
    attempt's lock, so an autosave arriving after she saved the page (or
    another autosave) changes nothing (`AnswerChangedSince`)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_attempt(attempt.pk)
        _require_open(user=user, attempt=locked, now=now)
        if expected is not None:
            saved = (
                Response.objects.filter(attempt=locked, question_key=question_key)
                .values_list("answer", flat=True)
                .first()
            )
            if (saved or []) != expected:
                raise AnswerChangedSince
        return _write_answer(
            attempt=locked, question_key=question_key, answer=answer, flagged=flagged
        )


def save_answers(
    *,
    user,
    attempt: Attempt,
    answers: list[tuple[str, list[str], bool]],
    now: datetime | None = None,
) -> None:
    """Save one page of answers (key, answer, flagged): all of them, or, if any is
    refused (the attempt was submitted, the time ran out, feedback already
    seen), none."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_attempt(attempt.pk)
        _require_open(user=user, attempt=locked, now=now)
        for key, answer, flagged in answers:
            _write_answer(
                attempt=locked, question_key=key, answer=answer, flagged=flagged
            )


# Submitting and marking ------------------------------------------------------


@transaction.atomic
def submit_attempt(*, user, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Grade and close an attempt. Submitting twice grades it once."""
    now = now or timezone.now()
    if attempt.user_id != user.pk:
        raise QuizError(_("This attempt is not yours."))
    # The conditional update is the gate: of two requests at once, one wins.
    # It also holds the attempt's row until grading is done, so an answer saved
    # at the same moment either lands before the grading reads it or is refused.
    won = Attempt.objects.filter(
        pk=attempt.pk, user=user, status=Attempt.Status.IN_PROGRESS
    ).update(status=Attempt.Status.AWAITING_MARKING, submitted_at=now)
    attempt.refresh_from_db()
    if not won:
        return attempt
    quiz = attempt.quiz
    partial = quiz.multiple_response_scoring == QuizPage.Scoring.PARTIAL
    saved = {r.question_key: r for r in attempt.responses.all()}
    for question in attempt.questions:
        response = saved.get(question["key"]) or Response(
            attempt=attempt, question_key=question["key"], answer=[]
        )
        response.is_correct, response.marks = grading.grade(
            question, response.answer, partial_credit=partial
        )
        response.save()
    return _settle(attempt)


def _settle(attempt: Attempt) -> Attempt:
    """Set status and pass/fail from the responses, as soon as they decide it.

    The result is settled when the marks she has already decide it
    (`selectors.score(...).outcome`): a pass even with 0 on the answers still
    waiting for a trainer, or not a pass even with full marks on them. Then her
    earlier attempts still waiting for a trainer no longer decide anything and
    leave the marking queue, and a pass completes the quiz step (and the course
    if it was the last). Otherwise the attempt waits for marking.
    `attempt` must be locked, or just submitted, in the caller's transaction.
    """
    result = selectors.score(attempt)
    if result.outcome is None:
        attempt.status, attempt.passed = Attempt.Status.AWAITING_MARKING, None
    else:
        attempt.status, attempt.passed = Attempt.Status.GRADED, result.outcome
    attempt.save(update_fields=["status", "passed"])
    if attempt.status == Attempt.Status.GRADED:
        Attempt.objects.filter(
            user_id=attempt.user_id,
            quiz_id=attempt.quiz_id,
            number__lt=attempt.number,
            status=Attempt.Status.AWAITING_MARKING,
        ).update(status=Attempt.Status.SUPERSEDED)
    if attempt.passed:
        course_services.record_quiz_passed(
            user=attempt.user, quiz=attempt.quiz, passed_at=attempt.submitted_at
        )
    return attempt


@transaction.atomic
def mark_response(
    *, marker, response: Response, marks: Decimal, comment: str = ""
) -> Attempt:
    """A trainer marks a free-text answer; the attempt's result follows.

    The attempt is locked and the answer read again under the lock, so two
    marks of one attempt settle its result one after the other, and a start of
    her next attempt sees the result either before or after, never half. An
    attempt a later one has replaced is not marked: its result no longer counts.
    A settled attempt may still be marked, to give her feedback."""
    attempt = _locked_attempt(response.attempt_id)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        raise QuizError(_("This attempt has not been submitted yet."))
    if attempt.status == Attempt.Status.SUPERSEDED:
        raise QuizError(
            _(
                "This attempt no longer needs marking: a later attempt by the same "
                "learner has settled her result."
            )
        )
    response = Response.objects.select_for_update().get(pk=response.pk, attempt=attempt)
    response.attempt = attempt
    question = _question(attempt, response.question_key)
    if question["kind"] != grading.FREE_TEXT:
        raise QuizError(_("Only free-text answers are marked by hand."))
    marks = Decimal(marks)
    if marks < 0 or marks > question["points"]:
        raise QuizError(
            _("Marks must be between 0 and %(points)s.")
            % {"points": question["points"]}
        )
    previous = response.marks if response.marked_at else None  # audit log
    response.marks = marks
    response.is_correct = marks == question["points"]
    response.comment = comment.strip()
    response.marked_by = marker
    response.marked_at = timezone.now()
    response.save()
    attempt = _settle(response.attempt)
    learner = attempt.user
    audit.record(  # audit log (issue 6)
        actor=marker,
        action=audit.Action.ANSWER_MARKED,
        target=response,
        target_label=(
            f"{audit.person_label(learner)}: “{attempt.quiz.title}”, attempt "
            f"{attempt.number}"
        ),
        subject=learner,
        details={
            "quiz": attempt.quiz.title,
            "attempt_id": attempt.pk,
            "question_key": response.question_key,
            "marks": marks,
            "out_of": question["points"],
            "previous_marks": previous,
            "with_comment": bool(response.comment),
            "result": attempt.get_status_display(),
        },
    )
    if attempt.status == Attempt.Status.GRADED:
        from .tasks import notify_attempt_marked

        transaction.on_commit(lambda: notify_attempt_marked.enqueue(attempt.pk))
    return attempt


# Visitor practice: nothing is stored but the session ----------------------------


def practice_questions(*, quiz: QuizPage) -> list[dict]:
    rng = random.SystemRandom()
    # In the language being spoken, marked by the English (as an attempt is).
    drawn = draw_questions(quiz=locales.canonical(quiz), rng=rng)
    shown = translations_of(drawn, translation.get_language())
    questions = [snapshot(q, rng, shown.get(q.translation_key)) for q in drawn]
    if not questions:
        raise NotAllowed(_("This quiz has no questions yet."))
    return questions


def grade_practice(*, quiz: QuizPage, questions: list[dict], answers: dict) -> dict:
    """Grade a visitor's practice in memory. It never counts towards a course."""
    partial = quiz.multiple_response_scoring == QuizPage.Scoring.PARTIAL
    marks, possible, review = Decimal(0), Decimal(0), []
    for question in questions:
        answer = _clean_answer(question, answers.get(question["key"], []))
        is_correct, mark = grading.grade(question, answer, partial_credit=partial)
        possible += Decimal(question["points"])
        marks += mark or Decimal(0)
        review.append(grading.feedback(question, answer, is_correct))
    percent = grading.percent(marks, possible)
    return {
        "percent": percent,
        "passed": percent >= quiz.pass_mark,
        "review": review if quiz.feedback_mode != QuizPage.FeedbackMode.NEVER else [],
    }
