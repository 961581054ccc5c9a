"""Writes to one attempt released at the same moment, on real connections.

Each round starts threads behind a barrier so that their requests interleave as
they would from several tabs (or a script) at once, then checks what was
stored. Runs on SQLite and, with DATABASE_URL, on PostgreSQL. It commits for
real, so the database is flushed after each test; serialized rollback puts the
migrations' data (the page tree root, groups) back for the next one.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from courses import services as course_services
from quizzes import grading, selectors, services
from quizzes.models import Attempt, Response
from quizzes.tests.factories import (
    free_text,
    make_quiz,
    right_answer,
    single,
    wrong_answer,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROUNDS = 20
SAVERS = 6


def _race(*jobs) -> list:
    """Run each job in its own thread, all released together; return what each
    returned or raised, in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # the outcome is what the test reads
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, job))
        for index, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


@pytest.fixture
def graded(monkeypatch):
    """Every (attempt, question, answer) the grading saw, from any thread."""
    seen: dict[tuple[int, str], list[str]] = {}
    lock = threading.Lock()
    grade = grading.grade

    def recording(question, answer, **kwargs):
        with lock:
            seen[question["key"]] = list(answer)
        return grade(question, answer, **kwargs)

    monkeypatch.setattr(services.grading, "grade", recording)
    return seen


def _learner(course):
    learner = UserFactory()
    course_services.enrol(user=learner, course=course)
    return learner


def test_answers_saved_while_she_submits_are_graded_or_refused_never_changed_after(
    course, graded
):
    """B11: one submit and six answer changes at once, 20 times: every stored answer
    is the answer that was graded (and its marks are that answer's marks), and a
    change reported as saved was saved before the submit, never after."""
    quiz = make_quiz(
        course=course,
        questions=[*(single() for _ in range(SAVERS - 1)), free_text()],
        pass_mark=50,
    )
    refused_after_submit = 0
    for _ in range(ROUNDS):
        graded.clear()
        learner = _learner(course)
        attempt = services.start_attempt(user=learner, quiz=quiz)
        questions = attempt.questions
        first = {}
        for question in questions:
            first[question["key"]] = (
                ["My first thoughts."]
                if question["kind"] == grading.FREE_TEXT
                else wrong_answer(question)
            )
            services.save_answer(
                user=learner,
                attempt=attempt,
                question_key=question["key"],
                answer=first[question["key"]],
            )
        changed = {
            question["key"]: (
                ["Changed after thinking again."]
                if question["kind"] == grading.FREE_TEXT
                else right_answer(question)
            )
            for question in questions
        }

        def submit(learner=learner, attempt=attempt):
            return services.submit_attempt(
                user=learner, attempt=Attempt.objects.get(pk=attempt.pk)
            )

        def change(key, learner=learner, attempt=attempt, changed=changed):
            # The attempt is loaded before the barrier, as a request loads it
            # before it saves: still "in progress" in memory.
            mine = Attempt.objects.get(pk=attempt.pk)
            return lambda: services.save_answer(
                user=learner, attempt=mine, question_key=key, answer=changed[key]
            )

        outcomes = _race(submit, *(change(q["key"]) for q in questions))

        submitted = outcomes[0]
        assert isinstance(submitted, Attempt), submitted
        for outcome in outcomes[1:]:
            assert isinstance(outcome, Response | services.AttemptClosed), outcome
        final = Attempt.objects.get(pk=attempt.pk)
        # The free text waits for a trainer unless the other answers decide.
        assert final.status == (
            Attempt.Status.AWAITING_MARKING
            if selectors.score(final).outcome is None
            else Attempt.Status.GRADED
        )
        stored = {r.question_key: r for r in final.responses.all()}
        assert set(stored) == {q["key"] for q in questions}
        for question, outcome in zip(questions, outcomes[1:], strict=True):
            key = question["key"]
            response = stored[key]
            assert response.answer == graded[key], (
                f"{question['kind']} answer changed after it was graded"
            )
            assert (response.is_correct, response.marks) == grading.grade(
                question, response.answer, partial_credit=False
            )
            if isinstance(outcome, Response):
                assert response.answer == changed[key]
            else:
                refused_after_submit += 1
                assert response.answer == first[key]
        # Saved after the race is refused too.
        with pytest.raises(services.AttemptClosed):
            services.save_answer(
                user=learner,
                attempt=Attempt.objects.get(pk=attempt.pk),
                question_key=questions[0]["key"],
                answer=changed[questions[0]["key"]],
            )
    # The race was real: some changes came too late and were refused.
    assert refused_after_submit > 0


def test_marking_while_she_resubmits_changes_answers_and_starts_again(course, trainer):
    """B08, B11: two trainers mark her two written answers while she resubmits, tries to
    change an answer and starts a new attempt, 20 times: the answers marked are
    the answers stored, the result agrees with the marks, and a new attempt is
    started only if it was started before she passed."""
    quiz = make_quiz(
        course=course,
        questions=[single(), free_text(), free_text()],
        pass_mark=100,
    )
    other_trainer = UserFactory()
    other_trainer.groups.set(trainer.groups.all())
    for _ in range(ROUNDS):
        learner = _learner(course)
        attempt = services.start_attempt(user=learner, quiz=quiz)
        written = {}
        for question in attempt.questions:
            answer = (
                [f"My answer to {question['key']}."]
                if question["kind"] == grading.FREE_TEXT
                else right_answer(question)
            )
            written[question["key"]] = answer
            services.save_answer(
                user=learner,
                attempt=attempt,
                question_key=question["key"],
                answer=answer,
            )
        attempt = services.submit_attempt(user=learner, attempt=attempt)
        assert attempt.status == Attempt.Status.AWAITING_MARKING
        free = [q for q in attempt.questions if q["kind"] == grading.FREE_TEXT]
        to_mark = [attempt.responses.get(question_key=q["key"]) for q in free]

        def mark(marker, response):
            return lambda: services.mark_response(
                marker=marker, response=response, marks=Decimal(1)
            )

        def resubmit(learner=learner, attempt=attempt):
            return services.submit_attempt(
                user=learner, attempt=Attempt.objects.get(pk=attempt.pk)
            )

        def change(learner=learner, attempt=attempt, key=free[0]["key"]):
            return services.save_answer(
                user=learner,
                attempt=Attempt.objects.get(pk=attempt.pk),
                question_key=key,
                answer=["Rewritten while it was marked."],
            )

        def start_again(learner=learner):
            return services.start_attempt(user=learner, quiz=quiz)

        outcomes = _race(
            mark(trainer, to_mark[0]),
            mark(other_trainer, to_mark[1]),
            resubmit,
            change,
            start_again,
        )

        assert all(isinstance(o, Attempt) for o in outcomes[:3]), outcomes
        assert isinstance(outcomes[3], services.AttemptClosed), outcomes[3]
        assert isinstance(outcomes[4], Attempt | services.NotAllowed), outcomes[4]
        final = Attempt.objects.get(pk=attempt.pk)
        for response in final.responses.all():
            assert response.answer == written[response.question_key]
        score = selectors.score(final)
        assert score.awaiting_marking == 0
        # Both marks counted in the result, whichever settled last.
        assert final.status == Attempt.Status.GRADED
        assert final.passed is (score.percent >= final.pass_mark)
        assert final.passed is True
        later = Attempt.objects.filter(user=learner, quiz=quiz, number__gt=1)
        last_mark = max(r.marked_at for r in final.responses.exclude(marked_at=None))
        for new_attempt in later:
            # Only a start that came before the pass may have made one.
            assert new_attempt.started_at < last_mark
        if isinstance(outcomes[4], services.NotAllowed):
            assert not later.exists()


def test_starting_while_she_submits_leaves_one_attempt_within_the_rules(course):
    """B06, B11: submit (a pass, or a fail) and two starts at once, 20 times, on
    a quiz of two attempts: at most one attempt is open, none is started once
    she has passed or used her attempts, and the numbers run 1, 2, ..."""
    quiz = make_quiz(
        course=course,
        questions=[single(), single()],
        pass_mark=50,
        max_attempts=2,
    )
    for round_ in range(ROUNDS):
        learner = _learner(course)
        attempt = services.start_attempt(user=learner, quiz=quiz)
        passing = round_ % 2 == 0
        for question in attempt.questions:
            services.save_answer(
                user=learner,
                attempt=attempt,
                question_key=question["key"],
                answer=right_answer(question) if passing else wrong_answer(question),
            )

        def submit(learner=learner, attempt=attempt):
            return services.submit_attempt(
                user=learner, attempt=Attempt.objects.get(pk=attempt.pk)
            )

        def start(learner=learner):
            return services.start_attempt(user=learner, quiz=quiz)

        outcomes = _race(submit, start, start)

        assert isinstance(outcomes[0], Attempt), outcomes[0]
        for outcome in outcomes[1:]:
            assert isinstance(outcome, Attempt | services.NotAllowed), outcome
        attempts = list(
            Attempt.objects.filter(user=learner, quiz=quiz).order_by("number")
        )
        assert [a.number for a in attempts] == list(range(1, len(attempts) + 1))
        first = attempts[0]
        assert first.status == Attempt.Status.GRADED
        assert first.passed is passing
        open_ = [a for a in attempts if a.status == Attempt.Status.IN_PROGRESS]
        assert len(open_) <= 1
        if passing:
            assert len(attempts) == 1, "a new attempt was started after a pass"
        else:
            assert len(attempts) <= quiz.max_attempts
        for outcome in outcomes[1:]:
            if isinstance(outcome, Attempt):
                # What a start returned is an attempt she may take or see now.
                assert outcome.pk in {a.pk for a in attempts}
