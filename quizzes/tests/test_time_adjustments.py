"""More time on timed quizzes: the server keeps the adjusted limit, with a grace
period for network delay; she asks without a reason; it is audited."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from audit.models import AuditEvent
from quizzes import adjustments, services, timing
from quizzes.models import Attempt, TimeAdjustment
from quizzes.tests.factories import make_quiz, right_answer, single

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


def minutes(number):
    return datetime.timedelta(minutes=number)


@pytest.fixture
def timed(course):
    return make_quiz(course=course, questions=[single()], time_limit_minutes=20)


def agree(learner, multiplier, by):
    return adjustments.agree_more_time(by=by, learner=learner, multiplier=multiplier)


def answer(learner, attempt, at):
    question = attempt.questions[0]
    services.save_answer(
        user=learner,
        attempt=attempt,
        question_key=question["key"],
        answer=right_answer(question),
        now=at,
    )


# The rule ---------------------------------------------------


@pytest.mark.parametrize(
    ("multiplier", "expected"),
    [
        ("", minutes(20)),
        ("1.25", minutes(25)),
        ("1.5", minutes(30)),
        ("2", minutes(40)),
        ("none", None),
    ],
)
def test_effective_time_limit(multiplier, expected):
    assert timing.effective_time_limit(minutes=20, multiplier=multiplier) == expected


def test_an_untimed_quiz_stays_untimed_whatever_is_agreed():
    assert timing.effective_time_limit(minutes=None, multiplier="2") is None


def test_odd_minutes_are_kept_to_the_second():
    limit = timing.effective_time_limit(minutes=15, multiplier="1.25")
    assert timing.describe(limit) == "18 minutes 45 seconds"


# On the server ---------------------------------------------------


def test_without_an_adjustment_an_answer_after_the_limit_and_grace_is_refused(
    enrolled, timed
):
    attempt = services.start_attempt(user=enrolled, quiz=timed, now=START)
    assert attempt.deadline == START + minutes(20)

    answer(enrolled, attempt, START + minutes(20) + datetime.timedelta(seconds=10))
    with pytest.raises(services.TimeUp):
        answer(enrolled, attempt, START + minutes(21))


def test_with_one_and_a_half_times_she_saves_and_submits_after_the_usual_limit(
    enrolled, timed, trainer
):
    agree(enrolled, "1.5", trainer)
    attempt = services.start_attempt(user=enrolled, quiz=timed, now=START)
    assert attempt.deadline == START + minutes(30)

    answer(enrolled, attempt, START + minutes(25))  # after the usual 20 minutes
    attempt = services.submit_attempt(
        user=enrolled, attempt=attempt, now=START + minutes(29)
    )

    assert attempt.passed is True


def test_beyond_the_adjusted_limit_and_the_grace_period_an_answer_is_refused(
    enrolled, timed, trainer
):
    agree(enrolled, "1.5", trainer)
    attempt = services.start_attempt(user=enrolled, quiz=timed, now=START)

    answer(enrolled, attempt, START + minutes(30) + timing.GRACE_PERIOD / 2)
    with pytest.raises(services.TimeUp):
        answer(enrolled, attempt, START + minutes(30) + timing.GRACE_PERIOD)


def test_no_time_limit_means_no_deadline(enrolled, timed, trainer):
    agree(enrolled, "none", trainer)
    attempt = services.start_attempt(user=enrolled, quiz=timed, now=START)

    assert attempt.deadline is None
    answer(enrolled, attempt, START + datetime.timedelta(hours=10))


def test_time_agreed_during_an_attempt_lengthens_it(enrolled, timed, trainer):
    attempt = services.start_attempt(user=enrolled, quiz=timed)
    usual = Attempt.objects.get(pk=attempt.pk).deadline

    agree(enrolled, "2", trainer)

    attempt.refresh_from_db()
    assert attempt.deadline - usual == pytest.approx(minutes(20), abs=minutes(1))


def test_the_take_page_accepts_an_answer_sent_within_the_grace_period(
    learner_client, enrolled, timed
):
    """A request that left in time but arrived just after the deadline counts."""
    attempt = services.start_attempt(user=enrolled, quiz=timed)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=5)
    )
    question = attempt.questions[0]

    learner_client.post(
        reverse("quizzes:take", args=[attempt.pk]) + "?q=1",
        {question["key"]: right_answer(question)[0], "action": "review"},
    )

    assert attempt.responses.get().answer == right_answer(question)


# Before she starts, and while she takes it ------------------------------------


def test_the_quiz_page_tells_her_the_adjusted_time(
    learner_client, enrolled, timed, trainer
):
    agree(enrolled, "1.5", trainer)

    response = learner_client.get(timed.url)

    assertContains(response, "You have 1.5 times the usual time: 30 minutes")
    assertContains(response, reverse("quizzes:more_time"))


def test_the_take_page_shows_the_deadline_in_uk_time_and_loads_the_countdown(
    learner_client, enrolled, timed
):
    attempt = services.start_attempt(user=enrolled, quiz=timed)
    london = attempt.deadline.astimezone(ZoneInfo("Europe/London"))

    response = learner_client.get(reverse("quizzes:take", args=[attempt.pk]))

    assertContains(response, f"Finish by {london:%H:%M} (UK time)")
    assertContains(response, "js/quiz-countdown.js")
    assertContains(response, "data-countdown")
    assertNotContains(response, "<script>")


def test_an_untimed_take_page_has_no_countdown(learner_client, enrolled, quiz):
    attempt = services.start_attempt(user=enrolled, quiz=quiz)
    response = learner_client.get(reverse("quizzes:take", args=[attempt.pk]))
    assertNotContains(response, "quiz-countdown.js")


# Asking ---------------------------------------------------


def test_she_asks_without_a_reason_and_it_is_audited(learner_client, learner):
    url = reverse("quizzes:more_time")
    assertContains(learner_client.get(url), "You do not need to give a reason")

    response = learner_client.post(url, follow=True)

    assertContains(response, "You have asked for more time")
    assert TimeAdjustment.objects.get(user=learner).is_pending
    event = AuditEvent.objects.get(action=AuditEvent.Action.QUIZ_TIME_REQUESTED)
    assert event.subject == learner


def test_asking_twice_is_answered_kindly_and_changes_nothing(learner_client, learner):
    url = reverse("quizzes:more_time")
    learner_client.post(url)
    asked = TimeAdjustment.objects.get(user=learner).requested_at

    response = learner_client.post(url, follow=True)

    assertContains(response, "You have already asked for more time")
    assert TimeAdjustment.objects.get(user=learner).requested_at == asked
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.QUIZ_TIME_REQUESTED).count()
        == 1
    )


def test_the_page_needs_her_to_sign_in(client):
    response = client.post(reverse("quizzes:more_time"))
    assert response.status_code == 302
    assert not TimeAdjustment.objects.exists()


# Agreeing ---------------------------------------------------


def test_agreeing_answers_her_request_and_is_audited(learner, trainer):
    adjustments.request_more_time(user=learner)

    adjustment = agree(learner, "1.5", trainer)

    assert not adjustment.is_pending
    assert adjustment.granted_by == trainer
    event = AuditEvent.objects.get(action=AuditEvent.Action.QUIZ_TIME_AGREED)
    assert (event.actor, event.subject) == (trainer, learner)
    assert event.details["agreed"] == "1.5 times the usual time"


def test_she_cannot_agree_more_time_for_herself(learner):
    with pytest.raises(adjustments.AdjustmentError, match="for yourself"):
        agree(learner, "2", learner)
    assert not TimeAdjustment.objects.exists()


@pytest.mark.parametrize("multiplier", ["3", "1", "", "1.50", "unlimited"])
def test_an_unknown_multiplier_is_refused_with_a_clear_message(
    learner, trainer, multiplier
):
    with pytest.raises(adjustments.AdjustmentError) as error:
        agree(learner, multiplier, trainer)
    assert error.value.message == (
        "Choose 1.25 times, 1.5 times or twice the usual time, or no time limit."
    )
    assert not TimeAdjustment.objects.exists()
    assert not AuditEvent.objects.exists()
