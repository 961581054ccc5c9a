"""Every credential we issue against 1EdTech's published JSON Schema (vendored in
badges/schemas with its licence), and the checks a verifier makes."""

import datetime
import json
from pathlib import Path

import jsonschema
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import override_settings

from badges import credentials, identity, keys
from badges.verification import State, verify
from certificates import services as certificate_services
from privacy import services as privacy_services

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (
        Path(__file__).parent.parent
        / "schemas"
        / "ob_v3p0_achievementcredential_schema.json"
    ).read_text()
)


def payload_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_the_vendored_schema_is_itself_valid():
    jsonschema.Draft201909Validator.check_schema(SCHEMA)


def test_her_credential_passes_the_1edtech_schema(certificate):
    validator = jsonschema.Draft201909Validator(
        SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(payload_of(certificate.badge_credential.token))
    ]
    assert errors == []


def test_the_schema_catches_a_broken_credential(certificate):
    payload = payload_of(certificate.badge_credential.token)
    del payload["credentialSubject"]["achievement"]["criteria"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, SCHEMA, cls=jsonschema.Draft201909Validator)


def test_a_credential_as_issued_is_valid(certificate):
    verdict = verify(certificate.badge_credential.token)

    assert verdict.state == State.VALID
    assert verdict.achievement["name"] == certificate.course_title


def tampered(token: str, change) -> str:
    """The same header and signature around a changed payload."""
    header, _payload, signature = token.split(".")
    payload = payload_of(token)
    change(payload)
    body = jwt.utils.base64url_encode(
        json.dumps(payload, separators=(",", ":")).encode()
    ).decode()
    return f"{header}.{body}.{signature}"


def _rename(payload):
    payload["credentialSubject"]["achievement"]["name"] = "Advanced safeguarding"


def _other_course(payload):
    payload["credentialSubject"]["achievement"]["id"] = "urn:uuid:0000"


def _later_expiry(payload):
    payload["validUntil"] = "2099-01-01T00:00:00Z"
    payload["exp"] = 4070908800


def _hours(payload):
    payload["credentialSubject"]["achievement"]["creditsAvailable"] = 40


@pytest.mark.parametrize("change", [_rename, _other_course, _later_expiry, _hours])
def test_a_changed_credential_fails(certificate, change):
    verdict = verify(tampered(certificate.badge_credential.token, change))

    assert verdict.state == State.INVALID
    assert "signature does not match" in verdict.reason


def test_a_credential_signed_by_another_key_fails(certificate):
    payload = payload_of(certificate.badge_credential.token)
    forged = jwt.encode(
        payload,
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": identity.verification_method(keys.signing_key())},
    )

    assert verify(forged).state == State.INVALID


def test_a_credential_naming_a_key_we_never_published_fails(certificate):
    payload = payload_of(certificate.badge_credential.token)
    forged = jwt.encode(
        payload,
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": identity.did() + "#someone-elses"},
    )

    assert verify(forged).state == State.INVALID


def test_a_credential_of_another_issuer_is_not_checked_here(certificate):
    payload = payload_of(certificate.badge_credential.token)
    payload["iss"] = payload["issuer"]["id"] = "did:web:elsewhere.example"
    token = jwt.encode(payload, Ed25519PrivateKey.generate(), algorithm="EdDSA")

    verdict = verify(token)
    assert verdict.state == State.INVALID
    assert "not issued by Kairos" in verdict.reason


@pytest.mark.parametrize("garbage", ["", "hello", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_garbage_is_invalid_with_a_reason(garbage):
    verdict = verify(garbage)
    assert verdict.state == State.INVALID
    assert verdict.reason


def test_revoking_her_certificate_withdraws_the_credential(certificate, trainer):
    token = certificate.badge_credential.token

    certificate_services.revoke(certificate=certificate, by=trainer, reason="Error")

    assert verify(token).state == State.WITHDRAWN


def test_an_expired_credential_says_expired(certificate):
    certificate.expires_on = datetime.date(2020, 1, 31)
    payload = credentials.build(
        certificate,
        credential_id="urn:uuid:6f1d7c3a-9a3b-4d59-9d7b-1f0f6b9b1e11",
        status_index=certificate.badge_credential.status_index,
        email="leah@example.org",
    )

    assert verify(credentials.sign(payload)).state == State.EXPIRED


def test_an_expired_and_revoked_credential_says_withdrawn(certificate, trainer):
    certificate.expires_on = datetime.date(2020, 1, 31)
    payload = credentials.build(
        certificate,
        credential_id="urn:uuid:6f1d7c3a-9a3b-4d59-9d7b-1f0f6b9b1e12",
        status_index=certificate.badge_credential.status_index,
        email="leah@example.org",
    )
    certificate_services.revoke(certificate=certificate, by=trainer, reason="Error")

    assert verify(credentials.sign(payload)).state == State.WITHDRAWN


def test_erasing_her_account_withdraws_and_deletes_her_credentials(
    certificate, learner
):
    token = certificate.badge_credential.token

    privacy_services.erase_account(learner, reason="She asked", actor=learner)

    certificate.badge_credential.refresh_from_db()
    assert certificate.badge_credential.token == ""
    assert certificate.badge_credential.withdrawn_at is not None
    assert verify(token).state == State.WITHDRAWN


def test_after_a_key_rotation_old_credentials_still_verify(certificate):
    old_token = certificate.badge_credential.token
    old_pem = keys.signing_key().private_pem.decode()

    with override_settings(BADGES_SIGNING_KEYS=keys.generate_pem() + old_pem):
        new_key, old_key = keys.all_keys()
        assert old_key.private_key is not None
        document = identity.did_document()
        assert [m["id"] for m in document["verificationMethod"]] == [
            identity.verification_method(new_key),
            identity.verification_method(old_key),
        ]
        assert verify(old_token).state == State.VALID
        fresh = credentials.sign(payload_of(old_token))
        assert jwt.get_unverified_header(fresh)["kid"].endswith(new_key.kid)
        assert verify(fresh).state == State.VALID


def test_a_retired_key_can_be_published_without_its_private_half(certificate):
    old_token = certificate.badge_credential.token
    old_public = keys.signing_key().public_pem.decode()

    with override_settings(BADGES_SIGNING_KEYS=keys.generate_pem() + old_public):
        assert verify(old_token).state == State.VALID


def test_keys_must_start_with_a_private_key():
    public = keys.all_keys()[0].public_pem.decode()
    with pytest.raises(Exception, match="must be a private key"):
        keys.parse(public)
