import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

GOOD_SIGN_UP = {"full_name": "Jo Patel", "email": "Jo.Patel@Probation.example.org"}
PASSWORDS = {
    "password1": "a-long-passphrase-2026",
    "password2": "a-long-passphrase-2026",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def emailed_sign_up_link(index=-1) -> str:
    return re.search(r"https?://\S+/accounts/sign-up/\S+/", mail.outbox[index].body)[0]


def test_sign_up_emails_a_link_then_creates_a_learner_and_signs_her_in(client):
    response = client.post(reverse("accounts:sign_up"), GOOD_SIGN_UP, follow=True)
    assertContains(response, "Check your email")
    assert not User.objects.exists()
    assert mail.outbox[0].to == ["jo.patel@probation.example.org"]

    link = emailed_sign_up_link()
    assertContains(client.get(link), "Choose a password")
    response = client.post(link, PASSWORDS, follow=True)

    user = User.objects.get()
    assert user.email == "jo.patel@probation.example.org"
    assert user.full_name == "Jo Patel"
    assert user.check_password(PASSWORDS["password1"])
    assert not user.is_staff
    assertRedirects(response, reverse("courses:my_learning"))
    assertContains(response, "Welcome, Jo")


def test_the_link_works_once(client):
    client.post(reverse("accounts:sign_up"), GOOD_SIGN_UP)
    link = emailed_sign_up_link()
    client.post(link, PASSWORDS)
    client.logout()
    again = client.post(link, {"password1": "x" * 20, "password2": "x" * 20})
    assertRedirects(again, reverse("accounts:login"), fetch_redirect_response=False)
    assert User.objects.get().check_password(PASSWORDS["password1"])


def test_an_altered_or_expired_link_is_refused(client, settings):
    client.post(reverse("accounts:sign_up"), GOOD_SIGN_UP)
    link = emailed_sign_up_link()
    altered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = client.post(altered, PASSWORDS)
    assert response.status_code == 400
    assertContains(response, "This link does not work", status_code=400)
    assert not User.objects.exists()


def test_sign_up_returns_to_a_safe_next_page_only(client, course):
    client.post(
        reverse("accounts:sign_up") + "?next=https://evil.example.com/", GOOD_SIGN_UP
    )
    response = client.post(emailed_sign_up_link(), PASSWORDS)
    assertRedirects(
        response, reverse("courses:my_learning"), fetch_redirect_response=False
    )

    client.logout()
    client.post(
        reverse("accounts:sign_up") + f"?next={course.url}",
        {**GOOD_SIGN_UP, "email": "sam@example.org"},
    )
    response = client.post(emailed_sign_up_link(), PASSWORDS)
    assertRedirects(response, course.url, fetch_redirect_response=False)


def test_sign_up_with_an_email_already_used_answers_the_same_and_emails_her(
    client, learner
):
    data = {**GOOD_SIGN_UP, "email": learner.email.upper()}

    response = client.post(reverse("accounts:sign_up"), data, follow=True)

    assertContains(response, "Check your email")
    assert User.objects.count() == 1
    assert mail.outbox[0].to == [learner.email]
    assert "you already have one" in mail.outbox[0].body
    assert reverse("accounts:password_reset") in mail.outbox[0].body
    assert "/accounts/sign-up/" not in mail.outbox[0].body


def test_sign_up_with_mismatched_passwords_keeps_her_on_the_page(client):
    client.post(reverse("accounts:sign_up"), GOOD_SIGN_UP)
    link = emailed_sign_up_link()
    data = {**PASSWORDS, "password2": "something-else-entirely"}

    response = client.post(link, data)

    assert response.status_code == 200
    assertContains(response, "The passwords do not match")
    assert not User.objects.exists()


def test_a_password_like_her_name_is_refused(client):
    client.post(reverse("accounts:sign_up"), GOOD_SIGN_UP)
    response = client.post(
        emailed_sign_up_link(),
        {"password1": "jo.patel@probation", "password2": "jo.patel@probation"},
    )
    assertContains(response, "too similar")
    assert not User.objects.exists()


def test_sign_up_is_limited_per_client(client, settings):
    settings.SIGN_UP_RATE = 3
    answers = [
        client.post(
            reverse("accounts:sign_up"), {**GOOD_SIGN_UP, "email": f"p{n}@example.org"}
        ).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    other = client.post(
        reverse("accounts:sign_up"), GOOD_SIGN_UP, REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302


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
