"""Every demo credential, checked offline as an outside verifier would: with
only the published DID document and status list, fetched from the site."""

from urllib.parse import urlsplit

import jsonschema
import jwt
import pytest
from django.core.management import call_command
from django.urls import reverse
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from badges import identity
from badges.models import Credential
from badges.tests.test_conformance import SCHEMA
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


def test_every_demo_credential_verifies_from_what_the_site_publishes(
    demo, fetch, client
):
    credentials = Credential.objects.select_related("certificate__user")
    hers = credentials.get(
        certificate__user__email="learner@kairos.test",
        certificate__revoked_at__isnull=True,
    )
    verifier = OB3Verifier.for_issuer_did(identity.did(), download=fetch)

    # openbadgeslib, on its own, from the DID document and the status list:
    restored = verifier.verify(hers.token, check_status=True, download=fetch)
    assert restored.achievement.name == hers.certificate.course_title
    # 1EdTech's JSON Schema:
    jsonschema.validate(
        jwt.decode(hers.token, options={"verify_signature": False}),
        SCHEMA,
        cls=jsonschema.Draft201909Validator,
        format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER,
    )

    # She downloads it from My certificates.
    client.force_login(hers.certificate.user)
    download = client.get(reverse("badges:jwt", args=[hers.certificate_id]))
    assert download.content.decode() == hers.token
    client.logout()

    for credential in credentials:
        status = credential.certificate.status
        assert verify(credential.token, download=fetch).state == EXPECTED[status]
        if status == "valid":
            verifier.verify(credential.token, check_status=True, download=fetch)
        else:
            with pytest.raises(OB3VerificationError):
                verifier.verify(credential.token, check_status=True, download=fetch)


def test_revoking_her_certificate_in_the_admin_flips_the_status_list(
    demo, client, fetch
):
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from openbadgeslib.ob3 import decode_encoded_list, set_indices

    from badges import status

    hers = Credential.objects.get(
        certificate__user__email="learner@kairos.test",
        certificate__revoked_at__isnull=True,
    )
    assert hers.status_index not in status.withdrawn_indices()
    assert verify(hers.token, download=fetch).state == "valid"

    client.force_login(get_user_model().objects.get(email="trainer@kairos.test"))
    response = client.post(
        reverse("certificates_admin:revoke", args=[hers.certificate_id]),
        {"reason": "Completed by someone else"},
    )
    assert response.status_code == 302
    client.logout()

    published = fetch(identity.status_list_url())
    payload = jwt.decode(published, options={"verify_signature": False})
    bits = set_indices(decode_encoded_list(payload["credentialSubject"]["encodedList"]))
    assert hers.status_index in bits
    assert verify(hers.token, download=fetch).state == "withdrawn"
