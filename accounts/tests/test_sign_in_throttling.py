"""Sign-in throttling (django-axes): per email address and client together."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db.models import F
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOME_ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.23"
SIGN_IN_PAGES = ["accounts:login", "wagtailadmin_login"]


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def sign_in(client, email, password, *, address=HOME_ADDRESS, page="accounts:login"):
    return client.post(
        reverse(page),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, email, times, **kwargs):
    return [sign_in(client, email, "not-the-password", **kwargs) for _ in range(times)]


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_five_failures_lock_that_email_from_that_address(client, admin_user, page):
    responses = fail(client, admin_user.email, 5, page=page)

    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    locked = sign_in(client, admin_user.email, PASSWORD, page=page)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_what_happened_when_and_how_to_reset(client, learner):
    response = fail(client, learner.email, 5)[-1]

    assert response.status_code == 429
    assertContains(response, "Signing in is paused", status_code=429)
    assertContains(response, "not right 5 times in a row", status_code=429)
    assertContains(response, "try again in 15 minutes", status_code=429)
    assertContains(response, reverse("accounts:password_reset"), status_code=429)
    assert int(response["Retry-After"]) > 14 * 60


def test_trying_again_while_locked_does_not_restart_the_wait(client, learner):
    fail(client, learner.email, 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=5))

    response = sign_in(client, learner.email, PASSWORD)

    assertContains(response, "try again in 10 minutes", status_code=429)


def test_the_same_email_in_another_case_counts_as_the_same(client, learner):
    fail(client, learner.email.upper(), 3)
    fail(client, learner.email.title(), 2)

    response = sign_in(client, learner.email, PASSWORD)

    assert response.status_code == 429


def test_the_same_email_from_another_address_is_not_locked(client, learner):
    fail(client, learner.email, 5)

    response = sign_in(client, learner.email, PASSWORD, address=OTHER_ADDRESS)

    assertRedirects(
        response, reverse("courses:my_learning"), fetch_redirect_response=False
    )


def test_another_email_from_the_same_address_is_not_locked(
    client, learner, other_learner
):
    fail(client, learner.email, 5)

    response = sign_in(client, other_learner.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_learner.pk)


def test_the_lockout_ends_after_the_cool_off(client, learner):
    fail(client, learner.email, 5)
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1)
    )

    response = sign_in(client, learner.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)


def test_a_successful_sign_in_resets_the_count(client, learner):
    fail(client, learner.email, 4)
    assert sign_in(client, learner.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    responses = fail(client, learner.email, 4)

    assert [r.status_code for r in responses] == [200] * 4
    assert AccessAttempt.objects.get().failures_since_start == 4


def test_failures_are_forgotten_and_sign_ins_not_logged(client, learner):
    fail(client, learner.email, 2)
    sign_in(client, learner.email, PASSWORD)

    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()


def test_setting_a_new_password_from_the_email_ends_the_lockout(client, learner):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": learner.email, "password": "wrong"}
        )
    assert (
        client.post(
            reverse("accounts:login"), {"username": learner.email, "password": "wrong"}
        ).status_code
        == 429
    )
    uid = urlsafe_base64_encode(force_bytes(learner.pk))
    token = default_token_generator.make_token(learner)
    link = client.get(
        reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True
    )
    new = "a-brand-new-passphrase-2026"
    client.post(
        link.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )

    response = client.post(
        reverse("accounts:login"), {"username": learner.email, "password": new}
    )

    assert response.status_code == 302
