"""Quizzes in Welsh: the quiz page, her result and her progress under /cy/, the
marking screens for a trainer whose admin is in Welsh, and the "answers marked"
email in the language on her account."""

from decimal import Decimal
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from core.languages import in_language
from quizzes import services
from quizzes.tests.factories import free_text, make_quiz, single
from quizzes.tests.test_reports import essay_response, take_quiz

pytestmark = pytest.mark.django_db


def welsh(path: str) -> str:
    # A request leaves its language active in this thread: an address reversed
    # after a Welsh page is Welsh already.
    if path.startswith("/cy/"):
        return path
    with translation.override("en-gb"):
        return in_language(path, "cy")


@pytest.fixture(autouse=True)
def _english_to_start():
    """Each test starts in English, whatever an earlier one left active."""
    with translation.override("en-gb"):
        yield


@pytest.fixture
def quiz(course):
    return make_quiz(
        course=course,
        title="Release day",
        questions=[
            single(text="What helps most on release day?"),
            free_text(text="Describe a safe first meeting.", points=4),
        ],
        pass_mark=60,
        max_attempts=3,
    )


def test_the_quiz_page_speaks_welsh_under_cy(learner_client, enrolled, quiz):
    page = learner_client.get(welsh(quiz.url))

    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="cy">' in content
    for words in ("Marc llwyddo", "3 i gyd, 3 ar ôl", "Dechrau'r cwis"):
        assert words in content
    assert "Start the quiz" not in content
    assert "Pass mark" not in content


def test_her_result_awaiting_marking_is_in_welsh(learner_client, enrolled, quiz):
    attempt = take_quiz(enrolled, quiz)

    page = learner_client.get(welsh(reverse("quizzes:result", args=[attempt.pk])))

    content = page.content.decode()
    assert "Eich canlyniad: Release day" in content
    assert "Yn aros i hyfforddwr farcio" in content
    assert "Mae 1 ateb ysgrifenedig yn aros i hyfforddwr ei farcio." in content
    assert "Waiting for a trainer" not in content


def test_a_result_not_passed_yet_is_gentle_in_welsh(
    learner_client, enrolled, quiz, trainer
):
    attempt = take_quiz(
        enrolled, quiz, answers={"What helps most on release day?": "Insist"}
    )
    services.mark_response(
        marker=trainer, response=essay_response(attempt), marks=Decimal(0), comment=""
    )

    progress = learner_client.get(welsh(reverse("quizzes:progress")))

    content = progress.content.decode()
    assert "Fy nghynnydd mewn cwisiau" in content
    assert "Release day, ymgais 1" in content
    assert "Heb lwyddo eto" in content
    assert "Not passed" not in content
    assert "Methu" not in content  # no word for "fail" on her page


def test_the_quiz_list_and_more_time_pages_are_in_welsh(learner_client, quiz):
    listing = learner_client.get(welsh(reverse("quizzes:list"))).content
    more_time = learner_client.get(welsh(reverse("quizzes:more_time"))).content

    assert "Pob categori" in listing.decode()
    assert "Rhagor o amser ar gwisiau wedi'u hamseru" in more_time.decode()
    assert "Gofyn am ragor o amser" in more_time.decode()


@pytest.fixture
def welsh_trainer(trainer):
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "cy"
    profile.save()
    return trainer


def test_the_marking_screens_speak_welsh_to_a_welsh_admin(
    trainer_client, welsh_trainer, enrolled, quiz
):
    attempt = take_quiz(enrolled, quiz)

    queue = unescape(
        trainer_client.get(reverse("quizzes_admin:marking")).content.decode()
    )
    screen = unescape(
        trainer_client.get(
            reverse("quizzes_admin:attempt", args=[attempt.pk])
        ).content.decode()
    )

    assert "1 ymgais yn aros i gael ei marcio, yr hynaf yn gyntaf." in queue
    assert "Atebion i'w marcio" in queue
    assert "Cwestiwn 2 o 2" in screen
    assert "Marcio'r ateb hwn" in screen
    assert "Cadw a marcio'r nesaf" in screen
    assert "Sylw i'r dysgwr" in screen
    assert "Mark this answer" not in screen


def test_marking_messages_follow_the_admin_language(
    trainer_client, welsh_trainer, enrolled, quiz
):
    attempt = take_quiz(enrolled, quiz)
    response = essay_response(attempt)

    page = trainer_client.post(
        reverse("quizzes_admin:mark", args=[attempt.pk, response.pk]),
        {f"response-{response.pk}-marks": "9"},
    )

    content = unescape(page.content.decode())
    assert "Ni chafodd y marciau eu cadw. Gwiriwch yr ateb isod." in content
    assert "Rhaid i'r marciau fod rhwng 0 a 4" in content


def test_the_answers_marked_email_is_in_her_language(
    enrolled, quiz, trainer, django_capture_on_commit_callbacks
):
    enrolled.preferred_language = "cy"
    enrolled.save(update_fields=["preferred_language"])
    attempt = take_quiz(enrolled, quiz)
    mail.outbox.clear()

    # The trainer marks in English: her email is still in Welsh.
    with (
        translation.override("en-gb"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.mark_response(
            marker=trainer,
            response=essay_response(attempt),
            marks=Decimal(4),
            comment="Da iawn.",
        )

    [message] = mail.outbox
    assert message.subject == "Mae eich atebion yn “Release day” wedi'u marcio"
    assert "Mae hyfforddwr wedi marcio eich atebion ysgrifenedig" in message.body
    assert "/cy/" + reverse("quizzes:result", args=[attempt.pk]).lstrip("/") in (
        message.body
    )
    [(html, _)] = message.alternatives
    assert "Gweld eich canlyniad" in html


def test_an_english_learner_still_gets_english(
    enrolled, quiz, trainer, django_capture_on_commit_callbacks
):
    attempt = take_quiz(enrolled, quiz)
    mail.outbox.clear()

    with translation.override("cy"), django_capture_on_commit_callbacks(execute=True):
        services.mark_response(
            marker=trainer, response=essay_response(attempt), marks=Decimal(4)
        )

    [message] = mail.outbox
    assert message.subject == "Your answers in “Release day” have been marked"
