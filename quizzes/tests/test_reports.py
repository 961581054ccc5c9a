from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses import services as course_services
from quizzes import reports, selectors, services
from quizzes.models import Attempt
from quizzes.tests.factories import free_text, make_quiz, single

pytestmark = pytest.mark.django_db


def take_quiz(user, quiz, *, answers=None, submit=True, now=None):
    """Start, answer and (by default) submit an attempt.

    `answers` maps a question's text to a choice text, or to the free text she
    writes; questions left out get the right choice or a short essay.
    """
    answers = answers or {}
    attempt = services.start_attempt(user=user, quiz=quiz)
    for question in attempt.questions:
        wanted = answers.get(question["text"])
        if question["kind"] == "free_text":
            answer = [wanted if wanted is not None else "She chooses where we meet."]
        elif wanted is None:
            answer = [c["id"] for c in question["choices"] if c["correct"]]
        else:
            answer = [c["id"] for c in question["choices"] if c["text"] == wanted]
        services.save_answer(
            user=user, attempt=attempt, question_key=question["key"], answer=answer
        )
    if submit:
        attempt = services.submit_attempt(user=user, attempt=attempt, now=now)
    return attempt


def essay_response(attempt):
    key = next(q["key"] for q in attempt.questions if q["kind"] == "free_text")
    return attempt.responses.get(question_key=key)


@pytest.fixture
def marked_quiz(course):
    """A quiz with a choice question (1 point) and an essay (4 points)."""
    return make_quiz(
        course=course,
        title="Release day",
        questions=[
            single(
                text="What helps most on release day?",
                right="Offer a choice",
                wrong=("Insist", "Ignore"),
            ),
            free_text(text="Describe a safe first meeting.", points=4),
        ],
        pass_mark=60,
    )


@pytest.fixture
def learners(course, enrolled, other_learner):
    course_services.enrol(user=other_learner, course=course)
    return enrolled, other_learner


def test_p15_b08_marking_queue_lists_submitted_essays_oldest_first(
    course, marked_quiz, learners
):
    """P15, B08: only submitted, unmarked free-text answers; the oldest first."""
    leah, rosa = learners
    now = timezone.now()
    newer = take_quiz(leah, marked_quiz, now=now)
    older = take_quiz(rosa, marked_quiz, now=now - timedelta(hours=2))
    other_quiz = make_quiz(course=course, questions=[free_text(text="Why?")])
    take_quiz(leah, other_quiz, submit=False)  # still in progress

    queue = list(reports.marking_queue())

    assert [r.attempt_id for r in queue] == [older.pk, newer.pk]
    assert {r.question_key for r in queue} == {essay_response(older).question_key}
    assert reports.awaiting_marking_count() == 2


def test_p15_marking_queue_filters_by_quiz_and_learner(course, marked_quiz, learners):
    """P15: filter the marking list by quiz and by learner name or email."""
    leah, rosa = learners
    other_quiz = make_quiz(course=course, questions=[free_text(text="Why?")])
    leah_attempt = take_quiz(leah, marked_quiz)
    rosa_attempt = take_quiz(rosa, marked_quiz)
    other = take_quiz(rosa, other_quiz)

    def attempts(**filters):
        return {r.attempt_id for r in reports.marking_queue(**filters)}

    assert attempts(quiz_id=other_quiz.pk) == {other.pk}
    assert attempts(learner_query="leah") == {leah_attempt.pk}
    assert attempts(learner_query="ROSA@example") == {rosa_attempt.pk, other.pk}
    assert attempts(quiz_id=marked_quiz.pk, learner_query="Khan") == {rosa_attempt.pk}
    assert attempts(learner_query="nobody") == set()


def test_b08_a_marked_answer_leaves_the_queue(trainer, marked_quiz, enrolled):
    """B08: once marked (points, comment, who and when) it is no longer waiting."""
    attempt = take_quiz(enrolled, marked_quiz)
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert attempt.passed is None

    services.mark_response(
        marker=trainer,
        response=essay_response(attempt),
        marks=Decimal(3),
        comment="Clear and kind.",
    )

    assert reports.awaiting_marking_count() == 0
    response = essay_response(attempt)
    assert response.marked_by == trainer
    assert response.marked_at is not None


def test_p15_attempts_for_staff_filter_and_score_like_selectors(
    course, marked_quiz, learners, trainer
):
    """P15: staff list submitted attempts by learner and quiz, with their score."""
    leah, rosa = learners
    leah_attempt = take_quiz(
        leah, marked_quiz, answers={"What helps most on release day?": "Insist"}
    )
    rosa_attempt = take_quiz(rosa, marked_quiz)
    services.mark_response(
        marker=trainer, response=essay_response(rosa_attempt), marks=Decimal(4)
    )
    other_quiz = make_quiz(course=course, questions=[single(text="Other?")])
    take_quiz(leah, other_quiz, submit=False)

    listed = list(reports.attempts_for_staff())

    assert {a.pk for a in listed} == {leah_attempt.pk, rosa_attempt.pk}
    scores = {a.pk: selectors.score(a).percent for a in listed}
    assert scores[rosa_attempt.pk] > scores[leah_attempt.pk]
    assert [a.pk for a in reports.attempts_for_staff(learner_query="leah@")] == [
        leah_attempt.pk
    ]
    assert not reports.attempts_for_staff(quiz_id=other_quiz.pk).exists()


def test_b13_quiz_results_pass_rate_counts_marked_attempts_only(
    course, marked_quiz, learners, trainer
):
    """B13: pass rate is the share of marked attempts that passed."""
    leah, rosa = learners
    third = UserFactory(full_name="Mae Jones")
    course_services.enrol(user=third, course=course)
    passed = take_quiz(leah, marked_quiz)
    failed = take_quiz(rosa, marked_quiz)
    take_quiz(third, marked_quiz)  # awaiting marking
    services.mark_response(
        marker=trainer, response=essay_response(passed), marks=Decimal(4)
    )
    services.mark_response(
        marker=trainer, response=essay_response(failed), marks=Decimal(0)
    )

    results = reports.quiz_results(marked_quiz)

    assert results.attempts == 3
    assert results.graded == 2
    assert results.passed == 1
    assert results.awaiting_marking == 1
    assert results.pass_rate == 50
    overview = {q.pk: reports.results_for(q) for q in reports.quiz_overview()}
    assert overview[marked_quiz.pk] == results


def test_b13_pass_rate_is_none_before_anything_is_marked(marked_quiz):
    """B13: no marked attempts yet means no pass rate, not 0%."""
    assert reports.quiz_results(marked_quiz).pass_rate is None


def test_b13_question_statistics_attempts_correct_and_most_chosen_wrong(
    course, marked_quiz, learners, trainer, django_assert_num_queries
):
    """B13: per question, answers, % correct and the most chosen wrong answer."""
    leah, rosa = learners
    extra = [UserFactory() for _ in range(2)]
    for user in extra:
        course_services.enrol(user=user, course=course)
    text = "What helps most on release day?"
    take_quiz(leah, marked_quiz, answers={text: "Ignore"})
    take_quiz(rosa, marked_quiz, answers={text: "Insist"})
    take_quiz(extra[0], marked_quiz, answers={text: "Insist"})
    last = take_quiz(extra[1], marked_quiz)
    services.mark_response(
        marker=trainer, response=essay_response(last), marks=Decimal(4)
    )

    with django_assert_num_queries(2):
        stats = {row.text: row for row in reports.question_statistics(marked_quiz)}

    choice = stats[text]
    assert (choice.attempts, choice.correct, choice.percent_correct) == (4, 1, 25)
    assert choice.most_chosen_wrong_answer == "Insist"
    essay = stats["Describe a safe first meeting."]
    assert essay.attempts == 4
    assert essay.awaiting_marking == 3
    assert essay.percent_correct == 100  # of the one marked answer
    assert essay.most_chosen_wrong_answer == ""


def test_b13_statistics_ignore_attempts_in_progress(marked_quiz, enrolled):
    """B13: an attempt still being taken is not counted."""
    take_quiz(
        enrolled,
        marked_quiz,
        answers={"What helps most on release day?": "Insist"},
        submit=False,
    )

    assert reports.question_statistics(marked_quiz) == []
    assert reports.quiz_results(marked_quiz).attempts == 0


def test_b13_statistics_csv_rows_have_a_header_and_safe_cells(course, enrolled):
    """B13: CSV rows for export; text a spreadsheet would run is neutralised."""
    quiz = make_quiz(
        course=course,
        questions=[single(text="=SUM(A1)?", right="Yes", wrong=("@No",))],
    )
    take_quiz(enrolled, quiz, answers={"=SUM(A1)?": "@No"})

    rows = reports.question_statistics_csv(quiz)

    assert rows[0] == reports.CSV_HEADER
    assert rows[1] == ["'=SUM(A1)?", "single", "1", "0", "0", "0", "'@No"]
