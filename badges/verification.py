"""Checking a credential as any verifier would, from the published DID document
and status list only (served here from the database instead of over HTTPS)."""

from __future__ import annotations

import datetime
import enum
import json
from dataclasses import dataclass, field

import jwt
from django.utils.translation import gettext as _
from openbadgeslib.errors import LibOpenBadgesException
from openbadgeslib.ob3 import (
    OB3VerificationError,
    OB3Verifier,
    OpenBadgeCredential,
    check_credential_status,
)
from openbadgeslib.ob3.did import fetch_did_web_document, pem_for_kid

from . import identity, status

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class State(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    INVALID = "invalid"


@dataclass
class Verdict:
    state: State
    reason: str = ""
    payload: dict = field(default_factory=dict)

    @property
    def achievement(self) -> dict:
        subject = self.payload.get("credentialSubject") or {}
        if isinstance(subject, list):
            subject = subject[0] if subject else {}
        return subject.get("achievement") or {}

    def _moment(self, name: str) -> datetime.datetime | None:
        try:
            return datetime.datetime.fromisoformat(self.payload[name])
        except (KeyError, TypeError, ValueError):
            return None

    @property
    def valid_from(self) -> datetime.datetime | None:
        return self._moment("validFrom")

    @property
    def valid_until(self) -> datetime.datetime | None:
        return self._moment("validUntil")

    @property
    def evidence_url(self) -> str | None:
        evidence = self.payload.get("evidence") or []
        first = evidence[0] if isinstance(evidence, list) and evidence else {}
        url = first.get("id") if isinstance(first, dict) else None
        # Only a link to our own site is shown as a link.
        if isinstance(url, str) and url.startswith(identity.base_url() + "/"):
            return url
        return None


def published(url: str) -> bytes:
    """What our site serves at a URL a verifier fetches: the DID document and the
    status list. Anything else is refused, so nothing leaves the machine."""
    if url == identity.did_document_url():
        return json.dumps(identity.did_document()).encode()
    if url == identity.status_list_url():
        return status.status_list_token().encode()
    raise OB3VerificationError(f"Not published by this site: {url}")


def token_from_png(data: bytes) -> str:
    """The credential baked into a PNG badge (iTXt `openbadgecredential`)."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(_("This file is not a PNG image."))
    try:
        return OB3Verifier.extract_token_from_png(data)
    except (LibOpenBadgesException, ValueError) as error:
        raise ValueError(
            _("This image does not hold an Open Badges credential.")
        ) from error


def _signed_by_us(token: str, header: dict, download) -> None:
    """The signature, against the key the header names in our published DID
    document; dates are judged afterwards, so an expired credential is still
    recognised as ours."""
    document = fetch_did_web_document(identity.did(), download)
    key = pem_for_kid(document, identity.did(), header.get("kid"))
    jwt.decode(
        token,
        key,
        algorithms=["EdDSA"],
        options={"verify_exp": False, "verify_nbf": False, "verify_aud": False},
    )


def verify(token: str, *, download=published) -> Verdict:
    """Valid, expired, withdrawn, or invalid with the reason."""
    token = "".join(token.split())
    try:
        header = jwt.get_unverified_header(token)
        payload = jwt.decode(token, options={"verify_signature": False})
    except (jwt.InvalidTokenError, ValueError):
        return Verdict(
            State.INVALID,
            _("This is not a credential we can read: check you copied all of it."),
        )
    if not isinstance(payload, dict) or payload.get("iss") != identity.did():
        return Verdict(
            State.INVALID,
            _("This credential was not issued by Kairos, so we cannot check it here."),
        )
    try:
        _signed_by_us(token, header, download)
    except (jwt.InvalidTokenError, OB3VerificationError):
        return Verdict(
            State.INVALID,
            _(
                "Its signature does not match our published keys: it has been "
                "changed since we issued it, or it was not signed by us."
            ),
        )
    verifier = OB3Verifier.for_issuer_did(identity.did(), download=download)
    try:
        verifier.verify(token, check_status=True, download=download)
    except OB3VerificationError as error:
        return _judge(error, payload, download)
    except (LibOpenBadgesException, ValueError, TypeError) as error:
        return Verdict(
            State.INVALID,
            _("It is not a valid Open Badges credential: %(reason)s")
            % {"reason": error},
            payload=payload,
        )
    return Verdict(State.VALID, payload=payload)


def _judge(error: OB3VerificationError, payload: dict, download) -> Verdict:
    message = str(error)
    if message.startswith("Credential status"):
        return Verdict(State.WITHDRAWN, payload=payload)
    if isinstance(error.__cause__, jwt.ExpiredSignatureError) or message.startswith(
        "Credential has expired"
    ):
        # Withdrawn says more than expired: look at the status too.
        try:
            check_credential_status(
                OpenBadgeCredential.from_jwt_payload(payload), download=download
            )
        except OB3VerificationError as status_error:
            if str(status_error).startswith("Credential status"):
                return Verdict(State.WITHDRAWN, payload=payload)
        return Verdict(State.EXPIRED, payload=payload)
    return Verdict(
        State.INVALID,
        _("It is not a valid Open Badges credential: %(reason)s") % {"reason": message},
        payload=payload,
    )
