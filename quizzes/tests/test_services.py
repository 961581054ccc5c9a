import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Enrolment
from quizzes import selectors, services
from quizzes.models import Attempt, Choice, Question, Response
from quizzes.tests.factories import (
    CategoryFactory,
    free_text,
    make_quiz,
    multiple,
    right_answer,
    single,
    true_false,
    wrong_answer,
)

pytestmark = pytest.mark.django_db


def answer_all(attempt, learner, *, right=True):
    for question in attempt.questions:
        if question["kind"] == "free_text":
            answer = ["She chooses where we meet."]
        else:
            answer = right_answer(question) if right else wrong_answer(question)
        services.save_answer(
            user=learner, attempt=attempt, question_key=question["key"], answer=answer
        )


def finish_lessons(learner, course):
    for lesson in course_selectors.live_lessons(course=course):
        course_services.complete_lesson(user=learner, lesson=lesson)


def test_p01_b01_question_types_are_graded(enrolled, course):
    """P01, B01: single choice, true/false, multiple response and free text."""
    quiz = make_quiz(
        course=course, questions=[single(), true_false(), multiple(), free_text()]
    )
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    answer_all(attempt, enrolled)

    attempt = services.submit_attempt(user=enrolled, attempt=attempt)

    kinds = {q["key"]: q["kind"] for q in attempt.questions}
    graded = {kinds[r.question_key]: r.is_correct for r in attempt.responses.all()}
    assert graded == {
        "single": True,
        "true_false": True,
        "multiple": True,
        "free_text": None,
    }


def test_b01_multiple_response_partial_or_all_or_nothing(enrolled, course):
    """B01: partial credit is a quiz setting for multiple-response questions."""
    question = multiple(right=("Safety", "Choice"), wrong=("Blame",))
    for scoring, expected in [
        ("all_or_nothing", Decimal(0)),
        ("partial", Decimal("0.5")),
    ]:
        quiz = make_quiz(
            course=course, questions=[question], multiple_response_scoring=scoring
        )
        attempt = services.start_attempt(user=enrolled, quiz=quiz)
        safety = next(
            c["id"] for c in attempt.questions[0]["choices"] if c["text"] == "Safety"
        )
        services.save_answer(
            user=enrolled, attempt=attempt, question_key=question.key, answer=[safety]
        )
        attempt = services.submit_attempt(user=enrolled, attempt=attempt)
        assert attempt.responses.get().marks == expected


def test_p02_p05_b05_draws_per_category_reuse_the_bank(enrolled, course):
    """P02, P05, B05: N from category A and M from B; one question in two quizzes."""
    law = CategoryFactory(name="Law")
    practice = CategoryFactory(name="Practice")
    sub = CategoryFactory(name="Court", parent=law)
    law_questions = [single(category=law) for _ in range(4)]
    practice_questions = [single(category=practice) for _ in range(3)]
    shared = practice_questions[0]
    quiz = make_quiz(course=course, draws=[(law, 2), (practice, 1)])
    other = make_quiz(course=course, questions=[shared])

    attempt = services.start_attempt(user=enrolled, quiz=quiz, rng=random.Random(3))

    ids = [q["question_id"] for q in attempt.questions]
    assert len(ids) == 3
    assert sum(i in {q.pk for q in law_questions} for i in ids) == 2
    assert sum(i in {q.pk for q in practice_questions} for i in ids) == 1
    assert str(sub) == "Law › Court"
    assert other.quiz_questions.get().question == shared


def test_p03_snapshot_keeps_text_figure_alt_and_explanation(enrolled, course):
    """P03: text, a figure with alt text, and an explanation."""
    question = single(text="What helps most on release day?", image_alt="A station")
    quiz = make_quiz(course=course, questions=[question])

    shown = services.start_attempt(user=enrolled, quiz=quiz).questions[0]

    assert shown["text"] == "What helps most on release day?"
    assert shown["image_alt"] == "A station"
    assert shown["explanation"] == question.explanation


def test_p04_choice_order_authored_alphabetical_or_shuffled(enrolled, course):
    """P04: choices as authored, alphabetical or shuffled."""
    authored = single(right="Zebra", wrong=("Apple", "Mango"))
    alphabetical = single(
        right="Zebra", wrong=("Apple", "Mango"), choice_order="alphabetical"
    )
    shuffled = single(
        right="Zebra", wrong=[f"Option {n}" for n in range(8)], choice_order="shuffled"
    )
    rng = random.Random(7)

    def texts(question):
        return [c["text"] for c in services.snapshot(question, rng)["choices"]]

    assert texts(authored) == ["Zebra", "Apple", "Mango"]
    assert texts(alphabetical) == ["Apple", "Mango", "Zebra"]
    orders = {tuple(texts(shuffled)) for _ in range(5)}
    assert len(orders) > 1


def test_p06_p07_random_order_and_subset_per_attempt(enrolled, course):
    """P06, P07: questions shuffled per attempt; only N of the pool served."""
    pool = [single() for _ in range(8)]
    quiz = make_quiz(
        course=course, questions=pool, shuffle_questions=True, questions_per_attempt=5
    )

    orders = set()
    for seed in range(6):
        drawn = services.draw_questions(quiz=quiz, rng=random.Random(seed))
        assert len(drawn) == 5
        orders.add(tuple(q.pk for q in drawn))
    assert len(orders) > 1


def test_p09_p10_b06_kept_attempts_single_attempt_and_wait(enrolled, course):
    """P09, P10, B06: every attempt is kept; limits and a wait between attempts."""
    quiz = make_quiz(
        course=course, questions=[single()], max_attempts=2, min_wait_minutes=30
    )
    now = timezone.now()
    first = services.start_attempt(user=enrolled, quiz=quiz, now=now)
    answer_all(first, enrolled, right=False)
    services.submit_attempt(user=enrolled, attempt=first, now=now)

    with pytest.raises(services.NotAllowed, match="short break"):
        services.start_attempt(user=enrolled, quiz=quiz, now=now + timedelta(minutes=5))
    second = services.start_attempt(
        user=enrolled, quiz=quiz, now=now + timedelta(minutes=31)
    )
    answer_all(second, enrolled, right=False)
    services.submit_attempt(
        user=enrolled, attempt=second, now=now + timedelta(minutes=32)
    )

    with pytest.raises(services.NotAllowed, match="every attempt"):
        services.start_attempt(user=enrolled, quiz=quiz, now=now + timedelta(days=1))
    assert list(
        Attempt.objects.filter(user=enrolled).values_list("number", flat=True)
    ) == [2, 1]


def test_p11_pass_mark_decides_pass_or_fail(enrolled, course):
    """P11: pass mark in %; the result records pass or fail."""
    quiz = make_quiz(course=course, questions=[single(), single()], pass_mark=50)
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    first, second = attempt.questions
    services.save_answer(
        user=enrolled,
        attempt=attempt,
        question_key=first["key"],
        answer=right_answer(first),
    )
    services.save_answer(
        user=enrolled,
        attempt=attempt,
        question_key=second["key"],
        answer=wrong_answer(second),
    )

    attempt = services.submit_attempt(user=enrolled, attempt=attempt)

    assert selectors.score(attempt).percent == 50
    assert attempt.passed is True


def test_p13_b11_leaving_and_coming_back_resumes_the_same_attempt(enrolled, quiz):
    """P13, B11: one open attempt per learner and quiz, resumed."""
    first = services.start_attempt(user=enrolled, quiz=quiz)
    again = services.start_attempt(user=enrolled, quiz=quiz)

    assert first.pk == again.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            user=enrolled, quiz=quiz, number=9, pass_mark=50, questions=first.questions
        )


def test_b07_score_is_derived_from_stored_answers(enrolled, course):
    """B07: points per question; the score comes from the responses."""
    heavy = single(points=3)
    light = single(points=1)
    quiz = make_quiz(course=course, questions=[heavy, light], pass_mark=70)
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    services.save_answer(
        user=enrolled,
        attempt=attempt,
        question_key=heavy.key,
        answer=right_answer(attempt.questions[0]),
    )
    attempt = services.submit_attempt(user=enrolled, attempt=attempt)

    assert selectors.score(attempt).percent == 75
    assert attempt.passed is True
    # Change a stored mark and the score follows: there is no separate counter.
    Response.objects.filter(attempt=attempt, question_key=heavy.key).update(marks=0)
    assert selectors.score(attempt).percent == 0


def test_p15_b08_free_text_awaits_marking_then_is_marked(enrolled, course, trainer):
    """P15, B08: awaiting marking is its own state; marks and a comment settle it."""
    essay = free_text(points=2)
    quiz = make_quiz(course=course, questions=[essay], pass_mark=50)
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    answer_all(attempt, enrolled)
    attempt = services.submit_attempt(user=enrolled, attempt=attempt)
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert attempt.passed is None

    response = attempt.responses.get()
    attempt = services.mark_response(
        marker=trainer, response=response, marks=Decimal(2), comment="Clear and kind."
    )

    response.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.passed is True
    assert response.marked_by == trainer
    assert response.marked_at is not None
    assert response.comment == "Clear and kind."
    with pytest.raises(services.QuizError, match="between 0 and 2"):
        services.mark_response(marker=trainer, response=response, marks=Decimal(3))


def test_b02_time_limit_refuses_late_answers(enrolled, course):
    """B02: the server enforces the time limit."""
    quiz = make_quiz(course=course, questions=[single()], time_limit_minutes=10)
    now = timezone.now()
    attempt = services.start_attempt(user=enrolled, quiz=quiz, now=now)
    key = attempt.questions[0]["key"]

    with pytest.raises(services.TimeUp):
        services.save_answer(
            user=enrolled,
            attempt=attempt,
            question_key=key,
            answer=right_answer(attempt.questions[0]),
            now=now + timedelta(minutes=11),
        )
    assert not Response.objects.exists()


def test_b11_answers_are_validated_against_the_attempt(
    enrolled, other_learner, quiz, course
):
    """B11: foreign questions and choices, others' attempts, a second submit."""
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    question = attempt.questions[0]
    stranger = single()

    with pytest.raises(services.InvalidAnswer):
        services.save_answer(
            user=enrolled, attempt=attempt, question_key=stranger.key, answer=[]
        )
    with pytest.raises(services.InvalidAnswer):
        services.save_answer(
            user=enrolled,
            attempt=attempt,
            question_key=question["key"],
            answer=[f"c{stranger.choices.first().pk}"],
        )
    with pytest.raises(services.QuizError, match="not yours"):
        services.save_answer(
            user=other_learner, attempt=attempt, question_key=question["key"], answer=[]
        )
    services.submit_attempt(user=enrolled, attempt=attempt)
    with pytest.raises(services.AttemptClosed):
        services.save_answer(
            user=enrolled,
            attempt=attempt,
            question_key=question["key"],
            answer=right_answer(question),
        )
    again = services.submit_attempt(user=enrolled, attempt=attempt)
    assert again.submitted_at == Attempt.objects.get(pk=attempt.pk).submitted_at
    assert Response.objects.filter(attempt=attempt).count() == len(attempt.questions)


def test_a_page_of_answers_is_saved_whole_or_not_at_all(enrolled, course):
    quiz = make_quiz(course=course, questions=[single(), single()])
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    first = attempt.questions[0]
    stranger = single()

    with pytest.raises(services.InvalidAnswer):
        services.save_answers(
            user=enrolled,
            attempt=attempt,
            answers=[
                (first["key"], right_answer(first), False),
                (stranger.key, [], False),
            ],
        )

    assert not Response.objects.filter(attempt=attempt).exists()


def test_b12_editing_the_bank_never_rewrites_past_attempts(enrolled, course):
    """B12: each attempt keeps its snapshot; edits and deletions leave it alone."""
    question = single(text="Original wording")
    quiz = make_quiz(course=course, questions=[question])
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    answer_all(attempt, enrolled)
    services.submit_attempt(user=enrolled, attempt=attempt)

    Question.objects.filter(pk=question.pk).update(text="New wording")
    Choice.objects.filter(question=question).delete()

    attempt.refresh_from_db()
    assert attempt.questions[0]["text"] == "Original wording"
    assert len(attempt.questions[0]["choices"]) == 3
    assert attempt.passed is True


def test_b14_passing_the_quiz_completes_the_course(enrolled, course, quiz):
    """B14: a course completes only when its quiz is passed (recorded once)."""
    finish_lessons(enrolled, course)
    assert Enrolment.objects.get(user=enrolled, course=course).completed_at is None

    failed = services.start_attempt(user=enrolled, quiz=quiz)
    answer_all(failed, enrolled, right=False)
    services.submit_attempt(user=enrolled, attempt=failed)
    assert Enrolment.objects.get(user=enrolled, course=course).completed_at is None

    passed = services.start_attempt(user=enrolled, quiz=quiz)
    answer_all(passed, enrolled)
    services.submit_attempt(user=enrolled, attempt=passed)
    assert Enrolment.objects.get(user=enrolled, course=course).completed_at is not None


def test_b15_a_quiz_without_questions_cannot_start(enrolled, course):
    """B15 (learner side): an empty quiz says so instead of failing."""
    quiz = make_quiz(course=course)

    with pytest.raises(services.NotAllowed, match="no questions"):
        services.start_attempt(user=enrolled, quiz=quiz)


def test_quiz_needs_enrolment(learner, quiz):
    with pytest.raises(services.NotAllowed, match="Enrol"):
        services.start_attempt(user=learner, quiz=quiz)


def test_b11_choice_ids_sent_to_the_browser_reveal_nothing(enrolled, course):
    """B11: correct answers never reach the browser early, not even by id order."""
    question = single(right="Offer a choice", wrong=("Insist", "Ignore"))
    quiz = make_quiz(course=course, questions=[question])

    first = services.start_attempt(user=enrolled, quiz=quiz).questions[0]["choices"]

    ids = [choice["id"] for choice in first]
    assert len(set(ids)) == 3
    assert not any(str(c.pk) in ids for c in question.choices.all())
