"""Every demo credential, checked offline as an outside verifier would: with
only the published DID document and status list, fetched from the site."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from badges import identity
from badges.models import Credential
from badges.verification import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    # The certificate is issued when her completion commits, as on the site.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=None)


@pytest.fixture
def fetch(client):
    def fetch(url: str) -> bytes:
        # What a verifier downloads, answered by the site itself (no network).
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return response.content

    return fetch


EXPECTED = {"valid": "valid", "expired": "expired", "revoked": "withdrawn"}


def test_every_demo_credential_verifies_from_what_the_site_publishes(demo, fetch):
    credentials = Credential.objects.select_related("certificate__user")
    hers = credentials.get(
        certificate__user__email="learner@kairos.test",
        certificate__revoked_at__isnull=True,
    )
    verifier = OB3Verifier.for_issuer_did(identity.did(), download=fetch)

    # openbadgeslib, on its own, from the DID document and the status list:
    restored = verifier.verify(hers.token, check_status=True, download=fetch)
    assert restored.achievement.name == hers.certificate.course_title

    for credential in credentials:
        status = credential.certificate.status
        assert verify(credential.token, download=fetch).state == EXPECTED[status]
        if status == "valid":
            verifier.verify(credential.token, check_status=True, download=fetch)
        else:
            with pytest.raises(OB3VerificationError):
                verifier.verify(credential.token, check_status=True, download=fetch)
