"""Signed out after SESSION_IDLE_MINUTES without a request; progress is kept."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.middleware import LAST_ACTIVITY_SESSION_KEY
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

MY_LEARNING = reverse("courses:my_learning")


def move_time_forward(client, *, minutes: float):
    """As if `minutes` passed since her last request."""
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] -= int(minutes * 60)
    session.save()


@pytest.fixture
def signed_in(client, learner):
    response = client.post(
        reverse("accounts:login"), {"username": learner.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert LAST_ACTIVITY_SESSION_KEY in client.session
    return client


def test_a_request_within_the_idle_limit_keeps_her_signed_in(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 60
    move_time_forward(signed_in, minutes=59)

    response = signed_in.get(MY_LEARNING)

    assert response.status_code == 200
    assert "_auth_user_id" in signed_in.session


def test_after_the_idle_limit_she_is_signed_out_kindly(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 60
    move_time_forward(signed_in, minutes=61)

    response = signed_in.get(MY_LEARNING, follow=True)

    assertRedirects(response, f"{reverse('accounts:login')}?next={MY_LEARNING}")
    assertContains(
        response,
        "You were signed out after 60 minutes without activity. "
        "Your progress is saved.",
    )
    assert "_auth_user_id" not in signed_in.session


def test_the_message_follows_the_setting(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 20
    move_time_forward(signed_in, minutes=21)

    response = signed_in.get(MY_LEARNING, follow=True)

    assertContains(response, "signed out after 20 minutes without activity")


def test_a_form_sent_after_the_limit_is_not_acted_on(signed_in, settings, learner):
    settings.SESSION_IDLE_MINUTES = 60
    move_time_forward(signed_in, minutes=61)

    response = signed_in.post(reverse("accounts:logout"))

    assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
    assert "_auth_user_id" not in signed_in.session


def test_activity_is_written_at_most_once_a_minute(signed_in):
    before = signed_in.session[LAST_ACTIVITY_SESSION_KEY]

    response = signed_in.get(MY_LEARNING)

    assert response.status_code == 200
    assert "sessionid" not in response.cookies  # the session was not saved
    assert signed_in.session[LAST_ACTIVITY_SESSION_KEY] == before

    move_time_forward(signed_in, minutes=2)
    response = signed_in.get(MY_LEARNING)

    assert "sessionid" in response.cookies
    assert signed_in.session[LAST_ACTIVITY_SESSION_KEY] >= before


def test_each_request_restarts_the_idle_clock(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 60
    move_time_forward(signed_in, minutes=40)
    assert signed_in.get(MY_LEARNING).status_code == 200
    move_time_forward(signed_in, minutes=40)  # 80 since sign-in, 40 since the last

    assert signed_in.get(MY_LEARNING).status_code == 200


def test_anonymous_requests_are_untouched(client, home):
    response = client.get("/")

    assert response.status_code == 200
    assert LAST_ACTIVITY_SESSION_KEY not in client.session
    assert "sessionid" not in response.cookies


def test_a_form_sent_after_the_limit_says_it_was_not_saved_and_returns_to_its_page(
    signed_in, settings
):
    settings.SESSION_IDLE_MINUTES = 60
    move_time_forward(signed_in, minutes=61)

    response = signed_in.post(
        reverse("reflections:mine"),
        {"text": "A long reflection"},
        HTTP_REFERER=f"http://testserver{MY_LEARNING}",
        follow=True,
    )

    assertRedirects(response, f"{reverse('accounts:login')}?next={MY_LEARNING}")
    assertContains(response, "so what you just sent was not saved")


def test_a_session_ends_at_its_fixed_limit_however_active_she_is(signed_in, settings):
    first_end = signed_in.session.get_expiry_date()

    signed_in.get(MY_LEARNING)
    move_time_forward(signed_in, minutes=2)
    signed_in.get(MY_LEARNING)  # writes her activity, saving the session

    assert signed_in.session.get_expiry_date() == first_end
    assert signed_in.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_the_editors_background_ping_is_not_activity(client, admin_user):
    client.force_login(admin_user)
    before = client.session[LAST_ACTIVITY_SESSION_KEY]
    move_time_forward(client, minutes=5)

    client.post("/admin/editing-sessions/ping/wagtailcore/page/1/0/")

    assert client.session[LAST_ACTIVITY_SESSION_KEY] == before - 5 * 60
