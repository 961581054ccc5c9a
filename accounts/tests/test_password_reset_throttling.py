"""Password-reset requests are limited per email address and client together."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

pytestmark = pytest.mark.django_db

HOME_ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.23"


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.PASSWORD_RESET_RATE = 3
    cache.clear()
    yield
    cache.clear()


def ask(client, email, address=HOME_ADDRESS):
    return client.post(
        reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address
    )


def test_requests_up_to_the_limit_are_sent(client, learner):
    responses = [ask(client, learner.email) for _ in range(3)]

    for response in responses:
        assertRedirects(response, reverse("accounts:password_reset_done"))
    assert len(mail.outbox) == 3


def test_over_the_limit_she_is_asked_to_wait_and_nothing_is_sent(client, learner):
    for _ in range(3):
        ask(client, learner.email)

    response = ask(client, learner.email.upper())

    assert response.status_code == 429
    assertContains(response, "paused them for a while", status_code=429)
    assertContains(response, "try again in 60 minutes", status_code=429)
    assert response["Retry-After"] == "3600"
    assert len(mail.outbox) == 3


def test_the_limit_reveals_nothing_about_whether_an_account_exists(client, learner):
    unknown = "nobody@example.org"
    for _ in range(3):
        ask(client, learner.email)
        ask(client, unknown)

    known_response = ask(client, learner.email)
    unknown_response = ask(client, unknown)

    assert known_response.status_code == unknown_response.status_code == 429
    assert known_response.content.replace(
        learner.email.encode(), b""
    ) == unknown_response.content.replace(unknown.encode(), b"")
    assert learner.email not in known_response.content.decode()


def test_another_address_or_another_email_is_not_limited(client, learner):
    for _ in range(4):
        ask(client, learner.email)

    from_elsewhere = ask(client, learner.email, address=OTHER_ADDRESS)
    other_email = ask(client, "someone.else@example.org")

    assert from_elsewhere.status_code == 302
    assert other_email.status_code == 302


def test_an_invalid_address_is_refused_without_counting(client, learner):
    for _ in range(5):
        response = ask(client, "not an email")
        assert response.status_code == 200
        assertContains(response, "There is a problem")

    assert ask(client, learner.email).status_code == 302


def test_one_connection_cannot_send_resets_to_a_whole_list(client, settings):
    settings.PASSWORD_RESET_RATE = 2
    answers = [
        ask(client, f"person{number}@example.org").status_code for number in range(9)
    ]

    assert answers[:8] == [302] * 8
    assert answers[8] == 429
