"""Nobody can learn whether an address has an account: every public place
that takes an address answers the same for one that has an account and one
that does not."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agencies.models import Agency, Invitation

pytestmark = pytest.mark.django_db

KNOWN = "leah@example.org"
UNKNOWN = "nobody-here@example.org"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def holder(db):
    return UserFactory(email=KNOWN, full_name="Leah Morgan")


def seen(response, *typed) -> tuple:
    """What the person at the keyboard sees: status, where she is sent, which
    cookies are set, and the page with what she typed and the form's token
    taken out."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    for value in typed:
        text = text.replace(value, "TYPED").replace(value.upper(), "TYPED")
    return (
        response.status_code,
        response.get("Location"),
        sorted(response.cookies.keys()),
        text,
    )


def both(client_factory, send):
    """`send(client, address)` for the address with an account and without,
    each from a fresh client."""
    return [send(client_factory(), address) for address in (KNOWN, UNKNOWN)]


@pytest.fixture
def new_client():
    return Client


def test_sign_up(holder, new_client):
    def send(client, address):
        first = client.post(
            reverse("accounts:sign_up"), {"full_name": "Jo Patel", "email": address}
        )
        return seen(first, address), seen(client.get(first["Location"]), address)

    known, unknown = both(new_client, send)
    assert known == unknown
    assert known[0][1] == reverse("accounts:sign_up_sent")
    # Each address got one email; only its reader learns which kind.
    assert sorted(m.to[0] for m in mail.outbox) == [KNOWN, UNKNOWN]


def test_sign_in(holder, new_client):
    def send(client, address):
        return seen(
            client.post(
                reverse("accounts:login"),
                {"username": address, "password": "not-the-password"},
            ),
            address,
        )

    known, unknown = both(new_client, send)
    assert known == unknown
    assert known[0] == 200


def test_password_reset(holder, new_client):
    def send(client, address):
        first = client.post(reverse("accounts:password_reset"), {"email": address})
        return seen(first, address), seen(client.get(first["Location"]), address)

    known, unknown = both(new_client, send)
    assert known == unknown
    assert known[0][0] == 302


def test_invitation_acceptance(holder, new_client):
    """An invitation's page offers the invited address's owner the right way in
    (sign in, or create an account), which says whether the address has an
    account: only its reader has the emailed link, so only she learns it.
    Nobody can use an invitation to ask about any other address: what is
    posted as the address is never read, and a made-up link answers the same
    for everyone."""
    agency = Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )
    mine = Invitation.objects.create(
        agency=agency,
        email="asker@example.org",
        full_name="Asker",
        expires_at=timezone.now() + timedelta(days=7),
    )
    url = reverse("agencies:accept_invitation", args=[mine.token])

    def send(client, address):
        return seen(
            client.post(
                url,
                {
                    "full_name": "Asker",
                    "email": address,
                    "username": address,
                    "password1": "x",
                    "password2": "y",
                    "password": "not-the-password",
                },
            ),
            address,
        )

    known, unknown = both(new_client, send)
    assert known == unknown
    assert known[0] == 200

    def made_up(client, address):
        made_up_url = reverse("agencies:accept_invitation", args=[address])
        return seen(client.get(made_up_url), address)

    known, unknown = both(new_client, made_up)
    assert known == unknown
    assert known[0] == 404


def test_join_code(holder, new_client):
    """A join code names an agency, never an address: a wrong code gets the
    same answer whoever types it, invited or not."""
    agency = Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )
    Invitation.objects.create(
        agency=agency,
        email=KNOWN,
        full_name="Leah Morgan",
        expires_at=timezone.now() + timedelta(days=7),
    )
    newcomer = UserFactory(email=UNKNOWN, full_name="Leah Morgan")

    def send(client, address):
        client.force_login(holder if address == KNOWN else newcomer)
        return seen(
            client.post(reverse("agencies:join"), {"code": "WRONG123"}), address
        )

    known, unknown = both(new_client, send)
    assert known == unknown
    assert known[0] == 200
