"""Every public form follows the GOV.UK error pattern: an error summary at the
top (role="alert", focusable, focused on load, "There is a problem", a link to
each field), messages written for people, each field's error tied to it with
aria-describedby, and autocomplete attributes for what she is asked about
herself."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = (
    "This field is required",
    "Enter a valid email address",
    "didn’t match",
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def inputs(content: str) -> dict[str, str]:
    return {
        re.search(r'name="([^"]+)"', tag).group(1): tag
        for tag in re.findall(r"<input[^>]*>", content)
        if 'name="' in tag
    }


def assert_error_summary(
    content: str, links: dict[str, str], *, about_fields: bool = True
) -> None:
    """The summary is there, focusable and focused, and links each field id to
    its message; each field names its error in aria-describedby (unless the
    errors are about the form as a whole)."""
    summary = re.search(r'<div class="error-summary"[^>]*>', content)
    assert summary, "no error summary"
    tag = summary.group(0)
    assert 'role="alert"' in tag
    assert 'tabindex="-1"' in tag
    assert "autofocus" in tag
    assert "data-error-summary" in tag
    assert ">There is a problem</h2>" in content
    assert "js/error-summary.js" in content
    assert content.count("autofocus") == 1, "only the summary takes focus"
    for field_id, message in links.items():
        assert f'<a href="#{field_id}">{message}</a>' in content
    fields = inputs(content) if about_fields else {}
    for field_id in links:
        name = field_id.removeprefix("id_")
        if name in fields:
            assert f"{field_id}_error" in fields[name], name
            assert f'id="{field_id}_error"' in content
    for default in DJANGO_DEFAULTS:
        assert default not in content


def sign_up_confirm_url(client) -> str:
    client.post(
        reverse("accounts:sign_up"),
        {"full_name": "Jo Patel", "email": "jo@example.org"},
    )
    return re.search(r"https?://[^/\s]+(/accounts/sign-up/\S+/)", mail.outbox[-1].body)[
        1
    ]


def reset_confirm_url(client) -> str:
    UserFactory(email="leah@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "leah@example.org"})
    body = mail.outbox[-1].body
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", body)[1]
    return client.get(link, follow=True).redirect_chain[-1][0]


# Sign-up, sign-in, password reset --------------------------------------------------


def test_sign_up(client):
    url = reverse("accounts:sign_up")
    fields = inputs(client.get(url).content.decode())
    assert 'autocomplete="name"' in fields["full_name"]
    assert 'autocomplete="email"' in fields["email"]

    empty = client.post(url, {}).content.decode()
    assert_error_summary(
        empty,
        {
            "id_full_name": "Enter your full name",
            "id_email": "Enter your email address",
        },
    )
    badly_formed = client.post(
        url, {"full_name": "Jo", "email": "jo.patel@probation"}
    ).content.decode()
    assert_error_summary(
        badly_formed,
        {
            "id_email": "Enter an email address in the correct format, like "
            "name@example.com"
        },
    )


def test_sign_up_confirm(client):
    url = sign_up_confirm_url(client)
    fields = inputs(client.get(url).content.decode())
    assert 'autocomplete="new-password"' in fields["password1"]
    assert 'autocomplete="new-password"' in fields["password2"]

    assert_error_summary(
        client.post(url, {}).content.decode(),
        {
            "id_password1": "Enter a password",
            "id_password2": "Enter the password again, to confirm it",
        },
    )
    mismatched = client.post(
        url, {"password1": "a-long-passphrase-2026", "password2": "another-one-2026"}
    ).content.decode()
    assert_error_summary(
        mismatched,
        {"id_password2": "The passwords do not match. Enter the same password twice."},
    )


def test_sign_in(client):
    url = reverse("accounts:login")
    page = client.get(url).content.decode()
    fields = inputs(page)
    assert 'autocomplete="email"' in fields["username"]
    assert 'type="email"' in fields["username"]
    assert 'autocomplete="current-password"' in fields["password"]

    assert_error_summary(
        client.post(url, {}).content.decode(),
        {
            "id_username": "Enter your email address",
            "id_password": "Enter your password",
        },
    )
    wrong = client.post(
        url, {"username": "nobody@example.org", "password": "not-the-password"}
    ).content.decode()
    assert_error_summary(
        wrong,
        {
            "id_username": "The email address or password was not right. Check "
            "them and try again."
        },
        about_fields=False,
    )


def test_password_reset(client):
    url = reverse("accounts:password_reset")
    assert 'autocomplete="email"' in inputs(client.get(url).content.decode())["email"]
    assert_error_summary(
        client.post(url, {}).content.decode(),
        {"id_email": "Enter your email address"},
    )
    assert_error_summary(
        client.post(url, {"email": "leah@"}).content.decode(),
        {
            "id_email": "Enter an email address in the correct format, like "
            "name@example.com"
        },
    )


def test_password_reset_confirm(client):
    url = reset_confirm_url(client)
    fields = inputs(client.get(url).content.decode())
    assert 'autocomplete="new-password"' in fields["new_password1"]
    assert_error_summary(
        client.post(url, {}).content.decode(),
        {
            "id_new_password1": "Enter a password",
            "id_new_password2": "Enter the password again, to confirm it",
        },
    )


# Other public and learner forms ------------------------------------------------------


def test_join_code(client, learner):
    client.force_login(learner)
    url = reverse("agencies:join")
    assert_error_summary(
        client.post(url, {}).content.decode(),
        {"id_code": "Enter the join code your manager gave you"},
    )
    wrong = client.post(url, {"code": "WRONG123"}).content.decode()
    assert_error_summary(
        wrong,
        {
            "id_code": "That join code does not match any agency. Check it with your "
            "manager."
        },
    )


def test_certificate_check(client):
    assert_error_summary(
        client.post(reverse("certificates:verify_reference"), {}).content.decode(),
        {
            "id_reference": "Enter the reference printed on the certificate",
            "id_surname": "Enter the learner&#x27;s surname",
        },
    )


def test_no_errors_no_summary(client):
    page = client.get(reverse("accounts:sign_up")).content.decode()
    assert "error-summary" not in page
    assert "aria-invalid" not in page
