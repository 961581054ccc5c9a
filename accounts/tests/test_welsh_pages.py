"""The pages of accounts, privacy and support read in Welsh under /cy/, their
messages and errors included (Django's own password checks among them)."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "welsh", "english"),
    [
        ("/cy/accounts/sign-in/", "Wedi anghofio eich cyfrinair?", "Forgotten"),
        ("/cy/accounts/sign-up/", "Creu cyfrif", "Tell us your name"),
        ("/cy/accounts/password-reset/", "Anfon y ddolen", "Send the link"),
        ("/cy/accounts/sign-up/sent/", "Edrychwch ar eich e-bost", "Check your"),
        ("/cy/support/", "Mewn argyfwng", "In an emergency"),
    ],
)
def test_public_pages_read_in_welsh(client, url, welsh, english):
    response = client.get(url)
    assertContains(response, welsh)
    assertNotContains(response, english)


@pytest.mark.parametrize(
    ("url", "welsh", "english"),
    [
        ("/cy/my-data/", "Am ba hyd rydym yn ei gadw", "How long we keep it"),
        ("/cy/my-data/view/", "Popeth sydd gennym amdanoch", "Everything we hold"),
        ("/cy/my-data/erase/", "Cadw fy nghyfrif a mynd yn ôl", "What happens"),
        ("/cy/accounts/notifications/", "Hysbysiadau e-bost", "Email notif"),
    ],
)
def test_her_own_pages_read_in_welsh(learner_client, url, welsh, english):
    response = learner_client.get(url)
    assertContains(response, welsh)
    assertNotContains(response, english)


def test_sign_up_errors_are_welsh(client):
    response = client.post("/cy/accounts/sign-up/", {"full_name": "", "email": "x"})
    assertContains(response, "Rhowch eich enw llawn")
    assertContains(response, "Rhowch gyfeiriad e-bost yn y fformat cywir")


def test_a_short_password_is_refused_in_welsh(client):
    """Django's own password check, which its Welsh catalogue lacks."""
    from django.core import mail

    client.post(
        "/cy/accounts/sign-up/", {"full_name": "Nia Evans", "email": "nia@example.org"}
    )
    link = next(
        word for word in mail.outbox[0].body.split() if "/accounts/sign-up/" in word
    )
    response = client.post(link, {"password1": "short", "password2": "short"})
    assertContains(response, "Mae'r cyfrinair hwn yn rhy fyr".replace("'", "&#x27;"))


def test_a_wrong_password_is_answered_in_welsh(client, learner):
    response = client.post(
        "/cy/accounts/sign-in/", {"username": learner.email, "password": "wrong"}
    )
    assertContains(response, "Nid oedd y cyfeiriad e-bost na&#x27;r cyfrinair")
