"""Her language: chosen on her settings page (or from the offer after she
switches), set at sign-up, followed at sign-in, and used for her emails."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import PASSWORD, UserFactory
from core import emails

pytestmark = pytest.mark.django_db
User = get_user_model()

SETTINGS = "/accounts/notifications/"
WELSH_SETTINGS = "/cy/accounts/notifications/"
LANGUAGE = "/accounts/language/"


@pytest.fixture
def dysgwr(db):
    return UserFactory(
        full_name="Nia Evans", email="nia@example.org", preferred_language="cy"
    )


# --- Her settings page ------------------------------------------------------------


def test_her_settings_page_shows_her_language_chosen(learner_client):
    response = learner_client.get(SETTINGS)
    page = response.content.decode()
    assert "<h1>Your settings</h1>" in page
    assert re.search(r'<input[^>]*name="language"[^>]*value="en-gb"[^>]*checked', page)
    assert f'action="{LANGUAGE}"' in page


def test_choosing_welsh_saves_it_and_goes_on_in_welsh(learner_client, learner):
    response = learner_client.post(LANGUAGE, {"language": "cy"})

    assert response.status_code == 302
    assert response.url == WELSH_SETTINGS
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    learner.refresh_from_db()
    assert learner.preferred_language == "cy"
    page = learner_client.get(response.url)
    assertContains(page, "Byddwn yn anfon eich negeseuon e-bost")
    assertContains(page, "<h1>Eich gosodiadau</h1>")


def test_choosing_english_from_a_welsh_page_goes_on_in_english(client, dysgwr):
    client.force_login(dysgwr)
    response = client.post("/cy" + LANGUAGE, {"language": "en-gb"})

    assert response.url == SETTINGS
    dysgwr.refresh_from_db()
    assert dysgwr.preferred_language == "en-gb"
    assertContains(
        client.get(SETTINGS),
        "Saved. We will send your emails and certificates in English.",
    )


@pytest.mark.parametrize("code", ["fr", "", "cy-GB", "en", "<script>"])
def test_a_language_not_ours_is_refused_and_nothing_is_saved(
    learner_client, learner, code
):
    response = learner_client.post(LANGUAGE, {"language": code})

    assert response.status_code == 400
    expected = "Choose a language" if not code else "Choose English or Cymraeg."
    assertContains(response, expected, status_code=400)
    assertContains(response, "There is a problem", status_code=400)
    learner.refresh_from_db()
    assert learner.preferred_language == "en-gb"


def test_signed_out_she_is_sent_to_sign_in_and_nothing_is_saved(client, learner):
    response = client.post(LANGUAGE, {"language": "cy"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")
    learner.refresh_from_db()
    assert learner.preferred_language == "en-gb"


def test_the_language_is_only_ever_changed_by_a_post(learner_client, learner):
    assert learner_client.get(LANGUAGE + "?language=cy").status_code == 405
    assert learner_client.get(LANGUAGE + "keep/").status_code == 405
    learner.refresh_from_db()
    assert learner.preferred_language == "en-gb"


def test_the_page_to_go_back_to_must_be_ours(learner_client):
    response = learner_client.post(
        LANGUAGE, {"language": "cy", "next": "https://evil.example.com/"}
    )
    assert response.url == WELSH_SETTINGS


# --- The offer after she switches language --------------------------------------

OFFER = "yn Gymraeg o hyn ymlaen?"


def test_switching_to_welsh_offers_to_make_it_her_language(learner_client, learner):
    assertNotContains(learner_client.get("/support/"), "language-offer")
    response = learner_client.get("/cy/support/")
    assertContains(response, OFFER)

    answer = learner_client.post(
        "/cy" + LANGUAGE, {"language": "cy", "next": "/cy/support/"}
    )
    assert answer.url == "/cy/support/"
    learner.refresh_from_db()
    assert learner.preferred_language == "cy"
    assertNotContains(learner_client.get("/cy/support/"), "language-offer")


def test_keeping_her_language_stops_the_offer_and_changes_nothing(
    learner_client, learner
):
    answer = learner_client.post("/cy" + LANGUAGE + "keep/", {"next": "/cy/support/"})
    assert answer.url == "/cy/support/"
    assertNotContains(learner_client.get("/cy/support/"), "language-offer")
    learner.refresh_from_db()
    assert learner.preferred_language == "en-gb"


def test_a_welsh_speaker_reading_english_is_offered_english(client, dysgwr):
    client.force_login(dysgwr)
    # She chose English from the switcher (no first-visit redirect after that).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    assertContains(
        client.get("/support/"),
        "Send my emails and certificates in English from now on?",
    )
    assertNotContains(client.get("/cy/support/"), "language-offer")


def test_nobody_signed_out_is_offered_anything(client):
    assertNotContains(client.get("/cy/support/"), "language-offer")


# --- Signing in -------------------------------------------------------------------


def _sign_in(client, user, url="/accounts/sign-in/", next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def test_signing_in_sends_a_welsh_speaker_to_the_welsh_page(client, dysgwr):
    response = _sign_in(client, dysgwr, next_url="/support/")

    assert response.status_code == 302
    assert response.url == "/cy/support/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"


def test_signing_in_without_a_next_page_lands_in_her_language(client, dysgwr):
    response = _sign_in(client, dysgwr)
    with translation.override("cy"):
        assert response.url == reverse("courses:my_learning")
    assert response.url.startswith("/cy/")


def test_signing_in_sends_an_english_speaker_to_the_english_page(client, learner):
    response = _sign_in(
        client, learner, url="/cy/accounts/sign-in/", next_url="/cy/support/"
    )

    assert response.url == "/support/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en-gb"


def test_a_page_already_in_her_language_is_kept(client, dysgwr):
    response = _sign_in(client, dysgwr, next_url="/cy/support/?tab=1")
    assert response.url == "/cy/support/?tab=1"


# --- Signing up -------------------------------------------------------------------


def test_signing_up_in_welsh_makes_welsh_her_language(client):
    client.post(
        "/cy/accounts/sign-up/",
        {"full_name": "Nia Evans", "email": "nia@example.org"},
    )
    [email] = mail.outbox
    assert email.subject == "Gorffen creu eich cyfrif Kairos Learning"
    link = re.search(r"https?://\S+/accounts/sign-up/\S+/", email.body)[0]
    assert "/cy/accounts/sign-up/" in link

    password = "a-long-passphrase-2026"
    client.post(link, {"password1": password, "password2": password})
    assert User.objects.get(email="nia@example.org").preferred_language == "cy"


def test_signing_up_in_english_makes_english_her_language(client):
    client.post(
        "/accounts/sign-up/", {"full_name": "Jo Patel", "email": "jo@example.org"}
    )
    [email] = mail.outbox
    assert email.subject == "Finish creating your Kairos Learning account"
    link = re.search(r"https?://\S+/accounts/sign-up/\S+/", email.body)[0]
    assert "/cy/" not in link
    password = "a-long-passphrase-2026"
    client.post(link, {"password1": password, "password2": password})
    assert User.objects.get(email="jo@example.org").preferred_language == "en-gb"


def test_an_existing_account_is_reminded_in_its_own_language(client, dysgwr):
    client.post("/accounts/sign-up/", {"full_name": "Nia Evans", "email": dysgwr.email})
    [email] = mail.outbox
    assert email.subject == "Mae gennych gyfrif Kairos Learning yn barod"
    assert "/cy/accounts/sign-in/" in email.body


# --- Emails -----------------------------------------------------------------------


def _send_footer_email(user, **overrides):
    values = {
        "kind": "test",
        "object_id": user.pk,
        "to": user.email,
        "subject": lambda: translation.gettext("Your settings"),
        "template": "email/layout",
        "context": {
            "recipient": user,
            "optional": True,
            "url": emails.absolute_url(reverse("accounts:notifications")),
        },
    }
    values.update(overrides)
    return emails.send_once(**values)


def test_an_email_to_a_welsh_learner_is_welsh_with_welsh_links(dysgwr):
    assert _send_footer_email(dysgwr)
    [email] = mail.outbox
    html = email.alternatives[0][0]
    assert email.subject == "Eich gosodiadau"
    assert "Gallwch ddiffodd negeseuon e-bost fel hwn" in email.body
    assert "http://127.0.0.1:8000/cy/accounts/notifications/" in email.body
    assert "http://127.0.0.1:8000/cy/support/" in email.body
    assert '<html lang="cy">' in html
    assert 'href="http://127.0.0.1:8000/cy/accounts/notifications/"' in html
    assert "/accounts/notifications/" not in email.body.replace(
        "/cy/accounts/notifications/", ""
    )


def test_an_email_to_an_english_learner_stays_english(learner):
    with translation.override("cy"):  # whatever the task runs in
        assert _send_footer_email(learner)
    [email] = mail.outbox
    assert email.subject == "Your settings"
    assert "You can turn off emails like this one" in email.body
    assert "http://127.0.0.1:8000/accounts/notifications/" in email.body
    assert "/cy/" not in email.body
    assert '<html lang="en-GB">' in email.alternatives[0][0]


def test_an_email_to_an_address_with_a_welsh_account_is_welsh(dysgwr):
    """An invitation to someone who has an account: her language, found by her
    address."""
    _send_footer_email(dysgwr, context={"optional": False})
    [email] = mail.outbox
    assert "Rydym bob amser yn anfon e-bost atoch" in email.body


def test_links_are_put_in_the_language_active_when_the_email_is_written():
    url = emails.absolute_url("/support/")
    context = {"url": url, "admin": emails.absolute_url("/admin/"), "n": 3}
    assert emails.links_in_active_language(context) == context
    with translation.override("cy"):
        welsh = emails.links_in_active_language(context)
        assert welsh["url"] == "http://127.0.0.1:8000/cy/support/"
        assert welsh["admin"] == "http://127.0.0.1:8000/admin/"
        assert welsh["n"] == 3
        made_in_welsh = emails.absolute_url(reverse("support:index"))
    english = emails.links_in_active_language({"url": made_in_welsh})
    assert english["url"] == "http://127.0.0.1:8000/support/"


def test_the_password_reset_email_is_in_her_language(client, dysgwr):
    client.post("/accounts/password-reset/", {"email": dysgwr.email})
    [email] = mail.outbox
    assert email.subject == "Ailosod eich cyfrinair Kairos Learning"
    assert "/cy/accounts/password-reset/" in email.body


# --- The admin --------------------------------------------------------------------


def test_an_administrator_sees_and_changes_her_language(admin_client, learner):
    url = reverse("wagtailusers_users:edit", args=[learner.pk])
    assertContains(admin_client.get(url), 'name="preferred_language"')
    response = admin_client.post(
        url,
        {
            "email": learner.email,
            "full_name": learner.full_name,
            "preferred_language": "cy",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.preferred_language == "cy"


def test_a_link_made_in_english_reaches_a_welsh_learner_in_welsh(dysgwr):
    """The caller built the link in the task's language (English): she gets
    the Welsh page."""
    emails.send_once(
        kind="answers_marked",
        object_id=7,
        to=dysgwr.email,
        subject="-",
        template="quizzes/email/attempt_marked",
        context={
            "recipient": dysgwr,
            "attempt": {"quiz": {"title": "Diogelwch"}},
            "url": emails.absolute_url("/quizzes/attempts/7/"),
            "optional": True,
        },
    )
    [email] = mail.outbox
    assert "http://127.0.0.1:8000/cy/quizzes/attempts/7/" in email.body
    assert "http://127.0.0.1:8000/quizzes/attempts/7/" not in email.body
