"""Results settle as soon as the marks decide them.

An attempt whose automatic marks already decide the outcome (a pass even with 0
on the written answers, or not a pass even with full marks on them) is settled
when she submits; otherwise it waits for a trainer, and she sees her score so
far and what is waiting, never an invitation to start again. An earlier attempt
still waiting leaves the marking queue once a later one settles.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains

from certificates.models import Certificate
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Enrolment, StepProgress
from quizzes import grading, reports, selectors, services
from quizzes.models import Attempt
from quizzes.tests.factories import free_text, make_quiz, single

pytestmark = pytest.mark.django_db

ESSAY_A = "Describe a safe first meeting."
ESSAY_B = "What would you ask her first?"


# The rule, on its own -------------------------------------------------------------


@given(
    marks=st.integers(0, 20),
    waiting=st.integers(0, 20),
    others=st.integers(0, 20),
    pass_mark=st.integers(0, 100),
)
def test_the_outcome_is_decided_only_when_no_waiting_mark_could_change_it(
    marks, waiting, others, pass_mark
):
    """grading.outcome against every mark the waiting answers could get."""
    possible = Decimal(marks + waiting + others)
    decided = grading.outcome(
        marks=Decimal(marks),
        possible=possible,
        awaiting_points=Decimal(waiting),
        pass_mark=pass_mark,
    )
    finals = {
        grading.percent(Decimal(marks + extra), possible) >= pass_mark
        for extra in range(waiting + 1)
    }
    if len(finals) == 1:
        assert decided == finals.pop()
    else:
        assert decided is None


# A quiz of eight choice questions and a written answer -----------------------------


@pytest.fixture
def eight_and_essay(course):
    """Eight choice questions (1 point each) and an essay (2 points): 10 marks,
    pass mark 70%."""
    return make_quiz(
        course=course,
        title="Check your understanding",
        questions=[
            *(single(text=f"Choice question {n}?") for n in range(1, 9)),
            free_text(text=ESSAY_A, points=2),
        ],
        pass_mark=70,
    )


@pytest.fixture
def two_essays(course):
    """Six choice questions (1 point each) and two essays (2 points each): 10
    marks, pass mark 70%."""
    return make_quiz(
        course=course,
        title="Check your understanding",
        questions=[
            *(single(text=f"Choice question {n}?") for n in range(1, 7)),
            free_text(text=ESSAY_A, points=2),
            free_text(text=ESSAY_B, points=2),
        ],
        pass_mark=70,
    )


def finish_lessons(learner, course):
    for lesson in course_selectors.live_lessons(course=course):
        course_services.complete_lesson(user=learner, lesson=lesson)


def take(learner, quiz, *, right: int, now=None) -> Attempt:
    """Submit an attempt with the first `right` choice questions right, the rest
    wrong, and an answer written to every essay."""
    attempt = services.start_attempt(user=learner, quiz=quiz, now=now)
    choices = [q for q in attempt.questions if q["kind"] != grading.FREE_TEXT]
    choices.sort(key=lambda q: q["text"])
    right_keys = {q["key"] for q in choices[:right]}
    for question in attempt.questions:
        if question["kind"] == grading.FREE_TEXT:
            answer = ["I would ask her where she feels safe."]
        else:
            answer = [
                c["id"]
                for c in question["choices"]
                if c["correct"] == (question["key"] in right_keys)
            ][:1]
        services.save_answer(
            user=learner,
            attempt=attempt,
            question_key=question["key"],
            answer=answer,
            now=now,
        )
    return services.submit_attempt(user=learner, attempt=attempt, now=now)


def essay(attempt, text):
    key = next(q["key"] for q in attempt.questions if q["text"] == text)
    return attempt.responses.get(question_key=key)


def queued_attempts() -> set[int]:
    return {response.attempt_id for response in reports.marking_queue()}


# Settled at once -------------------------------------------------------------------


def test_a_fail_full_marks_could_not_rescue_is_settled_at_once(
    learner_client, enrolled, eight_and_essay
):
    """3 of 8 right (30%): even 2 of 2 on the essay makes 50%, under 70%."""
    attempt = take(enrolled, eight_and_essay, right=3)

    assert attempt.status == Attempt.Status.GRADED
    assert attempt.passed is False
    assert queued_attempts() == set()
    assert reports.awaiting_marking_count() == 0
    rules = selectors.eligibility(user=enrolled, quiz=eight_and_essay)
    assert rules.can_start  # she may try again straight away

    response = learner_client.get(reverse("quizzes:result", args=[attempt.pk]))
    assertContains(response, "You scored 30% (the pass mark is 70%)")
    assertContains(response, "Your written answer could not change this result")
    assertContains(response, "Go to the quiz")
    assertNotContains(response, "waiting for a trainer")
    assertContains(response, "Not marked: your result did not depend on it")


def test_a_pass_zero_on_the_essay_could_not_undo_is_settled_and_completes_the_course(
    learner_client,
    enrolled,
    course,
    eight_and_essay,
    django_capture_on_commit_callbacks,
):
    """8 of 8 right (80%, pass mark 70%): the course completes and the
    certificate is issued without waiting for a trainer."""
    finish_lessons(enrolled, course)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = take(enrolled, eight_and_essay, right=8)

    assert attempt.status == Attempt.Status.GRADED
    assert attempt.passed is True
    assert StepProgress.objects.filter(user=enrolled, step=eight_and_essay).exists()
    assert Enrolment.objects.get(user=enrolled, course=course).completed_at
    assert Certificate.objects.filter(user=enrolled, course=course).exists()
    assert queued_attempts() == set()

    response = learner_client.get(reverse("quizzes:result", args=[attempt.pk]))
    assertContains(response, "You scored 80%")
    assertContains(response, "That is enough to pass whatever marks your written")
    assertContains(response, "Well done")
    my_learning = learner_client.get(reverse("courses:my_learning"))
    assertContains(my_learning, "Completed on")
    assertNotContains(my_learning, "waiting for a trainer")


def test_a_trainer_may_still_mark_a_settled_attempt_and_its_result_stands(
    enrolled, trainer, eight_and_essay
):
    attempt = take(enrolled, eight_and_essay, right=8)

    marked = services.mark_response(
        marker=trainer,
        response=essay(attempt, ESSAY_A),
        marks=Decimal(0),
        comment="Say more about what she chooses.",
    )

    assert (marked.status, marked.passed) == (Attempt.Status.GRADED, True)
    assert selectors.score(marked).percent == 80


# Waiting for a trainer -------------------------------------------------------------


def test_an_undecided_attempt_waits_and_shows_her_score_so_far_everywhere(
    learner_client, enrolled, course, eight_and_essay, django_assert_max_num_queries
):
    """6 of 8 (60%): the essay decides (60% to 80%). She sees her score so far,
    what is waiting, and no way to start again, on every page."""
    finish_lessons(enrolled, course)
    attempt = take(enrolled, eight_and_essay, right=6)

    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert attempt.passed is None
    assert queued_attempts() == {attempt.pk}
    rules = selectors.eligibility(user=enrolled, quiz=eight_and_essay)
    assert not rules.can_start
    assert rules.waiting == attempt

    result = learner_client.get(reverse("quizzes:result", args=[attempt.pk]))
    assertContains(result, "Your score so far is 60% (the pass mark is 70%)")
    assertContains(result, "1 written answer is waiting for a trainer to mark")
    assertNotContains(result, "Go to the quiz")

    quiz_page = learner_client.get(eight_and_essay.url)
    assertContains(quiz_page, "Waiting for a trainer to mark")
    assertContains(quiz_page, "60% so far")
    assertNotContains(quiz_page, "Try again")
    assertNotContains(quiz_page, reverse("quizzes:start", args=[eight_and_essay.pk]))

    course_page = learner_client.get(course.url)
    assertContains(
        course_page, "Check your understanding: waiting for a trainer to mark."
    )
    assertContains(course_page, "Your score so far is 60%")
    assertContains(course_page, reverse("quizzes:result", args=[attempt.pk]))
    assertNotContains(course_page, "Resume:")

    with django_assert_max_num_queries(20):
        my_learning = learner_client.get(reverse("courses:my_learning"))
    assertContains(
        my_learning, "Check your understanding: waiting for a trainer to mark."
    )
    assertContains(my_learning, "Your score so far is 60% (the pass mark is 70%)")
    assertContains(my_learning, "1 written answer decides your result")
    assertNotContains(my_learning, "Resume:")
    assertNotContains(my_learning, reverse("courses:resume", args=[course.pk]))

    # And the server refuses a retake she did not get a button for.
    started = learner_client.post(
        reverse("quizzes:start", args=[eight_and_essay.pk]), follow=True
    )
    assertContains(started, "Your answers are waiting for a trainer to mark")
    assert Attempt.objects.filter(user=enrolled, quiz=eight_and_essay).count() == 1


def test_the_resume_link_still_leads_to_lessons_left_while_the_quiz_waits(
    learner_client, enrolled, course, eight_and_essay
):
    take(enrolled, eight_and_essay, right=6)
    first = course_selectors.live_lessons(course=course).first()

    my_learning = learner_client.get(reverse("courses:my_learning"))

    assertContains(my_learning, f"Resume: {first.title}")
    assertContains(my_learning, "waiting for a trainer to mark")


@pytest.mark.parametrize(("essay_marks", "passed"), [(1, True), (0, False)])
def test_marking_the_essay_settles_the_attempt_and_the_course_follows(
    learner_client,
    enrolled,
    trainer,
    course,
    eight_and_essay,
    essay_marks,
    passed,
    django_capture_on_commit_callbacks,
):
    finish_lessons(enrolled, course)
    attempt = take(enrolled, eight_and_essay, right=6)

    with django_capture_on_commit_callbacks(execute=True):
        marked = services.mark_response(
            marker=trainer, response=essay(attempt, ESSAY_A), marks=essay_marks
        )

    assert (marked.status, marked.passed) == (Attempt.Status.GRADED, passed)
    assert queued_attempts() == set()
    completed = Enrolment.objects.get(user=enrolled, course=course).completed_at
    assert bool(completed) is passed
    assert Certificate.objects.filter(user=enrolled).exists() is passed
    result = learner_client.get(reverse("quizzes:result", args=[attempt.pk]))
    assertContains(result, f"You scored {60 + 10 * essay_marks}%")
    assertNotContains(result, "waiting for a trainer")


# Marks arriving in either order ----------------------------------------------------


@pytest.mark.parametrize("order", ["A then B", "B then A"])
def test_two_essays_marked_in_either_order_settle_the_same_result(
    enrolled, trainer, course, two_essays, order
):
    """5 of 6 right (50%); essay A gets 2, essay B gets 0: 70%, a pass."""
    finish_lessons(enrolled, course)
    attempt = take(enrolled, two_essays, right=5)
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    marks = {ESSAY_A: 2, ESSAY_B: 0}
    texts = [ESSAY_A, ESSAY_B] if order == "A then B" else [ESSAY_B, ESSAY_A]

    first = services.mark_response(
        marker=trainer, response=essay(attempt, texts[0]), marks=marks[texts[0]]
    )
    if texts[0] == ESSAY_A:
        # 2 of 2 on A makes 70% whatever B gets: settled, B leaves the queue.
        assert (first.status, first.passed) == (Attempt.Status.GRADED, True)
        assert queued_attempts() == set()
        # The trainer may still mark B for her feedback; the result stands.
    else:
        # 0 on B: 50%, and A could still make it 70%.
        assert first.status == Attempt.Status.AWAITING_MARKING
        assert queued_attempts() == {attempt.pk}
    last = services.mark_response(
        marker=trainer, response=essay(attempt, texts[1]), marks=marks[texts[1]]
    )

    assert (last.status, last.passed) == (Attempt.Status.GRADED, True)
    assert selectors.score(last).percent == 70
    assert StepProgress.objects.filter(user=enrolled, step=two_essays).exists()
    assert Enrolment.objects.get(user=enrolled, course=course).completed_at


def test_one_low_mark_can_settle_a_fail_before_the_other_essay_is_marked(
    enrolled, trainer, two_essays
):
    """4 of 6 (40%): 0 on A leaves at most 60%, so B no longer matters."""
    attempt = take(enrolled, two_essays, right=4)

    marked = services.mark_response(
        marker=trainer, response=essay(attempt, ESSAY_A), marks=0
    )

    assert (marked.status, marked.passed) == (Attempt.Status.GRADED, False)
    assert queued_attempts() == set()
    assert selectors.eligibility(user=enrolled, quiz=two_essays).can_start


# A later attempt settles before the earlier one is marked ---------------------------


def _waiting_then_later(enrolled, quiz):
    """Attempt 1 waits for a trainer; attempt 2 is open with every choice right
    and the essay written, ready to submit. (Today a waiting attempt holds a
    retake; she could start one before that rule, or after starting the course
    again.)"""
    first = take(enrolled, quiz, right=6, now=timezone.now() - timedelta(hours=1))
    assert first.status == Attempt.Status.AWAITING_MARKING
    Attempt.objects.filter(pk=first.pk).update(status=Attempt.Status.GRADED)
    second = services.start_attempt(user=enrolled, quiz=quiz)
    Attempt.objects.filter(pk=first.pk).update(status=Attempt.Status.AWAITING_MARKING)
    for question in second.questions:
        answer = (
            ["Ask her."]
            if question["kind"] == grading.FREE_TEXT
            else [c["id"] for c in question["choices"] if c["correct"]]
        )
        services.save_answer(
            user=enrolled, attempt=second, question_key=question["key"], answer=answer
        )
    first.refresh_from_db()
    return first, second


def test_a_later_settled_attempt_takes_the_earlier_one_out_of_the_marking_queue(
    learner_client, enrolled, trainer, course, eight_and_essay
):
    trainer_client = Client()
    trainer_client.force_login(trainer)
    finish_lessons(enrolled, course)
    first, second = _waiting_then_later(enrolled, eight_and_essay)
    assert queued_attempts() == {first.pk}

    second = services.submit_attempt(user=enrolled, attempt=second)

    assert (second.status, second.passed) == (Attempt.Status.GRADED, True)
    first.refresh_from_db()
    assert first.status == Attempt.Status.SUPERSEDED
    assert queued_attempts() == set()
    assert reports.awaiting_marking_count() == 0
    assert reports.quiz_results(eight_and_essay).awaiting_marking == 0
    overview = reports.quiz_overview().get(pk=eight_and_essay.pk)
    assert reports.results_for(overview).awaiting_marking == 0
    stats = {row.text: row for row in reports.question_statistics(eight_and_essay)}
    assert stats[ESSAY_A].awaiting_marking == 0
    assert stats[ESSAY_A].not_marked == 2  # neither attempt needed it

    # Every list and count trainers see.
    marking = trainer_client.get(reverse("quizzes_admin:marking"))
    assertContains(marking, "No attempts are waiting to be marked")
    home = trainer_client.get(reverse("wagtailadmin_home"))
    assertContains(home, "No answers are waiting to be marked")
    detail = trainer_client.get(reverse("quizzes_admin:attempt", args=[first.pk]))
    assertContains(detail, "Not marked: a later attempt settled her result")
    assertNotContains(detail, "Mark this answer")
    attempts = trainer_client.get(reverse("quizzes_admin:attempts"))
    assertNotContains(attempts, "Awaiting marking")

    # Marking it now is refused, and nothing is written.
    with pytest.raises(services.QuizError, match="no longer needs marking"):
        services.mark_response(
            marker=trainer, response=essay(first, ESSAY_A), marks=Decimal(2)
        )
    assert essay(first, ESSAY_A).marked_at is None

    # Her view of the old attempt says so, without a retake.
    result = learner_client.get(reverse("quizzes:result", args=[first.pk]))
    assertContains(result, "A later attempt settled your result")


def test_a_later_attempt_still_waiting_leaves_the_earlier_one_in_the_queue(
    enrolled, trainer, eight_and_essay
):
    first, second = _waiting_then_later(enrolled, eight_and_essay)
    # Attempt 2 answered with only 6 right: it waits too.
    wrong = sorted(
        (q for q in second.questions if q["kind"] != grading.FREE_TEXT),
        key=lambda q: q["text"],
    )[:2]
    for question in wrong:
        services.save_answer(
            user=enrolled,
            attempt=second,
            question_key=question["key"],
            answer=[next(c["id"] for c in question["choices"] if not c["correct"])],
        )

    second = services.submit_attempt(user=enrolled, attempt=second)

    assert second.status == Attempt.Status.AWAITING_MARKING
    first.refresh_from_db()
    assert first.status == Attempt.Status.AWAITING_MARKING
    assert queued_attempts() == {first.pk, second.pk}


def test_marking_through_a_stale_attempt_after_a_later_one_settled_is_refused(
    client, trainer, enrolled, course, eight_and_essay
):
    """The trainer opened attempt 1 while it waited; she then submitted attempt
    2, which settled. The mark posted from the stale page is refused, and the
    attempt stays out of the queue."""
    first, second = _waiting_then_later(enrolled, eight_and_essay)
    stale = Attempt.objects.get(pk=first.pk)  # loaded while it waited
    stale_response = essay(stale, ESSAY_A)
    client.force_login(trainer)
    page = client.get(reverse("quizzes_admin:attempt", args=[first.pk]))
    assertContains(page, "Mark this answer")

    services.submit_attempt(user=enrolled, attempt=second)

    with pytest.raises(services.QuizError, match="no longer needs marking"):
        services.mark_response(marker=trainer, response=stale_response, marks=2)
    posted = client.post(
        reverse("quizzes_admin:mark", args=[first.pk, stale_response.pk]),
        {
            f"response-{stale_response.pk}-marks": "2",
            f"response-{stale_response.pk}-comment": "Good.",
        },
    )
    assert posted.status_code == 200
    assertContains(posted, "no longer needs marking")
    stale_response.refresh_from_db()
    assert stale_response.marks is None
    assert stale_response.comment == ""
    first.refresh_from_db()
    assert first.status == Attempt.Status.SUPERSEDED
    assert queued_attempts() == set()


def test_a_mark_that_settles_the_earlier_attempt_first_leaves_the_later_one_alone(
    enrolled, trainer, eight_and_essay
):
    """The other order: attempt 1 is marked (and passes) while attempt 2 is
    open; submitting attempt 2 afterwards does not rewrite attempt 1."""
    first, second = _waiting_then_later(enrolled, eight_and_essay)
    stale_second = Attempt.objects.get(pk=second.pk)

    marked = services.mark_response(
        marker=trainer, response=essay(first, ESSAY_A), marks=2
    )
    assert (marked.status, marked.passed) == (Attempt.Status.GRADED, True)
    submitted = services.submit_attempt(user=enrolled, attempt=stale_second)

    assert submitted.status == Attempt.Status.GRADED
    first.refresh_from_db()
    assert (first.status, first.passed) == (Attempt.Status.GRADED, True)


def test_the_learner_cannot_see_or_mark_another_persons_waiting_attempt(
    client, other_learner, enrolled, eight_and_essay
):
    attempt = take(enrolled, eight_and_essay, right=6)
    client.force_login(other_learner)

    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 404
    refused = client.get(reverse("quizzes_admin:marking"))
    assert refused.status_code in (302, 403)
