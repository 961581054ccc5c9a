import datetime
import hashlib
import json

import jwt
import pytest
from openbadgeslib.ob3 import OB3Verifier

from badges import identity, services
from badges.models import Credential
from badges.verification import published
from certificates import services as certificate_services

pytestmark = pytest.mark.django_db


def payload_of(credential):
    return jwt.decode(credential.token, options={"verify_signature": False})


def test_the_certificate_task_issues_her_credential(certificate):
    credential = certificate.badge_credential

    payload = payload_of(credential)
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["id"] == credential.urn == payload["jti"]
    assert payload["issuer"]["id"] == identity.did() == payload["iss"]
    achievement = payload["credentialSubject"]["achievement"]
    assert achievement["name"] == "Responding to exploitation"
    assert achievement["creditsAvailable"] == 2.5
    assert achievement["version"].endswith(
        f"({certificate.completion.short_fingerprint})"
    )
    assert payload["credentialSubject"]["result"][0]["value"] == "2.5"


def test_her_email_is_only_there_hashed_with_a_salt(certificate, learner):
    token = certificate.badge_credential.token
    decoded = json.dumps(payload_of(certificate.badge_credential))
    assert learner.email not in decoded
    assert learner.email not in token
    (identifier,) = payload_of(certificate.badge_credential)["credentialSubject"][
        "identifier"
    ]
    salted = (learner.email.lower() + identifier["salt"]).encode()
    assert identifier == {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": "sha256$" + hashlib.sha256(salted).hexdigest(),
        "identityType": "emailAddress",
        "salt": identifier["salt"],
    }


def test_dates_and_evidence_match_the_certificate(certificate):
    payload = payload_of(certificate.badge_credential)
    valid_from = datetime.datetime.fromisoformat(payload["validFrom"])
    assert abs(valid_from - certificate.issued_at) < datetime.timedelta(seconds=1)
    valid_until = datetime.datetime.fromisoformat(payload["validUntil"])
    assert (
        valid_until.astimezone(datetime.timezone(datetime.timedelta(0))).date()
        >= certificate.expires_on
    )
    assert payload["evidence"][0]["id"] == certificate_services.verification_url(
        certificate
    )


def test_round_trip_with_openbadgeslib_from_the_did_document(certificate):
    verifier = OB3Verifier.for_issuer_did(identity.did(), download=published)

    restored = verifier.verify(
        certificate.badge_credential.token, check_status=True, download=published
    )

    assert restored.achievement.name == certificate.course_title
    assert restored.issuer.id == identity.did()


def test_issuing_again_returns_the_same_credential(certificate):
    assert services.issue_for_certificate(certificate) == certificate.badge_credential
    assert Credential.objects.count() == 1


def test_a_reissue_gets_a_new_credential(
    certificate, trainer, django_capture_on_commit_callbacks
):
    old = certificate.badge_credential

    with django_capture_on_commit_callbacks(execute=True):
        replacement = certificate_services.reissue(
            certificate=certificate, by=trainer, reason="Name corrected"
        )

    replacement.refresh_from_db()
    new = replacement.badge_credential
    assert new.pk != old.pk
    assert new.status_index != old.status_index


def test_backfill_issues_for_certificates_without_one(certificate):
    certificate.badge_credential.delete()

    assert services.issue_missing() == 1
    assert services.issue_missing() == 0
