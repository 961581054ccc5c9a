import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

GOOD_SIGN_UP = {
    "full_name": "Jo Patel",
    "email": "Jo.Patel@Probation.example.org",
    "password1": "a-long-passphrase-2026",
    "password2": "a-long-passphrase-2026",
}


def test_sign_up_creates_a_learner_and_signs_her_in(client):
    response = client.post(reverse("accounts:sign_up"), GOOD_SIGN_UP, follow=True)

    user = User.objects.get()
    assert user.email == "jo.patel@probation.example.org"
    assert user.full_name == "Jo Patel"
    assert not user.is_staff
    assertRedirects(response, reverse("courses:my_learning"))
    assertContains(response, "Welcome, Jo")


def test_sign_up_returns_to_a_safe_next_page_only(client):
    response = client.post(
        reverse("accounts:sign_up") + "?next=https://evil.example.com/", GOOD_SIGN_UP
    )

    assertRedirects(
        response, reverse("courses:my_learning"), fetch_redirect_response=False
    )


def test_sign_up_with_an_email_already_used_is_refused_kindly(client, learner):
    data = {**GOOD_SIGN_UP, "email": learner.email.upper()}

    response = client.post(reverse("accounts:sign_up"), data)

    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assertContains(response, "An account with this email address already exists")
    assert User.objects.count() == 1


def test_sign_up_with_mismatched_passwords_keeps_what_she_typed(client):
    data = {**GOOD_SIGN_UP, "password2": "something-else-entirely"}

    response = client.post(reverse("accounts:sign_up"), data)

    assert response.status_code == 200
    assertContains(response, "two password fields didn")
    assertContains(response, 'value="Jo Patel"')
    assert not User.objects.exists()


def test_signed_in_person_visiting_sign_up_goes_to_my_learning(learner_client):
    response = learner_client.get(reverse("accounts:sign_up"))

    assertRedirects(response, reverse("courses:my_learning"))


def test_sign_in_with_email_in_any_case(client, learner):
    response = client.post(
        reverse("accounts:login"),
        {"username": learner.email.upper(), "password": PASSWORD},
    )

    assertRedirects(response, reverse("courses:my_learning"))


def test_sign_in_with_a_wrong_password_says_so_without_saying_which(client, learner):
    response = client.post(
        reverse("accounts:login"), {"username": learner.email, "password": "wrong"}
    )

    assert response.status_code == 200
    assertContains(response, "The email address or password was not right")
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(learner_client):
    response = learner_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in learner_client.session


def test_password_reset_emails_a_link_that_sets_a_new_password(client, learner):
    response = client.post(reverse("accounts:password_reset"), {"email": learner.email})

    assertRedirects(response, reverse("accounts:password_reset_done"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Kairos Learning password"
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "another-long-passphrase"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assertRedirects(response, reverse("accounts:password_reset_complete"))
    learner.refresh_from_db()
    assert learner.check_password(new_password)


def test_password_reset_for_an_unknown_email_reveals_nothing(client):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}
    )

    assertRedirects(response, reverse("accounts:password_reset_done"))
    assert mail.outbox == []


def test_wagtail_admin_creates_a_user_with_email_and_full_name(admin_client):
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new.trainer@kairos.test",
            "full_name": "Nina Okafor",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.trainer@kairos.test")
    assert user.full_name == "Nina Okafor"


def test_wagtail_admin_edits_a_users_full_name(admin_client, learner):
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        {"email": learner.email, "full_name": "Leah M. Morgan", "is_active": "on"},
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.full_name == "Leah M. Morgan"


def test_learner_cannot_open_the_wagtail_admin(learner_client):
    response = learner_client.get(reverse("wagtailadmin_home"))

    assert response.status_code in (302, 403)


def test_user_model_basics():
    user = UserFactory(full_name="Jo Patel", email="jo@example.org")
    admin = User.objects.create_superuser(
        email="Boss@Example.org", password=PASSWORD, full_name="Sam Lee"
    )

    assert str(user) == "Jo Patel"
    assert user.get_short_name() == "Jo"
    assert admin.email == "boss@example.org"
    assert admin.is_staff
    assert admin.is_superuser
