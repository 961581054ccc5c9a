import json

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from audit.models import AuditEvent
from courses.models import Enrolment
from privacy import selectors

from .conftest import HER_DRAFT, HER_FREE_TEXT, HER_REFLECTION, MARKER_COMMENT

pytestmark = pytest.mark.django_db

PAGES = ["privacy:index", "privacy:view", "privacy:export_json", "privacy:erase"]


@pytest.mark.parametrize("name", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_your_data_page_explains_what_is_held_and_why(learner_client):
    response = learner_client.get(reverse("privacy:index"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "What we keep, and why" in text
    assert "for three years, we erase it" in text
    assert "1095" not in text
    # What her manager sees, and who can read who looked at her records.
    assert "which quizzes you have passed" in text
    assert "do not see your quiz answers or marks" in text
    assert "administrators can read the audit log" in text
    assert reverse("privacy:export_json") in text
    assert reverse("privacy:erase") in text
    assert (
        response["Cache-Control"] == "private, no-store"
        or "no-store" in (response["Cache-Control"])
    )


def test_the_menu_links_to_your_data(learner_client):
    response = learner_client.get(reverse("privacy:view"))
    assert f'href="{reverse("privacy:index")}">Your data' in response.content.decode()


def test_readable_page_shows_her_data_and_nobody_elses(her, them, client):
    client.force_login(her)
    response = client.get(reverse("privacy:view"))
    text = response.content.decode()
    assert response.status_code == 200
    for words in [
        "Leah Morgan",
        "leah@example.org",
        "Coventry Probation",
        "Trauma-informed practice lesson 1",
        HER_FREE_TEXT,
        MARKER_COMMENT,
        HER_REFLECTION,
        HER_DRAFT,
        her.certificates.get().reference,
    ]:
        assert words in text
    assert '<th scope="col">Correct</th>' in text
    assert "rosa@example.org" not in text
    assert them.certificates.get().reference not in text
    assert her.certificates.get().token not in text
    assert "no-store" in response["Cache-Control"]


def test_readable_page_is_bounded_in_queries(
    history, learner, client, django_assert_max_num_queries
):
    history(learner, attempts=8)
    client.force_login(learner)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("privacy:view"))
    assert response.status_code == 200


def test_json_download_is_her_export_as_an_attachment(her, them, client):
    client.force_login(her)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "leah@example.org"
    assert "rosa@example.org" not in response.content.decode()
    assert AuditEvent.objects.filter(action="data_exported", actor=her).exists()


@pytest.mark.parametrize("who", ["admin_user", "trainer"])
def test_an_admin_sees_only_her_own_data_here(request, her, client, who):
    """No address here names a person: an admin gets her own data, never
    another learner's, even by adding parameters."""
    admin = request.getfixturevalue(who)
    client.force_login(admin)
    for url in [
        reverse("privacy:view") + f"?user={her.pk}",
        reverse("privacy:export_json") + f"?user={her.pk}&email=leah@example.org",
    ]:
        text = client.get(url).content.decode()
        assert "leah@example.org" not in text
        assert HER_FREE_TEXT not in text


def test_only_get_is_allowed_for_the_export(learner_client):
    assert learner_client.post(reverse("privacy:export_json")).status_code == 405
    assert learner_client.post(reverse("privacy:view")).status_code == 405


# Erasure ------------------------------------------------------------------------


def test_erase_page_explains_what_happens(learner_client):
    response = learner_client.get(reverse("privacy:erase"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "cannot be undone" in text
    assert "Erased learner" in text
    assert "withdrawn" in text
    assert 'name="password"' in text
    assert 'name="confirm"' in text


def test_erasing_her_account_signs_her_out_and_says_goodbye(her, client):
    client.force_login(her)
    response = client.post(
        reverse("privacy:erase"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:goodbye")
    assert "_auth_user_id" not in client.session
    her.refresh_from_db()
    assert selectors.is_erased(her)
    assert not Enrolment.objects.filter(user=her).exists()
    goodbye = client.get(response["Location"])
    assert "Your account has been erased" in goodbye.content.decode()
    # Her old address no longer signs in.
    client.post(
        reverse("accounts:login"),
        {"username": "leah@example.org", "password": PASSWORD},
    )
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_changes_nothing(her, client):
    client.force_login(her)
    response = client.post(
        reverse("privacy:erase"), {"password": "not-my-password", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "That password is not right. Nothing has been changed." in (
        response.content.decode()
    )
    her.refresh_from_db()
    assert not selectors.is_erased(her)
    assert Enrolment.objects.filter(user=her).exists()
    assert client.session["_auth_user_id"] == str(her.pk)


def test_without_the_tick_nothing_changes(learner, learner_client):
    response = learner_client.post(reverse("privacy:erase"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    learner.refresh_from_db()
    assert learner.is_active


@pytest.mark.parametrize("who", ["admin_user", "trainer"])
def test_admins_and_trainers_cannot_erase_themselves_here(request, client, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(reverse("privacy:erase"))
    assert page.status_code == 200
    assert "cannot be erased here" in page.content.decode()
    assert "under Users, they open your account and choose Delete" in (
        page.content.decode()
    )
    assert 'name="password"' not in page.content.decode()
    response = client.post(
        reverse("privacy:erase"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.is_active
    assert not selectors.is_erased(user)


def test_goodbye_page_is_plain_and_public(client):
    response = client.get(reverse("privacy:goodbye"))
    assert response.status_code == 200
    assert "create a new account" in response.content.decode()
