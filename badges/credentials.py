"""An Open Badges 3.0 OpenBadgeCredential for a certificate, signed as a JWT-VC.

openbadgeslib builds the credential (its dataclasses follow the 1EdTech data
model); we add the course version to the achievement and sign the payload with
PyJWT ourselves only to put the key's id (`kid`, a verification method of our
DID document) in the JOSE header: openbadgeslib's signer embeds the public key
instead, and a verifier resolving our did:web then could not tell which of
several published keys signed an old credential after a rotation.
"""

from __future__ import annotations

import datetime
import secrets
import uuid

import jwt
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from openbadgeslib.ob3 import (
    Achievement,
    Evidence,
    IdentityObject,
    OpenBadgeCredential,
    Result,
    ResultDescription,
    status_entry,
)

from . import identity, keys

# Credential text is data, kept in English whatever her language: wallets and
# registers read it, and the signature covers it.
CRITERIA_INTRO = (
    "Awarded for completing every lesson of the course and passing its quizzes "
    "on Kairos Learning."
)


def _achievement_id(certificate) -> str:
    key = (
        f"course:{certificate.course_id}"
        if certificate.course_id
        else (f"course-title:{certificate.course_title}")
    )
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, identity.base_url() + '/' + key)}"


def _criteria(course) -> str:
    outcomes = [
        str(block.value).strip()
        for block in (course.learning_outcomes if course else [])
        if str(block.value).strip()
    ]
    if not outcomes:
        return CRITERIA_INTRO
    listed = "\n".join(f"- {outcome}" for outcome in outcomes)
    return f"{CRITERIA_INTRO} By the end the learner is able to:\n{listed}"


def course_version(certificate) -> str | None:
    completion = certificate.completion
    if completion is None:
        return None
    return f"{completion.version_label} ({completion.short_fingerprint})"


def valid_until(certificate) -> datetime.datetime | None:
    """A certificate is valid through its expiry day (Certificate.status), so the
    credential is valid until the start of the next day, local time."""
    if certificate.expires_on is None:
        return None
    next_day = certificate.expires_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def verification_url(certificate) -> str:
    return identity.absolute(
        reverse("certificates:verify", kwargs={"token": certificate.token})
    )


def build(certificate, *, credential_id: str, status_index: int, email: str) -> dict:
    """The JWT payload (the credential itself, OB 3.0 §8.2.4.1) for a certificate.
    Her email is present only as a salted SHA-256 hash."""
    course = certificate.course
    achievement_id = _achievement_id(certificate)
    cpd_hours = float(certificate.cpd_hours)
    cpd = ResultDescription(
        id=f"{achievement_id}:cpd-hours",
        name="CPD hours",
        result_type="ext:CPDHours",
    )
    achievement = Achievement(
        id=achievement_id,
        name=certificate.course_title,
        description=(course.summary if course else "") or certificate.course_title,
        criteria_narrative=_criteria(course),
        image_url=identity.absolute(static("badges/badge.png")),
        achievement_type="CertificateOfCompletion",
        credits_available=cpd_hours,
        result_descriptions=[cpd],
    )
    credential = OpenBadgeCredential(
        id=credential_id,
        issuer=identity.issuer(),
        recipient_id=None,
        identifiers=[
            IdentityObject.create(email.strip().lower(), salt=secrets.token_hex(16))
        ],
        achievement=achievement,
        name=certificate.course_title,
        issuance_date=certificate.issued_at,
        expiration_date=valid_until(certificate),
        evidence=[
            Evidence(
                id=verification_url(certificate),
                name=f"Kairos certificate {certificate.reference}",
                description="The certificate's own page, where anyone can check it.",
            )
        ],
        credential_status=[
            status_entry(identity.status_list_url(), "revocation", status_index)
        ],
        credits_earned=cpd_hours,
        results=[Result(value=f"{cpd_hours:g}", result_description=cpd.id)],
    )
    payload = credential.to_jwt_payload()
    version = course_version(certificate)
    if version:
        payload["credentialSubject"]["achievement"]["version"] = version
    return payload


def sign(payload: dict, key: keys.SigningKey | None = None) -> str:
    key = key or keys.signing_key()
    return jwt.encode(
        payload,
        key.private_key,
        algorithm="EdDSA",
        headers={"kid": identity.verification_method(key)},
    )
