"""The link that finishes a sign-up: signed, so it needs no stored record, and
sent only to the address it names, so following it proves she reads that inbox.

It carries her name, her address and the page to return to; her password is
chosen after she follows it, so nobody can set up an account in her name with
a password of theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "accounts.sign-up"
MAX_AGE = timedelta(days=3)


@dataclass(frozen=True)
class SignUpDetails:
    full_name: str
    email: str
    next_url: str = ""


def sign_up_token(details: SignUpDetails) -> str:
    return signing.dumps(
        {"n": details.full_name, "e": details.email, "x": details.next_url},
        salt=SALT,
        compress=True,
    )


def read_sign_up_token(token: str) -> SignUpDetails | None:
    """The details in a sign-up link, or None when it is altered or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return SignUpDetails(
        full_name=str(data.get("n", "")),
        email=str(data.get("e", "")),
        next_url=str(data.get("x", "")),
    )


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def sign_up_url(details: SignUpDetails) -> str:
    return absolute(
        reverse("accounts:sign_up_confirm", kwargs={"token": sign_up_token(details)})
    )
